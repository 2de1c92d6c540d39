import { describe, expect, it } from 'vitest';
import { isPtrError } from '../errors/index.js';
import type { MetricBatch } from '../model/index.js';
import { MemoryBus } from './memory-bus.js';

const batch = (): MetricBatch => ({ signal: 'metrics', tenant: 'default', count: 0, series: [], seriesIndex: new Uint32Array(0), timestampMs: new Float64Array(0), value: new Float64Array(0), exemplars: [] });

describe('MemoryBus', () => {
  it('resolves publish only after every group handled the batch, and fails when one fails', async () => {
    const bus = new MemoryBus();
    const order: string[] = [];
    let releaseSlow!: () => void;
    bus.subscribe('metrics', 'fast', async () => {
      order.push('fast');
    });
    bus.subscribe('metrics', 'slow', () => new Promise<void>((r) => (releaseSlow = () => {
      order.push('slow');
      r();
    })));
    await bus.start();
    const p = bus.publish('metrics', batch()).then(() => order.push('published'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['fast']);
    releaseSlow();
    await p;
    expect(order).toEqual(['fast', 'slow', 'published']);

    const failing = new MemoryBus();
    failing.subscribe('spans', 'store', async () => {
      throw new Error('disk full');
    });
    await failing.start();
    await expect(failing.publish('spans', {} as never)).rejects.toThrow('disk full');
  });

  it('is bounded: beyond maxInFlight it refuses with PTR_ERR_OVERLOADED and Retry-After', async () => {
    const bus = new MemoryBus({ maxInFlight: 1, retryAfterSeconds: 2 });
    let release!: () => void;
    bus.subscribe('metrics', 'store', () => new Promise<void>((r) => (release = r)));
    await bus.start();
    const first = bus.publish('metrics', batch());
    const err = await bus.publish('metrics', batch()).catch((e: unknown) => e);
    expect(isPtrError(err) && err.code).toBe('PTR_ERR_OVERLOADED');
    expect(isPtrError(err) && err.retryAfterSeconds).toBe(2);
    release();
    await first;
    expect(bus.pending).toBe(0);
  });

  it('refuses a topic nobody consumes instead of acknowledging data no store keeps', async () => {
    const bus = new MemoryBus();
    await bus.start();
    const err = await bus.publish('logs', {} as never).catch((e: unknown) => e);
    expect(isPtrError(err) && err.code).toBe('PTR_ERR_UNAVAILABLE');
  });
});
