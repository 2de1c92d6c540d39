// A Pointer serving the Prometheus API and remote write, for the metrics benchmark.
// Usage: node bench/metrics/pointer-server.mjs <dataDir> <gatewayAddr> <adminToken>
import { startPointer, validateConfig, silentLogger } from '@pointer/server';

const [dataDir, addr, token] = process.argv.slice(2);
const config = validateConfig({
  dataDir,
  gateway: { addr, maxRequestBytes: 64 * 1024 * 1024 },
  otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
  auth: { adminToken: token },
  rateLimits: { enabled: false },
});
const server = await startPointer({ config, roles: ['gateway', 'prometheus-api'], log: silentLogger });
process.stdout.write(`ready ${server.listeners.get('gateway')}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
