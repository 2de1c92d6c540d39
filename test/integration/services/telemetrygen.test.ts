/** telemetrygen from scripts/services.sh: it runs and sends OTLP/HTTP traces to a receiver. */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { serviceEnv } from './env.js';

describe('telemetrygen (POINTER_TEST_TELEMETRYGEN)', () => {
  it('sends OTLP/HTTP protobuf trace exports', async () => {
    const bin = serviceEnv('POINTER_TEST_TELEMETRYGEN');
    const requests: Array<{ path: string; type: string; bytes: number }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', bytes: Buffer.concat(chunks).length });
        // An empty ExportTraceServiceResponse.
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await promisify(execFile)(
        bin,
        ['traces', '--otlp-http', '--otlp-insecure', '--otlp-endpoint', `127.0.0.1:${port}`, '--traces', '2', '--service', 'svc-test'],
        { timeout: 60_000 },
      );
    } finally {
      server.close();
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.path === '/v1/traces' && r.type === 'application/x-protobuf' && r.bytes > 0)).toBe(true);
  });
});
