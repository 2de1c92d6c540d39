import { Args } from '@oclif/core';
import type { ApiKey } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';

export default class KeysRevoke extends ClientCommand {
  static override summary = 'Revoke an API key; it stops working at once.';
  static override examples = ['<%= config.bin %> keys revoke 53cc6c2a2ec22a5b'];
  static override args = { id: Args.string({ description: 'Key id (see pointer keys list).', required: true }) };
  static override flags = { ...clientFlags };

  async run(): Promise<ApiKey> {
    const { args, flags } = await this.parse(KeysRevoke);
    const key = await this.client(flags).keys.revoke(args.id);
    this.print(`API key ${key.id} (${key.name}) revoked at ${key.revokedAt}`);
    return key;
  }
}
