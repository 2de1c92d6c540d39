/**
 * The one configuration object. Every key has a default here (the embedded defaults) and a
 * description that `docs/configuration.md` is generated from. Objects are strict: unknown keys
 * are rejected with their path. Nothing else in Pointer reads process.env; see `env.ts` for the
 * environment variables that map onto these keys.
 */
import { z } from 'zod';
import { listenAddress } from './address.js';

export const ROLE_NAMES = ['ingest', 'processor', 'gateway', 'alerting', 'healing', 'topology', 'synthetics', 'ai'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|w|y)$/, 'expected a duration such as 15s, 5m, 7d');

const serverSection = z
  .strictObject({
    roles: z
      .array(z.enum([...ROLE_NAMES, 'all']))
      .min(1)
      .default(['all'])
      .describe('Roles this process runs. `all` runs every role (embedded mode).'),
    shutdownTimeoutMs: z.number().int().min(100).max(600_000).default(10_000).describe('Upper bound for graceful shutdown (stop accepting, flush, close).'),
  })
  .default({ roles: ['all'], shutdownTimeoutMs: 10_000 });

const otlpSection = z
  .strictObject({
    grpcAddr: listenAddress.default('127.0.0.1:4317').describe('OTLP/gRPC listen address.'),
    httpAddr: listenAddress.default('127.0.0.1:4318').describe('OTLP/HTTP listen address.'),
    maxRequestBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(16 * 1024 * 1024).describe('Largest accepted request body, measured after decompression.'),
  })
  .default({ grpcAddr: '127.0.0.1:4317', httpAddr: '127.0.0.1:4318', maxRequestBytes: 16 * 1024 * 1024 });

const gatewaySection = z
  .strictObject({
    addr: listenAddress.default('127.0.0.1:9080').describe('Gateway listen address (REST, GraphQL, WebSocket, compatibility APIs).'),
    maxRequestBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(16 * 1024 * 1024).describe('Largest accepted request body on the gateway.'),
  })
  .default({ addr: '127.0.0.1:9080', maxRequestBytes: 16 * 1024 * 1024 });

const aiSection = z
  .strictObject({
    addr: listenAddress.default('127.0.0.1:50051').describe('AI service gRPC listen address.'),
  })
  .default({ addr: '127.0.0.1:50051' });

const authSection = z
  .strictObject({
    adminToken: z
      .string()
      .min(16, 'the admin token must be at least 16 characters')
      .optional()
      .describe('Admin API token accepted as `Authorization: Bearer` on every API. If unset, one is generated at first start, stored hashed and printed once. Never logged.'),
  })
  .default({});

const storageSection = z
  .strictObject({
    traces: z
      .strictObject({
        backend: z.enum(['embedded', 'clickhouse']).default('embedded').describe('`embedded`: in-process ClickHouse engine (chDB) in the data dir; `clickhouse`: a ClickHouse server over HTTP.'),
        clickhouseUrl: z.url().optional().describe('ClickHouse HTTP URL when backend is `clickhouse`.'),
      })
      .default({ backend: 'embedded' }),
    metrics: z
      .strictObject({
        backend: z.enum(['embedded', 'victoriametrics']).default('embedded').describe('`embedded`: Pointer TSDB on the in-process engine; `victoriametrics`: a VictoriaMetrics server.'),
        victoriaMetricsUrl: z.url().optional().describe('VictoriaMetrics base URL when backend is `victoriametrics`.'),
      })
      .default({ backend: 'embedded' }),
    relational: z
      .strictObject({
        backend: z.enum(['sqlite', 'postgres']).default('sqlite').describe('Users, keys, rules, audit: SQLite file in the data dir, or PostgreSQL.'),
        postgresUrl: z.string().optional().describe('PostgreSQL connection string when backend is `postgres`. Never logged.'),
      })
      .default({ backend: 'sqlite' }),
    topology: z
      .strictObject({
        backend: z.enum(['embedded', 'neo4j']).default('embedded').describe('Service graph store.'),
        neo4jUrl: z.string().optional().describe('Bolt URL when backend is `neo4j`.'),
      })
      .default({ backend: 'embedded' }),
    cache: z
      .strictObject({
        backend: z.enum(['memory', 'redis']).default('memory').describe('Cache, rate limits, sessions and leases.'),
        redisUrl: z.string().optional().describe('Redis URL when backend is `redis`.'),
      })
      .default({ backend: 'memory' }),
  })
  .default({
    traces: { backend: 'embedded' },
    metrics: { backend: 'embedded' },
    relational: { backend: 'sqlite' },
    topology: { backend: 'embedded' },
    cache: { backend: 'memory' },
  });

const busSection = z
  .strictObject({
    backend: z.enum(['memory', 'kafka']).default('memory').describe('Bus between ingest and processors.'),
    kafkaBrokers: z.array(z.string()).optional().describe('Kafka bootstrap brokers when backend is `kafka`.'),
    topicPrefix: z.string().regex(/^[A-Za-z0-9._-]+$/).default('pointer').describe('Prefix of Kafka topic names.'),
  })
  .default({ backend: 'memory', topicPrefix: 'pointer' });

const retentionSection = z
  .strictObject({
    traces: duration.default('7d').describe('How long spans are kept.'),
    logs: duration.default('7d').describe('How long log records are kept.'),
    metrics: duration.default('30d').describe('How long metric samples are kept.'),
  })
  .default({ traces: '7d', logs: '7d', metrics: '30d' });

const logSection = z
  .strictObject({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Minimum level of Pointer\'s own log.'),
    format: z.enum(['text', 'json']).default('text').describe('`text` for people, `json` for log shippers.'),
  })
  .default({ level: 'info', format: 'text' });

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('./data').describe('Where embedded stores keep their files.'),
  server: serverSection,
  otlp: otlpSection,
  gateway: gatewaySection,
  ai: aiSection,
  auth: authSection,
  storage: storageSection,
  bus: busSection,
  retention: retentionSection,
  log: logSection,
});

export type PointerConfig = z.infer<typeof configSchema>;
/** The shape a user may write: everything optional. */
export type PointerConfigInput = z.input<typeof configSchema>;
