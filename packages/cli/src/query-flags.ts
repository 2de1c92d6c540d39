import { Flags } from '@oclif/core';

/** Relative (`1h`) or absolute (RFC 3339) times for query commands. */
export const timeFlags = {
  since: Flags.string({ description: 'Start, relative to now (15m, 1h, 7d) or RFC 3339.', default: '1h' }),
  until: Flags.string({ description: 'End (RFC 3339 or relative); default now.' }),
  output: Flags.string({ char: 'o', description: 'table or json (same as --json).', options: ['table', 'json'], default: 'table' }),
};

const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseTime(text: string | undefined, now = Date.now()): Date {
  if (!text) return new Date(now);
  const rel = /^(\d+)(s|m|h|d|w)$/.exec(text);
  if (rel) return new Date(now - Number(rel[1]) * UNIT[rel[2]!]!);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw Object.assign(new Error(`not a time: ${text} (use 15m, 1h, 7d or RFC 3339)`), { code: 'PTR_ERR_USAGE' });
  return new Date(t);
}
