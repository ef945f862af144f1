export { describeAppProcess, type AppProcessSpec, type LoggedListener } from './app-suite.js';
export { createTestEnv, type TestEnv } from './env.js';
export { readGreeting } from './probes.js';
export { hostAndPort, TcpProxy } from './proxy.js';
export { REPO_ROOT, spawnApp, type SpawnedApp } from './spawn.js';
export { createSelfSignedCertificate, type TestCertificate } from './tls.js';
