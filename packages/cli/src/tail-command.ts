/**
 * Shared body of `pointer tail traces|logs`: builds the filters, opens the SDK's tail iterator
 * and hands it to a renderer: the Ink TUI on a terminal, NDJSON (one event per line) with
 * --json or when stdout is not a terminal.
 */
import { createElement } from 'react';
import { Flags } from '@oclif/core';
import type { TailFilters, TailIterator } from '@pointer/sdk';
import { ClientCommand, clientFlags } from './client-command.js';

export const tailFlags = {
  ...clientFlags,
  service: Flags.string({ char: 's', description: 'Only this service (service.name).' }),
  severity: Flags.string({ description: 'Logs: minimum severity (debug, info, warn, error, fatal or 1-24). Traces: "error" for error spans only.' }),
  attr: Flags.string({ char: 'a', description: 'Attribute equality key=value (repeatable).', multiple: true }),
  text: Flags.string({ char: 't', description: 'Case-insensitive substring of the span name or log body.' }),
  'trace-id': Flags.string({ description: 'Only this trace (32 hex digits).' }),
};

export interface TailSummary {
  received: number;
  missed: number;
}

export abstract class TailCommand extends ClientCommand {
  /** NDJSON: the closing summary (and an error) stay one line each, like the events. */
  override logJson(json: unknown): void {
    process.stdout.write(JSON.stringify(json) + '\n');
  }

  protected async tail(signal: 'spans' | 'logs', flags: { service?: string | undefined; severity?: string | undefined; attr?: string[] | undefined; text?: string | undefined; 'trace-id'?: string | undefined } & Parameters<ClientCommand['client']>[0]): Promise<TailSummary | undefined> {
    const attributes: Record<string, string> = {};
    for (const a of flags.attr ?? []) {
      const i = a.indexOf('=');
      if (i <= 0) throw Object.assign(new Error(`--attr ${a}: expected key=value`), { code: 'PTR_ERR_USAGE' });
      attributes[a.slice(0, i)] = a.slice(i + 1);
    }
    const filters: TailFilters = {
      ...(flags.service ? { service: flags.service } : {}),
      ...(flags.severity ? { severity: flags.severity } : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(flags.text ? { text: flags.text } : {}),
      ...(flags['trace-id'] ? { traceId: flags['trace-id'] } : {}),
    };
    const abort = new AbortController();
    const it = this.client(flags).tail({ signal, filters, abort: abort.signal });
    await it.ready();
    if (this.jsonEnabled() || !process.stdout.isTTY) return this.ndjson(it, abort);
    const { render } = await import('ink');
    const { TailView } = await import('./render/tail/tail-view.js');
    const title = `${signal === 'spans' ? 'traces' : 'logs'}${Object.keys(filters).length ? '  ' + JSON.stringify(filters) : ''}`;
    const app = render(createElement(TailView, { source: it, title }), { exitOnCtrlC: true });
    await app.waitUntilExit();
    await it.return();
    return undefined;
  }

  private async ndjson(it: TailIterator, abort: AbortController): Promise<TailSummary> {
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let received = 0;
    let missed = 0;
    for await (const ev of it) {
      if (ev.type === 'missed') missed += ev.count;
      else received++;
      process.stdout.write(JSON.stringify(ev) + '\n');
    }
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return { received, missed };
  }
}
