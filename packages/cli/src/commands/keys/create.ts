import { Flags } from '@oclif/core';
import type { ApiKeyScope, CreatedApiKey } from '@pointer/sdk';
import { ClientCommand, clientFlags } from '../../client-command.js';
import { renderCreatedKey } from '../../render/admin.js';

export default class KeysCreate extends ClientCommand {
  static override summary = 'Create an API key bound to your tenant; the key is printed once.';
  static override examples = [
    '<%= config.bin %> keys create --name otel-collector --scope ingest',
    '<%= config.bin %> keys create --name grafana --scope read --expires-in 90d --json',
  ];
  static override flags = {
    ...clientFlags,
    name: Flags.string({ description: 'What the key is for.', required: true }),
    scope: Flags.string({ description: 'Scope (repeatable): ingest, read, write, admin.', options: ['ingest', 'read', 'write', 'admin'], multiple: true, required: true }),
    'expires-in': Flags.string({ description: 'Lifetime such as 30d or 12h; no expiry if absent.' }),
  };

  async run(): Promise<CreatedApiKey> {
    const { flags } = await this.parse(KeysCreate);
    const key = await this.client(flags).keys.create({ name: flags.name, scopes: flags.scope as ApiKeyScope[], ...(flags['expires-in'] ? { expiresIn: flags['expires-in'] } : {}) });
    this.print(renderCreatedKey(key));
    return key;
  }
}
