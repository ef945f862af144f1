export {
  closeContext,
  openContext,
  storeOf,
  type ServiceContext,
  type StoreHandles,
} from './context.js';
export { checkHealth, HEALTH_CHECK_TIMEOUT_MS, type Health } from './health.js';
export {
  runService,
  stopService,
  type Listener,
  type RunningServer,
  type ServiceDefinition,
} from './run.js';
