import { Flags } from '@oclif/core';
import { PointerClient, type PrincipalView } from '@pointer/sdk';
import { ClientCommand, DEFAULT_URL } from '../client-command.js';
import { promptHidden, readStdin } from '../context/read-secret.js';
import { renderPrincipal } from '../render/admin.js';

export interface LoginResult {
  context: string;
  url: string;
  principal: PrincipalView;
  expiresAt: string | null;
}

export default class Login extends ClientCommand {
  static override summary = 'Log in to a Pointer server and save the context (URL + token) in your config dir (0600).';
  static override description = 'With --username, exchanges the password for a session token (JWT). With --token, saves an API key or the admin token after checking it. The context becomes current; other commands use it.';
  static override examples = [
    '<%= config.bin %> login --url http://pointer:9080 --username alice',
    'echo "$PASSWORD" | <%= config.bin %> login --url http://pointer:9080 --username ci --password-stdin --context prod',
    '<%= config.bin %> login --url http://127.0.0.1:9080 --token "$POINTER_ADMIN_TOKEN"',
  ];
  static override flags = {
    url: Flags.string({ description: 'Gateway URL.', env: 'POINTER_URL', default: DEFAULT_URL }),
    username: Flags.string({ char: 'u', description: 'User name (password login).' }),
    'password-stdin': Flags.boolean({ description: 'Read the password from stdin.' }),
    password: Flags.string({ description: 'Password (prefer --password-stdin or the prompt; a flag is visible to other users of the machine).', env: 'POINTER_PASSWORD', hidden: true }),
    token: Flags.string({ description: 'Save this API key or admin token instead of logging in with a password.', env: 'POINTER_TOKEN' }),
    context: Flags.string({ description: 'Name of the context to save.', default: 'default' }),
    tenant: Flags.string({ description: 'Tenant to act in (admin token only).' }),
  };

  async run(): Promise<LoginResult> {
    const { flags } = await this.parse(Login);
    const client = new PointerClient({ url: flags.url, token: flags.token, tenant: flags.tenant });
    let expiresAt: string | null = null;
    let principal: PrincipalView;
    if (flags.username) {
      const password = flags['password-stdin'] ? await readStdin() : (flags.password ?? (await promptHidden(`password for ${flags.username}: `)));
      const r = await client.auth.login(flags.username, password);
      principal = r.principal;
      expiresAt = r.expiresAt;
    } else if (flags.token) {
      principal = await client.auth.me();
    } else {
      throw Object.assign(new Error('pass --username (password login) or --token (API key or admin token)'), { code: 'PTR_ERR_USAGE' });
    }
    this.contexts().save(flags.context, {
      url: flags.url,
      token: client.token!,
      ...(flags.tenant ? { tenant: flags.tenant } : {}),
      principal: `${principal.name} (${principal.kind}, tenant ${principal.tenant})`,
      ...(expiresAt ? { expiresAt } : {}),
    });
    this.print(`logged in to ${flags.url} as ${renderPrincipal(principal)}; context "${flags.context}" saved in ${this.contexts().file}`);
    return { context: flags.context, url: flags.url, principal, expiresAt };
  }
}
