// Live tail of spans as an async iterator; Ctrl-C stops it.
import { PointerClient } from '@pointer/sdk';

const pointer = new PointerClient({ url: process.env.POINTER_URL ?? 'http://127.0.0.1:9080', token: process.env.POINTER_TOKEN });
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
const tail = pointer.tail({ signal: 'spans', filters: process.argv[2] ? { service: process.argv[2] } : {}, abort: abort.signal });
await tail.ready();
console.error('tailing; Ctrl-C to stop');
for await (const ev of tail) {
  if (ev.type === 'missed') console.error(`(missed ${ev.count})`);
  else if (ev.type === 'span') console.log(`${ev.span.service} ${ev.span.name} ${Number(ev.span.durationNanos) / 1e6} ms`);
}
