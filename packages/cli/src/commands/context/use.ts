import { Args } from '@oclif/core';
import { ClientCommand } from '../../client-command.js';

export default class ContextUse extends ClientCommand {
  static override summary = 'Make a saved context the current one.';
  static override examples = ['<%= config.bin %> context use prod'];
  static override args = { name: Args.string({ description: 'Context name.', required: true }) };

  async run(): Promise<{ current: string }> {
    const { args } = await this.parse(ContextUse);
    const store = this.contexts();
    const f = store.read();
    if (!f.contexts[args.name]) throw Object.assign(new Error(`no context named ${args.name}: see pointer context list`), { code: 'PTR_ERR_USAGE' });
    f.current = args.name;
    store.write(f);
    this.print(`current context: ${args.name}`);
    return { current: args.name };
  }
}
