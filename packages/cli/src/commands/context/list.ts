import { ClientCommand } from '../../client-command.js';
import { renderContexts } from '../../render/admin.js';

export interface ContextListItem {
  name: string;
  current: boolean;
  url: string;
  principal: string | null;
  loggedIn: boolean;
  expiresAt: string | null;
}

export default class ContextList extends ClientCommand {
  static override summary = 'List saved contexts (server URL and who is logged in); tokens are never printed.';
  static override examples = ['<%= config.bin %> context list'];

  async run(): Promise<{ contexts: ContextListItem[] }> {
    await this.parse(ContextList);
    const f = this.contexts().read();
    const contexts = Object.entries(f.contexts).map(([name, c]) => ({
      name,
      current: name === f.current,
      url: c.url,
      principal: c.principal ?? null,
      loggedIn: Boolean(c.token),
      expiresAt: c.expiresAt ?? null,
    }));
    this.print(renderContexts(contexts));
    return { contexts };
  }
}
