import { TailCommand, tailFlags, type TailSummary } from '../../tail-command.js';

export default class TailLogs extends TailCommand {
  static override summary = 'Live tail of log records as they arrive (Ink TUI; NDJSON with --json or when piped).';
  static override examples = ['<%= config.bin %> tail logs --service api --severity warn', '<%= config.bin %> tail logs --text timeout', '<%= config.bin %> tail logs --trace-id 5b8efff798038103d269b633813fc60c > logs.ndjson'];
  static override flags = { ...tailFlags };

  async run(): Promise<TailSummary | undefined> {
    const { flags } = await this.parse(TailLogs);
    return this.tail('logs', flags);
  }
}
