/** @pointer/server: the pipeline, stores, gateway and roles. */
export { startPointer, type PointerServer, type StartOptions } from './runtime/pointer-server.js';
export { ModuleRunner, type ModuleReadiness } from './runtime/runner.js';
export { resolveModules } from './runtime/resolve.js';
export { ServiceKey, SharedServices } from './runtime/services.js';
export type { ModuleContext, ModuleDefinition, RunningModule } from './runtime/module.js';
export { defaultModules } from './roles/registry.js';
export {
  loadConfig,
  validateConfig,
  configSchema,
  ROLE_NAMES,
  ENV_BINDINGS,
  CONFIG_FILE_ENV,
  type PointerConfig,
  type PointerConfigInput,
  type RoleName,
} from './config/index.js';
export { ERROR_CODES, PtrError, ptrError, isPtrError, asPtrError, type ErrorCode } from './errors/index.js';
export { createLogger, silentLogger, type Logger } from './log/index.js';
export { VERSION } from './version.js';
export { openChdbConnection, openHttpConnection, RowBinaryWriter, CLICKHOUSE, type ClickHouseConnection, type ClickHouseFormat } from './store/clickhouse/index.js';
