import type { User } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { renderUsers } from '../../render/admin.js';

export default class UsersList extends ClientCommand {
  static override summary = 'List the users of your tenant.';
  static override examples = ['<%= config.bin %> users list', '<%= config.bin %> users list --json'];
  static override flags = { ...clientFlags };

  async run(): Promise<{ users: User[] }> {
    const { flags } = await this.parse(UsersList);
    const users = await this.client(flags).users.list();
    this.print(renderUsers(users));
    return { users };
  }
}
