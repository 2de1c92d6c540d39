import { Args, Flags } from '@oclif/core';
import type { LogQueryData } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { parseTime, timeFlags } from '../../query-flags.js';
import { renderLogs } from '../../render/query.js';

export default class QueryLogs extends ClientCommand {
  static override summary = 'Query logs with LogQL.';
  static override examples = ['<%= config.bin %> query logs \'{service_name="checkout"} |= "timeout"\' --since 30m', '<%= config.bin %> query logs \'{service_name="api"}\' --limit 500 --json'];
  static override args = { logql: Args.string({ description: 'LogQL query.', required: true }) };
  static override flags = {
    ...clientFlags,
    ...timeFlags,
    limit: Flags.integer({ description: 'Lines to return.', default: 100, min: 1, max: 5000 }),
    forward: Flags.boolean({ description: 'Oldest first (default newest first).' }),
  };

  async run(): Promise<LogQueryData> {
    const { args, flags } = await this.parse(QueryLogs);
    const data = await this.client(flags).logs.query(args.logql, { start: parseTime(flags.since), end: parseTime(flags.until), limit: flags.limit, direction: flags.forward ? 'forward' : 'backward' });
    if (flags.output === 'json' && !this.jsonEnabled()) this.log(JSON.stringify(data, null, 2));
    else this.print(renderLogs(data));
    return data;
  }
}
