/**
 * Pre-encoded OTLP ExportTraceServiceRequest bodies for the ingest benchmarks: spans with
 * 10 attributes and realistic cardinalities (20 services, 200 routes, 10k users, random ids),
 * built once so that generating load costs nothing at measurement time.
 */
import { randomBytes } from 'node:crypto';
import { ProtoWriter } from '@pointer/server';

function kvString(w: ProtoWriter, field: number, key: string, value: string): void {
  const kv = w.beginLen(field);
  w.stringField(1, key);
  const v = w.beginLen(2);
  w.stringField(1, value, true);
  w.endLen(v);
  w.endLen(kv);
}

function kvInt(w: ProtoWriter, field: number, key: string, value: number): void {
  const kv = w.beginLen(field);
  w.stringField(1, key);
  const v = w.beginLen(2);
  w.tag(3, 0);
  w.varint(value);
  w.endLen(v);
  w.endLen(kv);
}

function kvBool(w: ProtoWriter, field: number, key: string, value: boolean): void {
  const kv = w.beginLen(field);
  w.stringField(1, key);
  const v = w.beginLen(2);
  w.tag(2, 0);
  w.varint(value ? 1 : 0);
  w.endLen(v);
  w.endLen(kv);
}

const pick = <T>(a: readonly T[], i: number): T => a[i % a.length]!;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const STATUS = [200, 200, 200, 200, 201, 204, 400, 404, 500, 503];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1'];
const DBS = ['postgresql', 'redis', 'mysql', 'mongodb'];

/** One request of `spans` spans from one service (as one SDK batch would be). */
export function traceRequest(spans: number, seed: number): Uint8Array {
  const w = new ProtoWriter(spans * 512);
  const service = seed % 20;
  const rs = w.beginLen(1);
  const res = w.beginLen(1);
  kvString(w, 1, 'service.name', `service-${service}`);
  kvString(w, 1, 'service.version', `1.${service}.0`);
  kvString(w, 1, 'host.name', `host-${seed % 50}`);
  kvString(w, 1, 'telemetry.sdk.language', 'nodejs');
  w.endLen(res);
  const ss = w.beginLen(2);
  const scope = w.beginLen(1);
  w.stringField(1, '@opentelemetry/instrumentation-http');
  w.stringField(2, '0.52.0');
  w.endLen(scope);
  const ids = randomBytes(spans * 24);
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < spans; i++) {
    const k = seed * 7919 + i * 104729;
    const sp = w.beginLen(2);
    w.bytesField(1, ids.subarray(i * 24, i * 24 + 16));
    w.bytesField(2, ids.subarray(i * 24 + 16, i * 24 + 24));
    if (i % 4 !== 0) w.bytesField(4, ids.subarray((i - 1) * 24 + 16, (i - 1) * 24 + 24));
    const route = `/api/v1/resource-${k % 200}/{id}`;
    w.stringField(5, `${pick(METHODS, k)} ${route}`);
    w.uint32Field(6, i % 4 === 0 ? 2 : 3);
    const start = now + BigInt(i * 1000);
    w.fixed64Field(7, start);
    w.fixed64Field(8, start + BigInt(100_000 + (k % 5_000_000)));
    kvString(w, 9, 'http.request.method', pick(METHODS, k));
    kvString(w, 9, 'http.route', route);
    kvInt(w, 9, 'http.response.status_code', pick(STATUS, k >> 3));
    kvString(w, 9, 'server.address', `backend-${k % 50}.internal`);
    kvString(w, 9, 'user.id', `user-${k % 10_000}`);
    kvInt(w, 9, 'http.request.body.size', k % 65_536);
    kvString(w, 9, 'db.system', pick(DBS, k >> 5));
    kvString(w, 9, 'cloud.region', pick(REGIONS, k >> 2));
    kvString(w, 9, 'k8s.pod.name', `pod-${service}-${k % 100}`);
    kvBool(w, 9, 'cache.hit', (k & 1) === 1);
    if (pick(STATUS, k >> 3) >= 500) {
      const st = w.beginLen(15);
      w.stringField(2, 'upstream failed');
      w.uint32Field(3, 2);
      w.endLen(st);
    }
    w.fixed32Field(16, 0x101);
    w.endLen(sp);
  }
  w.endLen(ss);
  w.endLen(rs);
  return w.finish();
}

/** `count` distinct request bodies of `spansPerRequest` spans each. */
export function traceBodies(count: number, spansPerRequest: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => traceRequest(spansPerRequest, i));
}

const LEVELS = [[9, 'INFO'], [9, 'INFO'], [9, 'INFO'], [5, 'DEBUG'], [13, 'WARN'], [17, 'ERROR']] as const;

/** One ExportLogsServiceRequest of `records` log records from one service, 6 attributes each. */
export function logRequest(records: number, seed: number): Uint8Array {
  const w = new ProtoWriter(records * 400);
  const service = seed % 20;
  const rl = w.beginLen(1);
  const res = w.beginLen(1);
  kvString(w, 1, 'service.name', `service-${service}`);
  kvString(w, 1, 'host.name', `host-${seed % 50}`);
  kvString(w, 1, 'k8s.namespace.name', 'shop');
  w.endLen(res);
  const sl = w.beginLen(2);
  const scope = w.beginLen(1);
  w.stringField(1, 'pino');
  w.endLen(scope);
  const ids = randomBytes(records * 24);
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < records; i++) {
    const k = seed * 7919 + i * 104729;
    const [sev, text] = pick(LEVELS, k);
    const m = w.beginLen(2);
    w.fixed64Field(1, now + BigInt(i * 1000));
    w.uint32Field(2, sev);
    w.stringField(3, text);
    const body = w.beginLen(5);
    w.stringField(1, `request ${k % 100_000} for user-${k % 10_000} ${sev >= 17 ? 'failed: upstream timeout after 3 retries' : 'completed'} in ${k % 900} ms on /api/v1/resource-${k % 200}`, true);
    w.endLen(body);
    kvString(w, 6, 'http.route', `/api/v1/resource-${k % 200}/{id}`);
    kvInt(w, 6, 'http.response.status_code', pick(STATUS, k >> 3));
    kvString(w, 6, 'user.id', `user-${k % 10_000}`);
    kvString(w, 6, 'cloud.region', pick(REGIONS, k >> 2));
    kvInt(w, 6, 'duration_ms', k % 900);
    kvBool(w, 6, 'cache.hit', (k & 1) === 1);
    w.fixed32Field(8, 1);
    w.bytesField(9, ids.subarray(i * 24, i * 24 + 16));
    w.bytesField(10, ids.subarray(i * 24 + 16, i * 24 + 24));
    w.fixed64Field(11, now + BigInt(i * 1000 + 500));
    w.endLen(m);
  }
  w.endLen(sl);
  w.endLen(rl);
  return w.finish();
}

export function logBodies(count: number, recordsPerRequest: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => logRequest(recordsPerRequest, i));
}
