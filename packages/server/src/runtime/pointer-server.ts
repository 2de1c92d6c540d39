/**
 * Starts Pointer with a validated config and a set of roles; the CLI (`pointer up`,
 * `pointer server`) and the test helpers both use this.
 */
import type { PointerConfig } from '../config/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { defaultModules } from '../roles/registry.js';
import type { ModuleDefinition } from './module.js';
import { ModuleRunner, type ModuleReadiness } from './runner.js';
import { ADMIN_TOKEN, DATA_DIR, LISTENERS } from './keys.js';

export interface StartOptions {
  config: PointerConfig;
  /** Defaults to config.server.roles. */
  roles?: readonly string[];
  log?: Logger;
  /** Extra or replacement modules (tests, embedding applications). */
  modules?: readonly ModuleDefinition[];
  /** Collect Node process metrics in /metrics (off for test servers sharing a process). */
  processMetrics?: boolean;
}

export interface PointerServer {
  readonly runner: ModuleRunner;
  readonly config: PointerConfig;
  /** Listener name -> bound address (`gateway`, `otlp-grpc`, `otlp-http`, `ai`). */
  readonly listeners: ReadonlyMap<string, string>;
  readonly dataDir: string;
  /** The admin token, only on the start that generated it; print it once. */
  readonly generatedAdminToken: string | undefined;
  readiness(): ModuleReadiness[];
  stop(): Promise<void>;
}

export async function startPointer(options: StartOptions): Promise<PointerServer> {
  const { config } = options;
  const log = options.log ?? createLogger(config.log);
  const registry = defaultModules();
  for (const m of options.modules ?? []) registry.set(m.name, m);
  const runner = new ModuleRunner(config, registry, log, { processMetrics: options.processMetrics ?? true });
  await runner.start(options.roles ?? config.server.roles);
  // Only now: a start that failed above must not leave a stored hash behind an unseen token.
  const adminToken = runner.services.get(ADMIN_TOKEN);
  try {
    adminToken.persist();
  } catch (err) {
    await runner.stop();
    throw err;
  }
  return {
    runner,
    config,
    listeners: runner.services.get(LISTENERS),
    dataDir: runner.services.get(DATA_DIR),
    generatedAdminToken: adminToken.generatedToken,
    readiness: () => runner.readiness(),
    stop: () => runner.stop(),
  };
}
