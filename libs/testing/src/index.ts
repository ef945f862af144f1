export { createTestEnv, type TestEnv } from './env.js';
export { hostAndPort, TcpProxy } from './proxy.js';
export { REPO_ROOT, spawnApp, type SpawnedApp } from './spawn.js';
