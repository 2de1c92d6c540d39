// Starts a Pointer that serves the Prometheus API and the remote-write receiver, as the test
// target of the PromQL compliance run. Usage: node pointer-target.mjs <dataDir> <gatewayAddr> <adminToken>
import { startPointer, validateConfig, createLogger } from '@pointer/server';

const [dataDir, addr, token] = process.argv.slice(2);
if (!dataDir || !addr || !token) {
  console.error('usage: node pointer-target.mjs <dataDir> <gatewayAddr> <adminToken>');
  process.exit(2);
}
const config = validateConfig({
  dataDir,
  gateway: { addr },
  otlp: { grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' },
  auth: { adminToken: token },
  rateLimits: { enabled: false },
});
const server = await startPointer({ config, roles: ['gateway', 'prometheus-api'], log: createLogger({ level: 'info', format: 'text' }) });
console.log(`pointer listening on ${server.listeners.get('gateway')}`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
