/**
 * Per-query settings as a trailing SETTINGS clause, for the connection (chDB) that has no
 * per-request settings channel. Names are checked so that nothing but a setting can be written.
 */
import { ptrError } from '../../errors/index.js';

const NAME = /^[a-z_][a-z0-9_]*$/;

export function settingsClause(settings: Record<string, string | number> | undefined): string {
  if (!settings) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(settings)) {
    if (!NAME.test(k)) throw ptrError('PTR_ERR_INTERNAL', `invalid ClickHouse setting name ${JSON.stringify(k)}`);
    parts.push(`${k} = ${typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`}`);
  }
  return parts.length ? `\nSETTINGS ${parts.join(', ')}` : '';
}

export function checkIdentifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw ptrError('PTR_ERR_INTERNAL', `invalid ${what} ${JSON.stringify(name)}`);
  return name;
}
