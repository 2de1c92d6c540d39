import { Flags } from '@oclif/core';
import { PointerCommand } from '../base-command.js';
import { flagsToOverrides, serverFlags } from '../serve/server-flags.js';
import { runServer, type DryRunResult } from '../serve/run-server.js';

export default class Server extends PointerCommand {
  static override summary = 'Run chosen roles of Pointer (distributed mode).';
  static override description = `Roles: ingest, processor, gateway, alerting, healing, topology, synthetics, ai, all. Repeat --role or separate roles with commas. Each process also serves /healthz, /readyz and /metrics on its gateway address.`;
  static override examples = ['<%= config.bin %> server --role ingest', '<%= config.bin %> server --role gateway,alerting --config pointer.yaml'];
  static override flags = {
    ...serverFlags,
    role: Flags.string({ char: 'r', description: 'Role(s) to run.', multiple: true, required: true }),
  };

  async run(): Promise<DryRunResult | undefined> {
    const { flags } = await this.parse(Server);
    const roles = flags.role.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
    return runServer({
      configFile: flags.config,
      overrides: flagsToOverrides(flags, roles),
      dryRun: flags['dry-run'] ?? false,
      json: this.jsonEnabled(),
      out: (l) => this.log(l),
    });
  }
}
