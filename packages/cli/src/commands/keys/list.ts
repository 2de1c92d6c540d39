import { Flags } from '@oclif/core';
import type { ApiKey } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { renderKeys } from '../../render/admin.js';

export default class KeysList extends ClientCommand {
  static override summary = 'List the API keys of your tenant (never their secrets).';
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --all --json'];
  static override flags = { ...clientFlags, all: Flags.boolean({ description: 'Include revoked keys.' }) };

  async run(): Promise<{ keys: ApiKey[] }> {
    const { flags } = await this.parse(KeysList);
    const keys = await this.client(flags).keys.list({ includeRevoked: flags.all });
    this.print(renderKeys(keys));
    return { keys };
  }
}
