export { createHttpApp, listenHttp, MAX_BODY_BYTES, type HttpApp } from './server.js';
