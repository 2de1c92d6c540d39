import { Args, Flags } from '@oclif/core';
import type { PromQueryData } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { parseTime, timeFlags } from '../../query-flags.js';
import { renderPromql } from '../../render/query.js';

export default class QueryPromql extends ClientCommand {
  static override summary = 'Run a PromQL query (instant by default, a range with --range).';
  static override examples = [
    '<%= config.bin %> query promql \'sum by (service_name) (rate(traces_spanmetrics_calls_total[5m]))\'',
    '<%= config.bin %> query promql \'up\' --range --since 1h --step 1m --json',
  ];
  static override args = { expr: Args.string({ description: 'PromQL expression.', required: true }) };
  static override flags = {
    ...clientFlags,
    ...timeFlags,
    range: Flags.boolean({ description: 'Range query from --since to --until.' }),
    step: Flags.string({ description: 'Range step.', default: '1m' }),
    time: Flags.string({ description: 'Evaluation time of an instant query (RFC 3339); default now.' }),
  };

  async run(): Promise<PromQueryData> {
    const { args, flags } = await this.parse(QueryPromql);
    const m = this.client(flags).metrics;
    const data = flags.range
      ? await m.queryRange(args.expr, { start: parseTime(flags.since), end: parseTime(flags.until), step: flags.step })
      : await m.query(args.expr, flags.time ? { time: parseTime(flags.time) } : {});
    if (flags.output === 'json' && !this.jsonEnabled()) this.log(JSON.stringify(data, null, 2));
    else this.print(renderPromql(data));
    return data;
  }
}
