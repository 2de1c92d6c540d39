/**
 * Shared body of `pointer up` and `pointer server`: validate config, optionally stop there
 * (--dry-run), start the roles, print where Pointer listens, and shut down gracefully on
 * SIGTERM/SIGINT within the configured time (a second signal exits at once).
 */
import type { PointerConfig } from '@pointer/server';
import { renderBanner, renderDryRun } from '../render/banner.js';
import { EXIT } from '../exit-codes.js';

export interface RunServerOptions {
  configFile: string | undefined;
  overrides: Record<string, unknown>;
  dryRun: boolean;
  json: boolean;
  out: (line: string) => void;
}

export interface DryRunResult {
  valid: true;
  configFile: string | null;
  modules: string[];
  config: PointerConfig;
}

export async function runServer(opts: RunServerOptions): Promise<DryRunResult | undefined> {
  // Loaded here, not at the top: every other command would otherwise pay for loading the server.
  const { loadConfig, startPointer, defaultModules, resolveModules } = await import('@pointer/server');
  const { config, file } = loadConfig({ configFile: opts.configFile, overrides: opts.overrides });
  if (opts.dryRun) {
    const modules = resolveModules(config.server.roles, defaultModules()).map((m) => m.name);
    const result: DryRunResult = { valid: true, configFile: file ?? null, modules, config: redactConfig(config) };
    if (!opts.json) opts.out(renderDryRun(result));
    return result;
  }
  const server = await startPointer({ config });
  opts.out(renderBanner(server));

  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals): void => {
      signals++;
      if (signals > 1) {
        process.stderr.write(`received ${sig} again: exiting now\n`);
        process.exit(EXIT.ERROR);
      }
      process.stderr.write(`received ${sig}: shutting down (at most ${config.server.shutdownTimeoutMs} ms)\n`);
      server.stop().then(
        () => resolve(),
        (err: Error & { code?: string }) => {
          process.stderr.write(`error ${err.code ?? 'PTR_ERR_INTERNAL'}: ${err.message}\n`);
          process.exit(EXIT.SHUTDOWN_TIMEOUT);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return undefined;
}

function redactConfig(c: PointerConfig): PointerConfig {
  const copy = structuredClone(c);
  if (copy.auth.adminToken) copy.auth.adminToken = '[redacted]';
  if (copy.auth.jwt.secret) copy.auth.jwt.secret = '[redacted]';
  if (copy.storage.relational.postgresUrl) copy.storage.relational.postgresUrl = '[redacted]';
  return copy;
}
