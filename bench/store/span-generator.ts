/**
 * A fast generator of columnar SpanBatches (no OTLP encoding, no objects per span): spans with
 * 10 attributes of realistic cardinalities, 10 spans per trace, 20 services x 10 operations,
 * ~3% errors, one event on errors, timestamps spread over the last `spreadMs`.
 */
import type { SpanBatch } from '@pointer/server';

const SERVICES = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
const OPS = Array.from({ length: 10 }, (_, i) => `op-${i}`);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const REGIONS = Array.from({ length: 8 }, (_, i) => `region-${i}`);

export interface GenState {
  seq: number;
  rnd: number;
}

function rand(st: GenState): number {
  // xorshift32: deterministic and cheap
  let x = st.rnd;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  st.rnd = x >>> 0;
  return st.rnd;
}

/** `n` spans (a multiple of 10): n/10 traces. */
export function generateSpans(n: number, st: GenState, nowMs: number, spreadMs: number): { batch: SpanBatch; traceIds: string[] } {
  const strings: string[] = [''];
  const idx = new Map<string, number>([['', 0]]);
  const s = (v: string): number => {
    let i = idx.get(v);
    if (i === undefined) {
      i = strings.length;
      strings.push(v);
      idx.set(v, i);
    }
    return i;
  };
  const KEYS = ['http.method', 'http.status_code', 'http.route', 'user.id', 'cloud.region', 'net.peer.port', 'db.rows', 'feature.enabled', 'request.size', 'session.id'].map(s);
  const resources = SERVICES.map((svc) => {
    return { svc };
  });
  // attributes: 10 per span + 2 per resource + 1 per event
  const nAttrs = n * 10 + resources.length * 2 + n;
  const attrs = { count: 0, key: new Uint32Array(nAttrs), type: new Uint8Array(nAttrs), str: new Uint32Array(nAttrs), int: new BigInt64Array(nAttrs), num: new Float64Array(nAttrs) };
  const addStr = (k: number, v: number) => {
    const i = attrs.count++;
    attrs.key[i] = k;
    attrs.type[i] = 1;
    attrs.str[i] = v;
  };
  const addInt = (k: number, v: number) => {
    const i = attrs.count++;
    attrs.key[i] = k;
    attrs.type[i] = 3;
    attrs.int[i] = BigInt(v);
  };
  const addBool = (k: number, v: boolean) => {
    const i = attrs.count++;
    attrs.key[i] = k;
    attrs.type[i] = 2;
    attrs.num[i] = v ? 1 : 0;
  };
  const resEntries = resources.map((r) => {
    const start = attrs.count;
    addStr(s('service.name'), s(r.svc));
    addStr(s('host.name'), s(`host-${r.svc}`));
    return { attrStart: start, attrEnd: attrs.count, droppedAttributesCount: 0, serviceName: s(r.svc), schemaUrl: 0 };
  });
  const b: SpanBatch = {
    signal: 'spans', tenant: 'default', count: n, strings, attrs, resources: resEntries,
    scopes: [{ name: s('bench'), version: s('1.0.0'), attrStart: 0, attrEnd: 0, droppedAttributesCount: 0, schemaUrl: 0 }],
    resource: new Uint32Array(n), scope: new Uint32Array(n), traceId: new Uint8Array(n * 16), spanId: new Uint8Array(n * 8), parentSpanId: new Uint8Array(n * 8),
    traceState: new Uint32Array(n), flags: new Uint32Array(n), name: new Uint32Array(n), kind: new Uint8Array(n),
    startTimeUnixNano: new BigUint64Array(n), endTimeUnixNano: new BigUint64Array(n), statusCode: new Uint8Array(n), statusMessage: new Uint32Array(n),
    attrStart: new Uint32Array(n), attrEnd: new Uint32Array(n), droppedAttributesCount: new Uint32Array(n), droppedEventsCount: new Uint32Array(n), droppedLinksCount: new Uint32Array(n),
    eventStart: new Uint32Array(n), eventEnd: new Uint32Array(n), linkStart: new Uint32Array(n), linkEnd: new Uint32Array(n),
    events: { count: 0, timeUnixNano: new BigUint64Array(n), name: new Uint32Array(n), attrStart: new Uint32Array(n), attrEnd: new Uint32Array(n), droppedAttributesCount: new Uint32Array(n) },
    links: { count: 0, traceId: new Uint8Array(0), spanId: new Uint8Array(0), traceState: new Uint32Array(0), flags: new Uint32Array(0), attrStart: new Uint32Array(0), attrEnd: new Uint32Array(0), droppedAttributesCount: new Uint32Array(0) },
  };
  const traceIds: string[] = [];
  const exception = s('exception');
  const excKey = s('exception.type');
  const excVal = s('java.lang.IllegalStateException');
  const errMsg = s('internal error');
  for (let t = 0; t < n / 10; t++) {
    const traceSeq = st.seq++;
    const tid = new Uint8Array(16);
    for (let k = 0; k < 4; k++) new DataView(tid.buffer).setUint32(k * 4, rand(st));
    new DataView(tid.buffer).setUint32(12, traceSeq);
    traceIds.push(Buffer.from(tid).toString('hex'));
    const t0 = BigInt(nowMs - Math.floor((rand(st) / 2 ** 32) * spreadMs)) * 1_000_000n;
    const rootSvc = rand(st) % SERVICES.length;
    for (let j = 0; j < 10; j++) {
      const i = t * 10 + j;
      b.traceId.set(tid, i * 16);
      new DataView(b.spanId.buffer).setUint32(i * 8, traceSeq);
      new DataView(b.spanId.buffer).setUint32(i * 8 + 4, j + 1);
      if (j > 0) b.parentSpanId.set(b.spanId.subarray(t * 10 * 8, t * 10 * 8 + 8), i * 8);
      b.resource[i] = j === 0 ? rootSvc : rand(st) % SERVICES.length;
      b.name[i] = s(OPS[rand(st) % OPS.length]!);
      b.kind[i] = j === 0 ? 2 : 3;
      const start = t0 + BigInt(j) * 1_000_000n;
      const dur = BigInt(1 + (rand(st) % 500)) * 1_000_000n / BigInt(j + 1);
      b.startTimeUnixNano[i] = start;
      b.endTimeUnixNano[i] = start + dur;
      b.flags[i] = 1;
      b.attrStart[i] = attrs.count;
      addStr(KEYS[0]!, s(METHODS[rand(st) % METHODS.length]!));
      const err = rand(st) % 100 < 3;
      addInt(KEYS[1]!, err ? 500 : 200 + (rand(st) % 5));
      addStr(KEYS[2]!, s(`/api/v1/resource/${rand(st) % 200}`));
      addStr(KEYS[3]!, s(`user-${rand(st) % 100_000}`));
      addStr(KEYS[4]!, s(REGIONS[rand(st) % REGIONS.length]!));
      addInt(KEYS[5]!, 1024 + (rand(st) % 50_000));
      addInt(KEYS[6]!, rand(st) % 1000);
      addBool(KEYS[7]!, rand(st) % 2 === 0);
      addInt(KEYS[8]!, rand(st) % 1_000_000);
      addStr(KEYS[9]!, s(`sess-${traceSeq}`));
      b.attrEnd[i] = attrs.count;
      b.eventStart[i] = b.events.count;
      if (err) {
        b.statusCode[i] = 2;
        b.statusMessage[i] = errMsg;
        const e = b.events.count++;
        b.events.timeUnixNano[e] = start;
        b.events.name[e] = exception;
        b.events.attrStart[e] = attrs.count;
        addStr(excKey, excVal);
        b.events.attrEnd[e] = attrs.count;
      }
      b.eventEnd[i] = b.events.count;
    }
  }
  return { batch: b, traceIds };
}
