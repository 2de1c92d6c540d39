import { describe, expect, it } from 'vitest';
import { MemoryQuerier } from './memory-querier.js';

describe('MemoryQuerier', () => {
  const q = new MemoryQuerier([
    { labels: { __name__: 'up', job: 'a', instance: '1' }, timestamps: [0, 10, 20], values: [1, 0, 1] },
    { labels: { __name__: 'up', job: 'b' }, timestamps: [30], values: [1] },
    { labels: { __name__: 'other', job: 'a' }, timestamps: [5], values: [7] },
  ]);

  it('selects by matchers in a closed time range', async () => {
    const res = await q.select([{ name: 'job', op: '=~', value: 'a|b' }, { name: '__name__', op: '=', value: 'up' }], 10, 20);
    expect(res).toHaveLength(1);
    expect(Array.from(res[0]!.timestamps)).toEqual([10, 20]);
    expect(res[0]!.labels).toEqual([['__name__', 'up'], ['instance', '1'], ['job', 'a']]);
  });

  it('treats a missing label as empty', async () => {
    const res = await q.select([{ name: 'instance', op: '=', value: '' }], 0, 100);
    expect(res.map((s) => s.labels.find(([n]) => n === '__name__')?.[1])).toEqual(['other', 'up']);
  });

  it('lists series, label names and values', async () => {
    expect(await q.series([[{ name: 'job', op: '=', value: 'a' }]], 0, 100)).toHaveLength(2);
    expect(await q.labelNames([], 0, 100)).toEqual(['__name__', 'instance', 'job']);
    expect(await q.labelValues('job', [[{ name: '__name__', op: '=', value: 'up' }]], 25, 100)).toEqual(['b']);
    expect(await q.labelValues('job', [], 0, 100, 1)).toEqual(['a']);
  });
});
