/**
 * A module is a named unit with declared dependencies and a start function, in the manner of
 * Loki's modules: roles (`ingest`, `gateway`, ...) are modules, and so are the internal pieces
 * they share (the HTTP server, the bus, the stores). The runner starts the closure of the
 * requested roles in dependency order and stops them in reverse.
 */
import type { PointerConfig } from '../config/index.js';
import type { Readiness } from '../lifecycle/index.js';
import type { Logger } from '../log/index.js';
import type { SelfMetrics } from '../selfmetrics/index.js';
import type { SharedServices } from './services.js';

export interface ModuleContext {
  config: PointerConfig;
  log: Logger;
  metrics: SelfMetrics;
  services: SharedServices;
}

export interface RunningModule {
  readiness(): Readiness;
  /** Called once every module has started, in start order: listeners open here. */
  serve?(): Promise<void>;
  /** Stop accepting new work. Called on every module (reverse order) before any stop(). */
  drain?(): Promise<void>;
  /** Flush and release everything. Idempotent. */
  stop(): Promise<void>;
}

export interface ModuleDefinition {
  name: string;
  description: string;
  /** Roles are what users name in --role; internal modules are pulled in as dependencies. */
  kind: 'role' | 'internal';
  dependsOn: readonly string[];
  start(ctx: ModuleContext): Promise<RunningModule>;
}

export const alwaysReady = (): Readiness => ({ ready: true });
