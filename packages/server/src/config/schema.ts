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
    maxInFlightBytes: z.number().int().min(1024).max(8 * 1024 * 1024 * 1024).default(256 * 1024 * 1024).describe('Decoded request bytes ingest holds at once (all protocols); beyond it requests get 503/UNAVAILABLE with Retry-After.'),
    maxInFlightRequests: z.number().int().min(1).max(100_000).default(512).describe('Ingest requests being decoded or awaiting durability at once; beyond it requests get 503/UNAVAILABLE with Retry-After.'),
    retryAfterSeconds: z.number().int().min(1).max(3600).default(1).describe('Retry-After (HTTP) / RetryInfo delay (gRPC) sent when ingest is overloaded.'),
    limits: z
      .strictObject({
        maxAttributesPerItem: z.number().int().min(1).max(65_536).default(128).describe('Attributes kept per span, event, link, log record, resource or scope; the rest are dropped and counted in dropped_attributes_count.'),
        maxAttributeValueLength: z.number().int().min(1).max(16 * 1024 * 1024).default(16 * 1024).describe('Longest string attribute value kept; longer values are truncated.'),
        maxEventsPerSpan: z.number().int().min(0).max(65_536).default(128).describe('Events kept per span; the rest are counted in dropped_events_count.'),
        maxLinksPerSpan: z.number().int().min(0).max(65_536).default(128).describe('Links kept per span; the rest are counted in dropped_links_count.'),
      })
      .default({ maxAttributesPerItem: 128, maxAttributeValueLength: 16 * 1024, maxEventsPerSpan: 128, maxLinksPerSpan: 128 }),
  })
  .default({
    grpcAddr: '127.0.0.1:4317',
    httpAddr: '127.0.0.1:4318',
    maxRequestBytes: 16 * 1024 * 1024,
    maxInFlightBytes: 256 * 1024 * 1024,
    maxInFlightRequests: 512,
    retryAfterSeconds: 1,
    limits: { maxAttributesPerItem: 128, maxAttributeValueLength: 16 * 1024, maxEventsPerSpan: 128, maxLinksPerSpan: 128 },
  });

const gatewaySection = z
  .strictObject({
    addr: listenAddress.default('127.0.0.1:9080').describe('Gateway listen address (REST, GraphQL, WebSocket, compatibility APIs).'),
    maxRequestBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(16 * 1024 * 1024).describe('Largest accepted request body on the gateway.'),
    graphql: z
      .strictObject({
        maxDepth: z.number().int().min(1).max(50).default(8).describe('Deepest field nesting a GraphQL query may have.'),
        maxCost: z.number().int().min(1).max(1_000_000).default(5000).describe('Largest estimated cost (fields times requested list sizes) of a GraphQL query.'),
      })
      .default({ maxDepth: 8, maxCost: 5000 }),
    tail: z
      .strictObject({
        bufferItems: z.number().int().min(16).max(1_000_000).default(10_000).describe('Per-subscriber ring buffer of the live tail; a subscriber that falls further behind is told how many items it missed.'),
        maxSubscribers: z.number().int().min(1).max(100_000).default(1000).describe('Concurrent live-tail subscribers per process.'),
      })
      .default({ bufferItems: 10_000, maxSubscribers: 1000 }),
  })
  .default({ addr: '127.0.0.1:9080', maxRequestBytes: 16 * 1024 * 1024, graphql: { maxDepth: 8, maxCost: 5000 }, tail: { bufferItems: 10_000, maxSubscribers: 1000 } });

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
    jwt: z
      .strictObject({
        algorithm: z.enum(['HS256', 'RS256', 'ES256']).default('HS256').describe('Signing algorithm of session tokens. HS256 uses a secret generated at first start (kept in the relational store) unless `secret` is set.'),
        ttl: duration.default('12h').describe('Lifetime of a token returned by login.'),
        issuer: z.string().min(1).default('pointer').describe('`iss` of issued tokens; tokens with another issuer are refused.'),
        audience: z.string().min(1).default('pointer').describe('`aud` of issued tokens; tokens for another audience are refused.'),
        secret: z.string().min(32, 'auth.jwt.secret must be at least 32 characters').optional().describe('HS256 secret shared by all gateways. If unset, one is generated once and kept in the relational store. Never logged.'),
        privateKeyFile: z.string().optional().describe('PEM (PKCS#8) private key for RS256/ES256 signing.'),
        publicKeyFile: z.string().optional().describe('PEM (SPKI) public key for RS256/ES256 verification (derived from the private key if unset).'),
        jwksUrl: z.url().optional().describe('JWKS URL of an external identity provider whose tokens are accepted.'),
        tenantClaim: z.string().default('tenant').describe('Claim naming the tenant in externally issued tokens.'),
        roleClaim: z.string().default('role').describe('Claim naming the role (viewer, editor, approver, admin) in externally issued tokens.'),
      })
      .default({ algorithm: 'HS256', ttl: '12h', issuer: 'pointer', audience: 'pointer', tenantClaim: 'tenant', roleClaim: 'role' }),
    anonymousLoopbackIngest: z.boolean().default(true).describe('Accept telemetry without a credential from loopback clients (tenant `default`), so that an SDK on the same machine works out of the box. Set false to demand an API key from everyone.'),
    cacheTtlMs: z.number().int().min(0).max(60_000).default(5000).describe('How long a verified API key or user is cached; a revocation reaches other gateway replicas within this time (at once on the replica that revoked).'),
  })
  .default({ jwt: { algorithm: 'HS256', ttl: '12h', issuer: 'pointer', audience: 'pointer', tenantClaim: 'tenant', roleClaim: 'role' }, anonymousLoopbackIngest: true, cacheTtlMs: 5000 });

const bucket = (ratePerSecond: number, burst: number) =>
  z
    .strictObject({
      ratePerSecond: z.number().positive().max(1_000_000).default(ratePerSecond).describe('Tokens added per second.'),
      burst: z.number().int().min(1).max(10_000_000).default(burst).describe('Bucket size: requests allowed at once.'),
    })
    .default({ ratePerSecond, burst });

const rateLimitsSection = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Token-bucket limits per API key/user and per client address (429 + Retry-After). Kept in Redis when storage.cache.backend is redis.'),
    ingest: z
      .strictObject({ perKey: bucket(1000, 2000).describe('Ingest requests per API key.'), perAddress: bucket(2000, 4000).describe('Ingest requests per client address.') })
      .default({ perKey: { ratePerSecond: 1000, burst: 2000 }, perAddress: { ratePerSecond: 2000, burst: 4000 } }),
    query: z
      .strictObject({ perKey: bucket(100, 200).describe('API requests per API key or user.'), perAddress: bucket(200, 400).describe('API requests per client address.') })
      .default({ perKey: { ratePerSecond: 100, burst: 200 }, perAddress: { ratePerSecond: 200, burst: 400 } }),
    login: z
      .strictObject({ perAddress: bucket(0.2, 10).describe('Login attempts per client address.'), perUsername: bucket(0.1, 5).describe('Login attempts per user name.') })
      .default({ perAddress: { ratePerSecond: 0.2, burst: 10 }, perUsername: { ratePerSecond: 0.1, burst: 5 } }),
  })
  .default({
    enabled: true,
    ingest: { perKey: { ratePerSecond: 1000, burst: 2000 }, perAddress: { ratePerSecond: 2000, burst: 4000 } },
    query: { perKey: { ratePerSecond: 100, burst: 200 }, perAddress: { ratePerSecond: 200, burst: 400 } },
    login: { perAddress: { ratePerSecond: 0.2, burst: 10 }, perUsername: { ratePerSecond: 0.1, burst: 5 } },
  });

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
        victoriaMetricsTenantLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/).optional().describe('Label that carries the tenant in VictoriaMetrics (enforced on every query with extra_label). Default `pointer_tenant`.'),
        queryTimeout: duration.optional().describe('Upper bound and default of a PromQL query\'s run time (Prometheus API `timeout`). Default 2m.'),
        queryMaxSamples: z.number().int().min(1000).optional().describe('Samples one PromQL query may hold in memory before it fails with errorType execution. Default 50000000.'),
        queryMaxSeries: z.number().int().min(1000).optional().describe('Embedded TSDB: series one selector of a PromQL query may select before the query fails with errorType execution (bounds the memory of a query; Prometheus has no such limit). Default 500000.'),
        lookbackDelta: duration.optional().describe('PromQL lookback delta: how far back an instant selector looks for a sample. Default 5m.'),
        remoteWriteMaxBytes: z.number().int().min(1024).max(512 * 1024 * 1024).optional().describe('Largest remote-write body after snappy decompression. Default 32 MiB.'),
        walFsync: z.boolean().optional().describe('Embedded TSDB: fdatasync every write-ahead-log append before acknowledging it (survives power loss, costs a disk flush per write). Default false: an acknowledged write survives a crash or kill -9 of Pointer, not of the machine.'),
        walSegmentBytes: z.number().int().min(1024 * 1024).max(1024 * 1024 * 1024).optional().describe('Embedded TSDB: size at which a write-ahead-log segment file is closed and a new one started. Default 64 MiB.'),
        flushSamples: z.number().int().min(1000).max(10_000_000).optional().describe('Embedded TSDB: acknowledged samples that start an insert into the engine at once. Default 500000.'),
        flushInterval: duration.optional().describe('Embedded TSDB: longest an acknowledged sample waits before its insert starts (queries insert everything acknowledged before they read). Default 2s.'),
        maxPendingSamples: z.number().int().min(1000).max(100_000_000).optional().describe('Embedded TSDB: acknowledged samples not yet inserted (held in memory and in the WAL) before writes are refused with PTR_ERR_OVERLOADED. Default 2000000.'),
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

const querySection = z
  .strictObject({
    timeout: duration.default('30s').describe('Longest a trace or log query may run before it fails with PTR_ERR_QUERY_TIMEOUT.'),
    maxRange: duration.default('31d').describe('Widest time range a trace or log query may cover.'),
    maxResults: z.number().int().min(1).max(100_000).default(5000).describe('Most traces, log lines or values one trace/log query returns.'),
    maxTraceSpans: z.number().int().min(1).max(10_000_000).default(100_000).describe('Most spans returned for one trace.'),
  })
  .default({ timeout: '30s', maxRange: '31d', maxResults: 5000, maxTraceSpans: 100_000 });

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
  rateLimits: rateLimitsSection,
  storage: storageSection,
  bus: busSection,
  retention: retentionSection,
  query: querySection,
  log: logSection,
});

export type PointerConfig = z.infer<typeof configSchema>;
/** The shape a user may write: everything optional. */
export type PointerConfigInput = z.input<typeof configSchema>;
