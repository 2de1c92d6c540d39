/**
 * Where the benchmarks find the public data sets: `POINTER_BENCH_DATA` if given on the command
 * line environment, else `../shared/data` beside the repository (as CI lays it out), else
 * /work/shared/data. Benchmarks only; unit tests use packages/ai/test/fixtures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function dataDir(): string {
  const candidates = [process.env['POINTER_BENCH_DATA'], resolve(here, '../../../../shared/data'), '/work/shared/data'];
  for (const c of candidates) if (c !== undefined && existsSync(join(c, 'nab-dev'))) return c;
  throw new Error(`public data sets not found; tried ${candidates.filter(Boolean).join(', ')} (set POINTER_BENCH_DATA)`);
}

export interface NabFile {
  name: string;
  timestamps: number[];
  values: number[];
  windows: [number, number][];
}

function parseNabTime(s: string): number {
  return Date.parse(s.replace(' ', 'T').replace(/\.\d+$/, '') + 'Z');
}

export function loadNab(root = join(dataDir(), 'nab-dev')): NabFile[] {
  const windows = JSON.parse(readFileSync(join(root, 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const out: NabFile[] = [];
  for (const name of Object.keys(windows).sort()) {
    const path = join(root, 'data', name);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
    const timestamps: number[] = [];
    const values: number[] = [];
    for (const line of lines) {
      const [t, v] = line.split(',');
      timestamps.push(parseNabTime(t!));
      values.push(Number(v));
    }
    const idx = (t: number): number => {
      const i = timestamps.indexOf(t);
      if (i < 0) throw new Error(`${name}: window boundary ${new Date(t).toISOString()} is not a timestamp of the file`);
      return i;
    };
    out.push({ name, timestamps, values, windows: windows[name]!.map(([a, b]) => [idx(parseNabTime(a)), idx(parseNabTime(b))]) });
  }
  return out;
}
