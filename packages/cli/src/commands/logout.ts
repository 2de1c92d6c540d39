import { ClientCommand, clientFlags } from '../client-command.js';

export default class Logout extends ClientCommand {
  static override summary = 'Revoke the session token of the current context and forget it.';
  static override examples = ['<%= config.bin %> logout', '<%= config.bin %> logout --context prod'];
  static override flags = { context: clientFlags.context };

  async run(): Promise<{ context: string; revoked: boolean }> {
    const { flags } = await this.parse(Logout);
    const store = this.contexts();
    const cur = store.current(flags.context);
    if (!cur) throw Object.assign(new Error('no current context: nothing to log out of'), { code: 'PTR_ERR_USAGE' });
    let revoked = false;
    // Only session tokens (JWTs) can be revoked by logout; keys are revoked with `pointer keys revoke`.
    if (cur.context.token?.startsWith('eyJ')) revoked = (await this.client({ context: cur.name }).auth.logout()).revoked;
    const { token: _dropped, ...rest } = cur.context;
    store.save(cur.name, rest, false);
    this.print(`logged out of ${cur.context.url} (context "${cur.name}")${revoked ? '; the token is revoked' : ''}`);
    return { context: cur.name, revoked };
  }
}
