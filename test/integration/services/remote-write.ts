/**
 * A Prometheus remote-write 1.0 request body (protobuf WriteRequest, snappy block-compressed),
 * built with protobufjs from the message definitions in prometheus/prompb, as Prometheus itself
 * sends it.
 */
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

const snappy = createRequire(import.meta.url)('snappyjs') as { compress(input: Uint8Array): Uint8Array };

const { root } = protobuf.parse(`
  syntax = "proto3";
  package prometheus;
  message WriteRequest { repeated TimeSeries timeseries = 1; }
  message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
  message Label { string name = 1; string value = 2; }
  message Sample { double value = 1; int64 timestamp = 2; }
`);
const WriteRequest = root.lookupType('prometheus.WriteRequest');

export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: ReadonlyArray<{ readonly value: number; readonly timestampMs: number }>;
}

export function remoteWriteBody(series: readonly Series[]): Uint8Array<ArrayBuffer> {
  const message = WriteRequest.create({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ({ name, value })),
      samples: s.samples.map((p) => ({ value: p.value, timestamp: p.timestampMs })),
    })),
  });
  // A copy on its own ArrayBuffer: what fetch's BodyInit type accepts.
  return Uint8Array.from(snappy.compress(WriteRequest.encode(message).finish()));
}

export const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
} as const;
