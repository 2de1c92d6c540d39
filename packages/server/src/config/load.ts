/**
 * Builds the validated config from (lowest to highest precedence) defaults, the config file,
 * environment variables and command-line flags. Errors name the offending key path and source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ptrError } from '../errors/index.js';
import { configSchema, type PointerConfig } from './schema.js';
import { CONFIG_FILE_ENV, envToConfig } from './env.js';

export interface LoadConfigOptions {
  /** Explicit config file (from --config). */
  configFile?: string | undefined;
  /** Overrides from flags, already in config shape. */
  overrides?: Record<string, unknown>;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export interface LoadedConfig {
  config: PointerConfig;
  /** The file that was read, if any. */
  file: string | undefined;
}

const DEFAULT_FILES = ['pointer.yaml', 'pointer.yml', 'pointer.json'];

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = resolveConfigFile(options.configFile ?? env[CONFIG_FILE_ENV], cwd);
  const fromFile = file ? readConfigFile(file) : {};
  const merged = deepMerge(deepMerge(fromFile, envToConfig(env)), options.overrides ?? {});
  return { config: validateConfig(merged, file), file };
}

export function validateConfig(input: unknown, source?: string): PointerConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw ptrError('PTR_ERR_CONFIG_INVALID', formatIssues(result.error.issues, input, source), {
      details: { issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  checkBackends(result.data);
  return result.data;
}

function checkBackends(c: PointerConfig): void {
  const need = (cond: boolean, key: string, env: string, what: string): void => {
    if (cond) throw ptrError('PTR_ERR_CONFIG_INVALID', `invalid config: ${key} is required when ${what} (set it in the file or with ${env})`);
  };
  need(c.storage.traces.backend === 'clickhouse' && !c.storage.traces.clickhouseUrl, 'storage.traces.clickhouseUrl', 'POINTER_CLICKHOUSE_URL', 'storage.traces.backend is clickhouse');
  need(c.storage.metrics.backend === 'victoriametrics' && !c.storage.metrics.victoriaMetricsUrl, 'storage.metrics.victoriaMetricsUrl', 'POINTER_VICTORIAMETRICS_URL', 'storage.metrics.backend is victoriametrics');
  need(c.storage.relational.backend === 'postgres' && !c.storage.relational.postgresUrl, 'storage.relational.postgresUrl', 'POINTER_POSTGRES_URL', 'storage.relational.backend is postgres');
  need(c.storage.topology.backend === 'neo4j' && !c.storage.topology.neo4jUrl, 'storage.topology.neo4jUrl', 'POINTER_NEO4J_URL', 'storage.topology.backend is neo4j');
  need(c.storage.cache.backend === 'redis' && !c.storage.cache.redisUrl, 'storage.cache.redisUrl', 'POINTER_REDIS_URL', 'storage.cache.backend is redis');
  need(c.bus.backend === 'kafka' && !(c.bus.kafkaBrokers && c.bus.kafkaBrokers.length > 0), 'bus.kafkaBrokers', 'POINTER_KAFKA_BROKERS', 'bus.backend is kafka');
}

function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, source?: string): string {
  const where = source ? ` (${source})` : '';
  const lines = issues.map((i) => {
    const path = i.path.join('.') || '<root>';
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => `unknown key "${[...i.path, k].join('.')}"`).join('; ');
    }
    const got = valueAt(input, i.path);
    const suffix = (i.code === 'invalid_value' || i.code === 'invalid_type') && got !== undefined ? ` (got ${JSON.stringify(got)})` : '';
    return `${path}: ${i.message}${suffix}`;
  });
  return `invalid config${where}: ${lines.join('; ')}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function resolveConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const p = resolve(cwd, explicit);
    if (!existsSync(p)) throw ptrError('PTR_ERR_CONFIG_FILE', `config file not found: ${p}`);
    return p;
  }
  for (const name of DEFAULT_FILES) {
    const p = resolve(cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw ptrError('PTR_ERR_CONFIG_FILE', `cannot read config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw ptrError('PTR_ERR_CONFIG_FILE', `config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw ptrError('PTR_ERR_CONFIG_FILE', `config file ${path} must contain a mapping at the top level`);
  }
  return parsed as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}
