/**
 * Renders docs/configuration.md from the config schema, so the reference cannot drift from
 * what the server validates.
 */
import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { ENV_BINDINGS, CONFIG_FILE_ENV } from '../config/env.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  format?: string;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.type === 'array' && s.items) return `list of ${typeOf(s.items)}`;
  if (s.format === 'uri') return 'URL';
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(schema: JsonSchema, prefix: string, out: string[], envByPath: Map<string, string>): void {
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (s.type === 'object' && s.properties) {
      rows(s, path, out, envByPath);
      continue;
    }
    const def = s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``;
    const env = envByPath.get(path) ? `\`${envByPath.get(path)}\`` : '';
    const desc = (s.description ?? '').replace(/\|/g, '\\|');
    out.push(`| \`${path}\` | ${typeOf(s)} | ${def} | ${env} | ${desc} |`);
  }
}

export function renderConfigReference(): string {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const envByPath = new Map(ENV_BINDINGS.map((b) => [b.path.join('.'), b.env]));
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from packages/server/src/config/schema.ts by `npm run docs:generate`. Do not edit by hand. -->',
    '',
    'Pointer reads one configuration object, merged from (lowest to highest precedence) the defaults below,',
    `the config file (\`--config <file>\`, \`$${CONFIG_FILE_ENV}\`, or \`./pointer.yaml\` when present; YAML or JSON),`,
    'environment variables, and command-line flags (`--data-dir`, `--log-level`, `--log-format`, `--role`).',
    'Unknown keys are rejected with their path; `pointer up --dry-run` (or `npm start -- --dry-run`) validates and exits.',
    '',
    '| key | type | default | environment | description |',
    '|---|---|---|---|---|',
  ];
  rows(json, '', out, envByPath);
  out.push('', '## Example', '', '```yaml', 'dataDir: /var/lib/pointer', 'gateway:', '  addr: 0.0.0.0:9080', 'retention:', '  traces: 14d', '```', '');
  return out.join('\n');
}
