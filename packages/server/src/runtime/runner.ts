/**
 * Starts a set of modules in dependency order, reports their readiness, and shuts them down
 * in reverse order within a bounded time: first every module drains (stops accepting), then
 * each stops (flush and close). Only the CLI's main exits the process.
 */
import type { PointerConfig } from '../config/index.js';
import { asPtrError, ptrError } from '../errors/index.js';
import type { Readiness } from '../lifecycle/index.js';
import type { Logger } from '../log/index.js';
import { SelfMetrics } from '../selfmetrics/index.js';
import type { ModuleContext, ModuleDefinition, RunningModule } from './module.js';
import { resolveModules } from './resolve.js';
import { SharedServices } from './services.js';
import { READINESS } from './keys.js';

export interface ModuleReadiness extends Readiness {
  module: string;
}

export class ModuleRunner {
  readonly services = new SharedServices();
  readonly metrics: SelfMetrics;
  private readonly running: { def: ModuleDefinition; mod: RunningModule }[] = [];
  private stopping: Promise<void> | undefined;
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(
    private readonly config: PointerConfig,
    private readonly registry: ReadonlyMap<string, ModuleDefinition>,
    private readonly log: Logger,
    options: { processMetrics?: boolean } = {},
  ) {
    this.metrics = new SelfMetrics(options);
    this.services.provide(READINESS, () => this.readiness());
  }

  /** The modules that `roles` resolves to, in start order. */
  plan(roles: readonly string[]): ModuleDefinition[] {
    return resolveModules(roles, this.registry);
  }

  async start(roles: readonly string[]): Promise<void> {
    const plan = this.plan(roles);
    this.state = 'starting';
    const ctx: ModuleContext = { config: this.config, log: this.log, metrics: this.metrics, services: this.services };
    try {
      for (const def of plan) {
        const t0 = performance.now();
        const mod = await def.start({ ...ctx, log: this.log.child({ module: def.name }) }).catch((err: unknown) => {
          const e = asPtrError(err);
          if (e.code !== 'PTR_ERR_INTERNAL') throw e;
          throw ptrError('PTR_ERR_STARTUP', `module ${def.name} failed to start: ${e.message}`, { cause: err });
        });
        this.running.push({ def, mod });
        this.log.debug('module started', { module: def.name, ms: Math.round(performance.now() - t0) });
      }
      for (const { mod } of this.running) await mod.serve?.();
      this.state = 'running';
    } catch (err) {
      await this.stop(this.config.server.shutdownTimeoutMs).catch(() => undefined);
      throw err;
    }
  }

  readiness(): ModuleReadiness[] {
    if (this.state !== 'running') {
      return [{ module: 'server', ready: false, reason: `server is ${this.state}` }];
    }
    return this.running.map(({ def, mod }) => ({ module: def.name, ...mod.readiness() }));
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  /** Drain all, then stop all in reverse order; bounded by timeoutMs. Idempotent. */
  stop(timeoutMs = this.config.server.shutdownTimeoutMs): Promise<void> {
    this.stopping ??= this.doStop(timeoutMs);
    return this.stopping;
  }

  private async doStop(timeoutMs: number): Promise<void> {
    this.state = 'stopping';
    const reversed = [...this.running].reverse();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(ptrError('PTR_ERR_SHUTDOWN_TIMEOUT', `shutdown took longer than ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    const work = (async () => {
      for (const { def, mod } of reversed) {
        await mod.drain?.().catch((err: unknown) => this.log.warn('drain failed', { module: def.name, error: err }));
      }
      for (const { def, mod } of reversed) {
        await mod.stop().catch((err: unknown) => this.log.warn('stop failed', { module: def.name, error: err }));
      }
    })();
    try {
      await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
      this.state = 'stopped';
    }
  }
}
