import { Args, Flags } from '@oclif/core';
import type { Role, User } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { readStdin } from '../../context/read-secret.js';

export default class UsersUpdate extends ClientCommand {
  static override summary = 'Change a user: role, password (ends its sessions), enable or disable.';
  static override examples = ['<%= config.bin %> users update 7c1e... --role admin', '<%= config.bin %> users update 7c1e... --disable', 'echo "$PW" | <%= config.bin %> users update 7c1e... --password-stdin'];
  static override args = { id: Args.string({ description: 'User id (see pointer users list).', required: true }) };
  static override flags = {
    ...clientFlags,
    role: Flags.string({ description: 'New role.', options: ['viewer', 'editor', 'approver', 'admin'] }),
    disable: Flags.boolean({ description: 'Disable the user (ends its sessions).', exclusive: ['enable'] }),
    enable: Flags.boolean({ description: 'Enable the user.' }),
    'password-stdin': Flags.boolean({ description: 'Read a new password from stdin.' }),
  };

  async run(): Promise<User> {
    const { args, flags } = await this.parse(UsersUpdate);
    const patch = {
      ...(flags.role ? { role: flags.role as Role } : {}),
      ...(flags.disable ? { disabled: true } : flags.enable ? { disabled: false } : {}),
      ...(flags['password-stdin'] ? { password: await readStdin() } : {}),
    };
    if (Object.keys(patch).length === 0) throw Object.assign(new Error('nothing to change: pass --role, --disable, --enable or --password-stdin'), { code: 'PTR_ERR_USAGE' });
    const user = await this.client(flags).users.update(args.id, patch);
    this.print(`user ${user.username}: role ${user.role}, ${user.disabled ? 'disabled' : 'enabled'}`);
    return user;
  }
}
