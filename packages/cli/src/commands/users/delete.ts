import { Args } from '@oclif/core';
import { ClientCommand, clientFlags } from '../../client-command.js';

export default class UsersDelete extends ClientCommand {
  static override summary = 'Delete a user of your tenant; its sessions end at once.';
  static override examples = ['<%= config.bin %> users delete 7c1e...'];
  static override args = { id: Args.string({ description: 'User id.', required: true }) };
  static override flags = { ...clientFlags };

  async run(): Promise<{ id: string; deleted: boolean }> {
    const { args, flags } = await this.parse(UsersDelete);
    const r = await this.client(flags).users.delete(args.id);
    this.print(`user ${args.id} deleted`);
    return { id: args.id, deleted: r.deleted };
  }
}
