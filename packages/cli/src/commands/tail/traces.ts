import { TailCommand, tailFlags, type TailSummary } from '../../tail-command.js';

export default class TailTraces extends TailCommand {
  static override summary = 'Live tail of spans as they arrive (Ink TUI; NDJSON with --json or when piped).';
  static override examples = ['<%= config.bin %> tail traces --service checkout', '<%= config.bin %> tail traces --severity error --attr http.route=/pay', '<%= config.bin %> tail traces --json | jq .span.name'];
  static override flags = { ...tailFlags };

  async run(): Promise<TailSummary | undefined> {
    const { flags } = await this.parse(TailTraces);
    return this.tail('spans', flags);
  }
}
