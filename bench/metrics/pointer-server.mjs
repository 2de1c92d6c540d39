// A Pointer serving the Prometheus API and remote write, for the metrics benchmark.
// Usage: node bench/metrics/pointer-server.mjs <dataDir> <gatewayAddr> <adminToken>
import { PerformanceObserver } from 'node:perf_hooks';
import { startPointer, validateConfig, silentLogger } from '@pointer/server';

// BENCH_GC_LOG=<ms>: every garbage collection pause of at least that many ms, on stderr
if (process.env.BENCH_GC_LOG) {
  const min = Number(process.env.BENCH_GC_LOG);
  const kinds = { 1: 'minor', 2: 'major', 4: 'major', 8: 'incremental', 16: 'weakcb' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= min) process.stderr.write(`gc ${kinds[e.detail?.kind] ?? e.detail?.kind} ${e.duration.toFixed(1)} ms at ${new Date().toISOString()}\n`);
  }).observe({ entryTypes: ['gc'] });
}

const [dataDir, addr, token] = process.argv.slice(2);
const config = validateConfig({
  dataDir,
  gateway: { addr, maxRequestBytes: 64 * 1024 * 1024 },
  otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
  auth: { adminToken: token },
  rateLimits: { enabled: false },
});
// BENCH_ALLOC_PROF=<file>: from SIGUSR2 on (probe-query sends it before its queries), a sampling
// profile of every allocation, collected ones too; written at SIGTERM (a .heapprofile for DevTools).
// With BENCH_ALLOC_MAJOR=1 it leaves out what young-generation collections freed: what remains is
// what outlived them (promoted to the old generation), the garbage behind full collections.
let allocSession;
if (process.env.BENCH_ALLOC_PROF) {
  const { Session } = await import('node:inspector/promises');
  allocSession = new Session();
  allocSession.connect();
  process.on('SIGUSR2', () => {
    void allocSession.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !process.env.BENCH_ALLOC_MAJOR });
  });
}
const server = await startPointer({ config, roles: ['gateway', 'prometheus-api'], log: silentLogger });
process.stdout.write(`ready ${server.listeners.get('gateway')}\n`);
process.on('SIGTERM', async () => {
  if (allocSession) {
    const { profile } = await allocSession.post('HeapProfiler.stopSampling');
    (await import('node:fs')).writeFileSync(process.env.BENCH_ALLOC_PROF, JSON.stringify(profile));
  }
  await server.stop();
  process.exit(0);
});
