export { configSchema, ROLE_NAMES, type RoleName, type PointerConfig, type PointerConfigInput } from './schema.js';
export { loadConfig, validateConfig, deepMerge, type LoadConfigOptions, type LoadedConfig } from './load.js';
export { ENV_BINDINGS, CONFIG_FILE_ENV, envToConfig, setPath, type EnvBinding } from './env.js';
export { listenAddress, parseAddress, isLoopbackHost, type HostPort } from './address.js';
export { parseDuration } from './duration.js';
