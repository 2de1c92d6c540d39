import { Args, Flags } from '@oclif/core';
import type { Role, User } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { promptHidden, readStdin } from '../../context/read-secret.js';

export default class UsersCreate extends ClientCommand {
  static override summary = 'Create a user in your tenant.';
  static override examples = ['<%= config.bin %> users create alice --role editor', 'echo "$PW" | <%= config.bin %> users create ci-bot --role viewer --password-stdin'];
  static override args = { username: Args.string({ description: 'User name.', required: true }) };
  static override flags = {
    ...clientFlags,
    role: Flags.string({ description: 'Role.', options: ['viewer', 'editor', 'approver', 'admin'], default: 'viewer' }),
    'password-stdin': Flags.boolean({ description: 'Read the password from stdin (else a prompt).' }),
    password: Flags.string({ description: 'Password.', env: 'POINTER_NEW_PASSWORD', hidden: true }),
  };

  async run(): Promise<User> {
    const { args, flags } = await this.parse(UsersCreate);
    const password = flags['password-stdin'] ? await readStdin() : (flags.password ?? (await promptHidden(`password for ${args.username} (at least 12 characters): `)));
    const user = await this.client(flags).users.create({ username: args.username, password, role: flags.role as Role });
    this.print(`user ${user.username} (${user.role}) created with id ${user.id}`);
    return user;
  }
}
