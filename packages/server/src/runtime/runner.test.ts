import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import type { ModuleDefinition } from './module.js';
import { ModuleRunner } from './runner.js';

function recorder(events: string[], name: string, dependsOn: string[] = [], opts: { failStart?: boolean; hangStop?: boolean } = {}): ModuleDefinition {
  return {
    name,
    kind: 'role',
    description: name,
    dependsOn,
    async start() {
      if (opts.failStart) throw new Error(`${name} broke`);
      events.push(`start ${name}`);
      return {
        readiness: () => ({ ready: true }),
        serve: async () => void events.push(`serve ${name}`),
        drain: async () => void events.push(`drain ${name}`),
        stop: async () => {
          events.push(`stop ${name}`);
          if (opts.hangStop) await new Promise(() => undefined);
        },
      };
    },
  };
}

const config = validateConfig({ server: { shutdownTimeoutMs: 300 } });

describe('ModuleRunner', () => {
  it('starts in dependency order, drains then stops in reverse', async () => {
    const ev: string[] = [];
    const reg = new Map([recorder(ev, 'a'), recorder(ev, 'b', ['a'])].map((m) => [m.name, m]));
    const runner = new ModuleRunner(config, reg, silentLogger, { processMetrics: false });
    await runner.start(['b']);
    expect(runner.readiness().every((r) => r.ready)).toBe(true);
    await runner.stop();
    await runner.stop(); // idempotent
    expect(ev).toEqual(['start a', 'start b', 'serve a', 'serve b', 'drain b', 'drain a', 'stop b', 'stop a']);
  });

  it('stops what started when a later module fails, and names the module', async () => {
    const ev: string[] = [];
    const reg = new Map([recorder(ev, 'a'), recorder(ev, 'b', ['a'], { failStart: true })].map((m) => [m.name, m]));
    const runner = new ModuleRunner(config, reg, silentLogger, { processMetrics: false });
    await expect(runner.start(['b'])).rejects.toThrow(/module b failed to start: b broke/);
    expect(ev).toEqual(['start a', 'drain a', 'stop a']);
  });

  it('bounds shutdown time', async () => {
    const ev: string[] = [];
    const reg = new Map([recorder(ev, 'a', [], { hangStop: true })].map((m) => [m.name, m]));
    const runner = new ModuleRunner(config, reg, silentLogger, { processMetrics: false });
    await runner.start(['a']);
    const t0 = Date.now();
    await expect(runner.stop()).rejects.toMatchObject({ code: 'PTR_ERR_SHUTDOWN_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports not ready before start', () => {
    const runner = new ModuleRunner(config, new Map(), silentLogger, { processMetrics: false });
    expect(runner.readiness()).toEqual([{ module: 'server', ready: false, reason: 'server is new' }]);
  });
});
