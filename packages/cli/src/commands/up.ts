import { PointerCommand } from '../base-command.js';
import { flagsToOverrides, serverFlags } from '../serve/server-flags.js';
import { runServer, type DryRunResult } from '../serve/run-server.js';

export default class Up extends PointerCommand {
  static override summary = 'Run Pointer embedded: every role in one process.';
  static override description =
    'Starts ingest (OTLP gRPC/HTTP), the processors, the gateway, alerting, healing, topology, synthetics and the AI service in one process, with embedded stores in the data dir. Prints where it listens and, on first start, the admin token.';
  static override examples = ['<%= config.bin %> up', '<%= config.bin %> up --data-dir /var/lib/pointer', '<%= config.bin %> up --dry-run', 'POINTER_GATEWAY_ADDR=0.0.0.0:9080 <%= config.bin %> up'];
  static override flags = { ...serverFlags };

  async run(): Promise<DryRunResult | undefined> {
    const { flags } = await this.parse(Up);
    return runServer({
      configFile: flags.config,
      overrides: flagsToOverrides(flags, ['all']),
      dryRun: flags['dry-run'] ?? false,
      json: this.jsonEnabled(),
      out: (l) => this.log(l),
    });
  }
}
