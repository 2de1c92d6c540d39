/**
 * Environment variables that map onto config keys. This table is the only place Pointer reads
 * process.env for configuration; docs/configuration.md lists it. Values are strings; the
 * schema validates and converts them like any other source.
 */
export interface EnvBinding {
  env: string;
  path: readonly string[];
  kind: 'string' | 'number' | 'list';
}

export const ENV_BINDINGS: readonly EnvBinding[] = [
  { env: 'POINTER_DATA_DIR', path: ['dataDir'], kind: 'string' },
  { env: 'POINTER_ROLES', path: ['server', 'roles'], kind: 'list' },
  { env: 'POINTER_OTLP_GRPC_ADDR', path: ['otlp', 'grpcAddr'], kind: 'string' },
  { env: 'POINTER_OTLP_HTTP_ADDR', path: ['otlp', 'httpAddr'], kind: 'string' },
  { env: 'POINTER_GATEWAY_ADDR', path: ['gateway', 'addr'], kind: 'string' },
  { env: 'POINTER_AI_ADDR', path: ['ai', 'addr'], kind: 'string' },
  { env: 'POINTER_ADMIN_TOKEN', path: ['auth', 'adminToken'], kind: 'string' },
  { env: 'POINTER_JWT_SECRET', path: ['auth', 'jwt', 'secret'], kind: 'string' },
  { env: 'POINTER_JWKS_URL', path: ['auth', 'jwt', 'jwksUrl'], kind: 'string' },
  { env: 'POINTER_LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
  { env: 'POINTER_LOG_FORMAT', path: ['log', 'format'], kind: 'string' },
  { env: 'POINTER_BUS', path: ['bus', 'backend'], kind: 'string' },
  { env: 'POINTER_KAFKA_BROKERS', path: ['bus', 'kafkaBrokers'], kind: 'list' },
  { env: 'POINTER_CLICKHOUSE_URL', path: ['storage', 'traces', 'clickhouseUrl'], kind: 'string' },
  { env: 'POINTER_VICTORIAMETRICS_URL', path: ['storage', 'metrics', 'victoriaMetricsUrl'], kind: 'string' },
  { env: 'POINTER_POSTGRES_URL', path: ['storage', 'relational', 'postgresUrl'], kind: 'string' },
  { env: 'POINTER_NEO4J_URL', path: ['storage', 'topology', 'neo4jUrl'], kind: 'string' },
  { env: 'POINTER_REDIS_URL', path: ['storage', 'cache', 'redisUrl'], kind: 'string' },
];

/** The environment variable naming the config file. */
export const CONFIG_FILE_ENV = 'POINTER_CONFIG';

export function envToConfig(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const b of ENV_BINDINGS) {
    const raw = env[b.env];
    if (raw === undefined || raw === '') continue;
    const value = b.kind === 'list' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    setPath(out, b.path, value);
  }
  return out;
}

export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
