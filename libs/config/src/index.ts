export {
  toConfig,
  type Config,
  type DeliveryConfig,
  type ListenConfig,
  type LogLevel,
} from './config.js';
export { CONFIG_FILE_VARIABLE, ConfigError, loadConfig, type ConfigSources } from './load.js';
export {
  LOG_LEVELS,
  VARIABLES,
  type Variable,
  type VariableName,
  type Variables,
} from './variables.js';
