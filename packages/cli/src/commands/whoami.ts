import type { PrincipalView } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../client-command.js';
import { renderPrincipal } from '../render/admin.js';

export default class Whoami extends ClientCommand {
  static override summary = 'Show who the current credential is: kind, tenant, role or scopes, permissions.';
  static override examples = ['<%= config.bin %> whoami', '<%= config.bin %> whoami --json'];
  static override flags = { ...clientFlags };

  async run(): Promise<PrincipalView> {
    const { flags } = await this.parse(Whoami);
    const me = await this.client(flags).auth.me();
    this.print(`${renderPrincipal(me)}\npermissions: ${me.permissions.join(', ')}`);
    return me;
  }
}
