/**
 * The generated load of the metrics benchmark: remote-write 1.0 bodies, pre-built and
 * pre-compressed (the load generator must not measure itself), split into shards of disjoint
 * series so that shards can be sent concurrently while each series stays in time order.
 * Series: `bench_http_requests_total` (counters, 10 jobs), `bench_request_duration_seconds_bucket`
 * (a histogram per job and instance, 10 buckets), `bench_gauge` (random-walk gauges).
 */
import { MetricBatchBuilder, encodeWriteRequest, snappyEncode } from '@pointer/server';

export interface LoadSpec {
  counters: number;
  histograms: number;
  gauges: number;
  hours: number;
  intervalSec: number;
  shards: number;
  endMs: number;
}

export interface Load {
  /** bodies[shard][step] */
  bodies: Uint8Array[][];
  samples: number;
  series: number;
  startMs: number;
  endMs: number;
}

const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildLoad(spec: LoadSpec): Load {
  const series: [string, string][][] = [];
  for (let i = 0; i < spec.counters; i++) {
    series.push([['__name__', 'bench_http_requests_total'], ['code', i % 2 ? '500' : '200'], ['instance', `host-${Math.floor(i / 2)}`], ['job', `job-${i % 10}`]]);
  }
  const histoSets = Math.floor(spec.histograms / LE.length);
  for (let h = 0; h < histoSets; h++) {
    for (const le of LE) series.push([['__name__', 'bench_request_duration_seconds_bucket'], ['instance', `host-${h}`], ['job', `job-${h % 10}`], ['le', le]]);
  }
  for (let g = 0; g < spec.gauges; g++) series.push([['__name__', 'bench_gauge'], ['instance', `host-${g % 500}`], ['job', `job-${g % 10}`], ['slot', String(g)]]);
  const steps = Math.floor((spec.hours * 3600) / spec.intervalSec);
  const stepMs = spec.intervalSec * 1000;
  const startMs = Math.floor((spec.endMs - steps * stepMs) / stepMs) * stepMs;
  const state = new Float64Array(series.length);
  const rand = rng(42);
  const bodies: Uint8Array[][] = Array.from({ length: spec.shards }, () => []);
  for (let k = 0; k < steps; k++) {
    const t = startMs + k * stepMs;
    const builders = Array.from({ length: spec.shards }, () => new MetricBatchBuilder('bench'));
    let idx = 0;
    for (let i = 0; i < spec.counters; i++, idx++) {
      state[idx]! += Math.floor(rand() * 20);
      const b = builders[idx % spec.shards]!;
      b.add(b.seriesFor(series[idx]!), t, state[idx]!);
    }
    for (let h = 0; h < histoSets; h++) {
      // cumulative buckets: each step adds observations spread over the buckets
      let cum = 0;
      const base = idx;
      for (let j = 0; j < LE.length; j++, idx++) {
        cum += Math.floor(rand() * 5);
        state[idx] = state[idx]! + cum;
        const b = builders[base % spec.shards]!;
        b.add(b.seriesFor(series[idx]!), t, state[idx]!);
      }
    }
    for (let g = 0; g < spec.gauges; g++, idx++) {
      state[idx] = Math.round((state[idx]! + rand() - 0.5) * 100) / 100;
      const b = builders[idx % spec.shards]!;
      b.add(b.seriesFor(series[idx]!), t, state[idx]!);
    }
    builders.forEach((b, s) => bodies[s]!.push(snappyEncode(encodeWriteRequest(b.build()))));
  }
  return { bodies, samples: steps * series.length, series: series.length, startMs, endMs: startMs + (steps - 1) * stepMs };
}
