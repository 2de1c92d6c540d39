/**
 * Common behaviour of every `pointer` command: errors print as one line with their code (no
 * stack trace for user errors) and map to the documented exit codes.
 */
import { Command } from '@oclif/core';
import { exitCodeFor } from './exit-codes.js';

export abstract class PointerCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(err: Error & { code?: string; exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own flag/usage errors and exits keep their behaviour.
    if (err.oclif?.exit !== undefined && !err.code?.startsWith('PTR_ERR')) return super.catch(err);
    const code = typeof err.code === 'string' ? err.code : undefined;
    const exit = exitCodeFor(code);
    if (this.jsonEnabled()) {
      this.logJson({ status: 'error', error: { code: code ?? 'PTR_ERR_INTERNAL', message: err.message } });
    } else {
      process.stderr.write(`error ${code ?? 'PTR_ERR_INTERNAL'}: ${err.message}\n`);
      if (!code) process.stderr.write((err.stack ?? '') + '\n');
    }
    this.exit(exit);
  }
}
