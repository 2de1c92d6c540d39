import { describe, expect, it } from 'vitest';
import { labelsKey } from '../batch-builder.js';
import { MetricIds, metricId, metricNameOfKey } from './metric-id.js';

describe('metric ids', () => {
  it('finds the metric name in a series key, wherever __name__ sorts', () => {
    expect(metricNameOfKey(labelsKey([['__name__', 'up'], ['job', 'x']]))).toBe('up');
    // upper-case names sort before __name__
    expect(metricNameOfKey(labelsKey([['A', 'v'], ['__name__', 'up'], ['job', 'x']]))).toBe('up');
    expect(metricNameOfKey(labelsKey([['Z', '__name__\xfeno'], ['__name__', 'real']]))).toBe('real');
    expect(metricNameOfKey(labelsKey([['job', 'x']]))).toBe('');
    expect(metricNameOfKey(labelsKey([['__name__', '']]))).toBe('');
  });

  it('gives every series of a metric the same id, remembered per name and bounded', () => {
    const ids = new MetricIds(2);
    const a = ids.of(labelsKey([['__name__', 'a'], ['i', '1']]));
    expect(ids.of(labelsKey([['__name__', 'a'], ['i', '2']]))).toBe(a);
    expect(a).toBe(metricId('a'));
    ids.of(labelsKey([['__name__', 'b']]));
    ids.of(labelsKey([['__name__', 'c']]));
    expect(ids.of(labelsKey([['__name__', 'a']]))).toBe(a);
    expect(metricId('a')).not.toBe(metricId('b'));
  });
});
