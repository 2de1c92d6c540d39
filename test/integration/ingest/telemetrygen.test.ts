/** telemetrygen (opentelemetry-collector-contrib) sends traces and logs over gRPC and HTTP. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngest, type IngestHarness } from './harness.js';

const run = promisify(execFile);
const bin = process.env.POINTER_TEST_TELEMETRYGEN;

let h: IngestHarness;
beforeAll(async () => {
  h = await startIngest();
});
afterAll(async () => {
  await h?.stop();
});

async function telemetrygen(args: string[]): Promise<void> {
  await run(bin!, args, { timeout: 60_000 });
}

describe('telemetrygen', () => {
  it('has POINTER_TEST_TELEMETRYGEN (run `bash scripts/services.sh up telemetrygen`)', () => {
    expect(bin, 'POINTER_TEST_TELEMETRYGEN is not set').toBeTruthy();
  });

  for (const transport of ['grpc', 'http'] as const) {
    it(`sends traces and logs over ${transport}`, async () => {
      h.clear();
      const endpoint = (transport === 'grpc' ? h.grpc : h.http).replace('http://', '');
      const common = ['--otlp-endpoint', endpoint, '--otlp-insecure', '--rate', '0', ...(transport === 'http' ? ['--otlp-http'] : [])];
      await telemetrygen(['traces', ...common, '--traces', '20', '--child-spans', '2', '--otlp-attributes', 'service.name="tg-traces"']);
      await telemetrygen(['logs', ...common, '--logs', '15', '--body', 'telemetrygen says hi']);
      // telemetrygen exits once its exporter flushed, i.e. after our acknowledgements
      expect(h.total('spans')).toBe(20 * 3);
      expect(h.total('logs')).toBe(15);
      const b = h.recorded.spans[0]!;
      expect(b.strings[b.resources[b.resource[0]!]!.serviceName]).toBe('tg-traces');
      const names = new Set(h.recorded.spans.flatMap((s) => [...s.name].map((n) => s.strings[n])));
      expect(names).toEqual(new Set(['lets-go', 'okey-dokey-0', 'okey-dokey-1']));
      const l = h.recorded.logs[0]!;
      expect(l.strings[l.body[0]!]).toBe('telemetrygen says hi');
    });
  }
});
