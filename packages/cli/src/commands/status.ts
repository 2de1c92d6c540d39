import { Flags } from '@oclif/core';
import { PointerClient, type ReadyResponse } from '@pointer/sdk';
import { PointerCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { renderReadiness } from '../render/status.js';

export default class Status extends PointerCommand {
  static override summary = 'Show whether a Pointer server is alive and ready, module by module.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --url http://pointer:9080 --json'];
  static override flags = {
    url: Flags.string({ description: 'Gateway URL.', default: 'http://127.0.0.1:9080', env: 'POINTER_URL' }),
  };

  async run(): Promise<ReadyResponse & { url: string }> {
    const { flags } = await this.parse(Status);
    const client = new PointerClient({ url: flags.url, timeoutMs: 5000 });
    const ready = await client.ready();
    const result = { url: flags.url, status: ready.status, modules: ready.modules };
    if (!this.jsonEnabled()) this.log(renderReadiness(result));
    if (ready.httpStatus !== 200) process.exitCode = EXIT.NOT_READY;
    return result;
  }
}
