/**
 * /loki/api/v1/push bodies -> a LogBatch: JSON (`{"streams":[{"stream":{...},"values":
 * [["<ns>","<line>",{metadata}]]}]}`, optionally gzip) or protobuf PushRequest in a snappy block
 * (Loki's default). Each stream becomes a resource whose attributes are the stream labels
 * (plus `service_name`, discovered as Loki 3 does); each entry a record with the line as body
 * and its structured metadata as attributes. The result goes through the OTLP/JSON decoder, so
 * pushed logs get the same validation and limits as OTLP logs.
 */
import { createRequire } from 'node:module';
import { ptrError } from '../../errors/index.js';
import { decodeLogsJson } from '../../ingest/otlp/index.js';
import { ProtoReader, WireType } from '../../ingest/protobuf/reader.js';
import type { IngestLimits, LogBatch } from '../../model/index.js';
import { discoverServiceName } from './labels.js';
import { parseLogQL } from './logql.js';

interface SnappyJs {
  uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
}
const snappy = createRequire(import.meta.url)('snappyjs') as SnappyJs;

interface PushStream {
  labels: Record<string, string>;
  entries: { ts: string; line: string; metadata: [string, string][] }[];
}

export function parseLabelSet(s: string, where: string): Record<string, string> {
  let sel;
  try {
    sel = parseLogQL(s);
  } catch (err) {
    throw ptrError('PTR_ERR_DECODE', `${where}: invalid label set ${JSON.stringify(s.slice(0, 80))}: ${(err as Error).message}`);
  }
  if (sel.kind !== 'log' || sel.filters.length > 0 || sel.pipeline.length > 0 || sel.matchers.some((m) => m.op !== '=')) throw ptrError('PTR_ERR_DECODE', `${where}: a label set is {name="value", ...}`);
  return Object.fromEntries(sel.matchers.map((m) => [m.label, m.value]));
}

function jsonStreams(body: unknown): PushStream[] {
  const streams = (body as { streams?: unknown })?.streams;
  if (!Array.isArray(streams)) throw ptrError('PTR_ERR_DECODE', 'streams: expected an array');
  return streams.map((s: unknown, i: number) => {
    const st = s as { stream?: unknown; values?: unknown };
    const where = `streams[${i}]`;
    if (typeof st?.stream !== 'object' || st.stream === null || Array.isArray(st.stream)) throw ptrError('PTR_ERR_DECODE', `${where}.stream: expected an object of labels`);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(st.stream)) {
      if (typeof v !== 'string') throw ptrError('PTR_ERR_DECODE', `${where}.stream.${k}: expected a string`);
      labels[k] = v;
    }
    if (!Array.isArray(st.values)) throw ptrError('PTR_ERR_DECODE', `${where}.values: expected an array`);
    const entries = st.values.map((v: unknown, j: number) => {
      const w = `${where}.values[${j}]`;
      if (!Array.isArray(v) || v.length < 2 || v.length > 3) throw ptrError('PTR_ERR_DECODE', `${w}: expected ["<unix ns>", "<line>"] or with a metadata object`);
      const [ts, line, meta] = v as [unknown, unknown, unknown];
      if (typeof ts !== 'string' || !/^\d{1,20}$/.test(ts)) throw ptrError('PTR_ERR_DECODE', `${w}[0]: expected the timestamp as a string of Unix nanoseconds`);
      if (typeof line !== 'string') throw ptrError('PTR_ERR_DECODE', `${w}[1]: expected the log line as a string`);
      const metadata: [string, string][] = [];
      if (meta !== undefined) {
        if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw ptrError('PTR_ERR_DECODE', `${w}[2]: expected an object of structured metadata`);
        for (const [k, mv] of Object.entries(meta)) metadata.push([k, String(mv)]);
      }
      return { ts, line, metadata };
    });
    return { labels, entries };
  });
}

/** logproto.PushRequest { repeated StreamAdapter streams = 1; } */
function protoStreams(bytes: Uint8Array): PushStream[] {
  const r = new ProtoReader(bytes);
  const out: PushStream[] = [];
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 !== 1 || (t & 7) !== WireType.Len) {
      r.skip(t & 7);
      continue;
    }
    const end = r.lenEnd();
    const where = `streams[${out.length}]`;
    let labels: Record<string, string> = {};
    const entries: PushStream['entries'] = [];
    while (r.pos < end) {
      const st = r.tag();
      const field = st >>> 3;
      if (field === 1 && (st & 7) === WireType.Len) labels = parseLabelSet(r.string(), `${where}.labels`);
      else if (field === 2 && (st & 7) === WireType.Len) {
        const eEnd = r.lenEnd();
        let seconds = 0n;
        let nanos = 0;
        let line = '';
        const metadata: [string, string][] = [];
        while (r.pos < eEnd) {
          const et = r.tag();
          const ef = et >>> 3;
          if (ef === 1 && (et & 7) === WireType.Len) {
            const tsEnd = r.lenEnd();
            while (r.pos < tsEnd) {
              const tt = r.tag();
              if (tt >>> 3 === 1) seconds = r.int64();
              else if (tt >>> 3 === 2) nanos = r.int32();
              else r.skip(tt & 7);
            }
          } else if (ef === 2 && (et & 7) === WireType.Len) line = r.string();
          else if (ef === 3 && (et & 7) === WireType.Len) {
            const mEnd = r.lenEnd();
            let name = '';
            let value = '';
            while (r.pos < mEnd) {
              const mt = r.tag();
              if (mt >>> 3 === 1) name = r.string();
              else if (mt >>> 3 === 2) value = r.string();
              else r.skip(mt & 7);
            }
            metadata.push([name, value]);
          } else r.skip(et & 7);
        }
        if (seconds < 0n || nanos < 0) throw ptrError('PTR_ERR_DECODE', `${where}.entries[${entries.length}].timestamp: negative`);
        entries.push({ ts: (seconds * 1_000_000_000n + BigInt(nanos)).toString(), line, metadata });
      } else r.skip(st & 7);
    }
    r.pos = end;
    out.push({ labels, entries });
  }
  return out;
}

export function decodeLokiPush(body: Buffer | unknown, contentType: string, tenant: string, limits: IngestLimits, maxBytes: number): LogBatch {
  let streams: PushStream[];
  if (/json/i.test(contentType)) streams = jsonStreams(body);
  else if (/protobuf/i.test(contentType)) {
    let raw: Uint8Array;
    try {
      raw = snappy.uncompress(body as Buffer, maxBytes);
    } catch (err) {
      const msg = (err as Error).message;
      if (/too big/.test(msg)) throw ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', `push body: ${msg}`);
      throw ptrError('PTR_ERR_DECODE', `push body is not a snappy block: ${msg}`);
    }
    try {
      streams = protoStreams(raw);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('PTR_ERR')) throw err;
      throw ptrError('PTR_ERR_DECODE', `push body is not a Loki PushRequest: ${(err as Error).message}`);
    }
  } else throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${contentType || '(none)'}: expected application/x-protobuf (snappy) or application/json`);

  const observed = (BigInt(Date.now()) * 1_000_000n).toString();
  const resourceLogs = streams.map((s) => {
    const labels = { ...s.labels };
    labels.service_name ??= discoverServiceName(labels);
    return {
      resource: { attributes: Object.entries(labels).map(([key, v]) => ({ key, value: { stringValue: v } })) },
      scopeLogs: [
        {
          scope: {},
          logRecords: s.entries.map((e) => ({
            timeUnixNano: e.ts,
            observedTimeUnixNano: observed,
            body: { stringValue: e.line },
            attributes: e.metadata.map(([key, v]) => ({ key, value: { stringValue: v } })),
          })),
        },
      ],
    };
  });
  const r = decodeLogsJson({ resourceLogs }, { tenant, limits });
  if (r.rejected > 0) throw ptrError('PTR_ERR_VALIDATION', `push: ${r.rejected} entries rejected: ${r.errors.join('; ')}`);
  return r.batch;
}
