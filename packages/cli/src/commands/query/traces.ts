import { Args, Flags } from '@oclif/core';
import type { TraceSearchHit } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { parseTime, timeFlags } from '../../query-flags.js';
import { renderTraces } from '../../render/query.js';

export default class QueryTraces extends ClientCommand {
  static override summary = 'Search traces with TraceQL (or tags), or fetch one trace by id.';
  static override examples = [
    '<%= config.bin %> query traces \'{ resource.service.name = "checkout" && status = error }\'',
    '<%= config.bin %> query traces --tags "service.name=checkout" --min-duration 500ms --limit 50',
    '<%= config.bin %> query traces --id 5b8efff798038103d269b633813fc60c --json',
  ];
  static override args = { traceql: Args.string({ description: 'TraceQL query.' }) };
  static override flags = {
    ...clientFlags,
    ...timeFlags,
    tags: Flags.string({ description: 'logfmt tag search, e.g. "service.name=checkout http.status_code=500".' }),
    'min-duration': Flags.string({ description: 'Minimum trace duration (Go duration: 100ms, 2s).' }),
    limit: Flags.integer({ description: 'Traces to return.', default: 20, min: 1, max: 1000 }),
    id: Flags.string({ description: 'Fetch this trace (OTLP JSON) instead of searching.' }),
  };

  async run(): Promise<{ traces: TraceSearchHit[] } | { trace: { resourceSpans: unknown[] } }> {
    const { args, flags } = await this.parse(QueryTraces);
    const t = this.client(flags).traces;
    if (flags.id) {
      const trace = await t.get(flags.id);
      if (!this.jsonEnabled()) this.log(JSON.stringify(trace, null, 2));
      return { trace };
    }
    const traces = await t.search({ q: args.traceql, tags: flags.tags, minDuration: flags['min-duration'], limit: flags.limit, start: parseTime(flags.since), end: parseTime(flags.until) });
    if (flags.output === 'json' && !this.jsonEnabled()) this.log(JSON.stringify({ traces }, null, 2));
    else this.print(renderTraces(traces));
    return { traces };
  }
}
