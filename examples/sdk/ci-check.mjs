// A CI gate: error spans of a service in the last 15 minutes, through the Tempo-compatible search.
import { PointerClient, PointerApiError } from '@pointer/sdk';

const service = process.argv[2] ?? 'checkout';
const pointer = new PointerClient({ url: process.env.POINTER_URL ?? 'http://127.0.0.1:9080', token: process.env.POINTER_TOKEN });
try {
  const hits = await pointer.traces.search({ q: `{ resource.service.name = "${service}" && status = error }`, start: new Date(Date.now() - 15 * 60_000), end: new Date(), limit: 20 });
  console.log(`${hits.length} traces with errors in ${service} over the last 15 minutes`);
  for (const h of hits) console.log(`  ${h.traceID} ${h.rootTraceName ?? ''} ${h.durationMs ?? ''} ms`);
  process.exit(hits.length ? 1 : 0);
} catch (err) {
  if (err instanceof PointerApiError) console.error(`error ${err.code}: ${err.message}`);
  else console.error(`error ${err.code ?? 'PTR_ERR_INTERNAL'}: ${err.message}`);
  process.exit(2);
}
