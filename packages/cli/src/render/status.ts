import Table from 'cli-table3';
import type { ModuleReadiness } from '@pointer/sdk';

export function renderReadiness(r: { url: string; status: string; modules: ModuleReadiness[] }): string {
  const table = new Table({ head: ['module', 'ready', 'reason'] });
  for (const m of r.modules) table.push([m.module, m.ready ? 'yes' : 'no', m.reason ?? '']);
  return `${r.url}: ${r.status}\n${table.toString()}`;
}
