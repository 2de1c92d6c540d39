/**
 * Base of every command that talks to a gateway: resolves the server URL and the credential
 * from flags, then the environment (POINTER_URL, POINTER_TOKEN), then the current context
 * (`pointer login`), and builds the SDK client. Commands stay thin: parse, call the SDK,
 * hand typed data to a renderer.
 */
import { Flags } from '@oclif/core';
import { PointerClient } from '@pointer/sdk';
import { PointerCommand } from './base-command.js';
import { ContextStore } from './context/contexts.js';

export const DEFAULT_URL = 'http://127.0.0.1:9080';

export const clientFlags = {
  url: Flags.string({ description: 'Gateway URL (default: the current context, else http://127.0.0.1:9080).', env: 'POINTER_URL' }),
  token: Flags.string({ description: 'Session token, API key or admin token (default: the current context).', env: 'POINTER_TOKEN' }),
  context: Flags.string({ description: 'Use this saved context instead of the current one.' }),
  tenant: Flags.string({ description: 'Tenant to act in (admin token only).', env: 'POINTER_TENANT' }),
};

export abstract class ClientCommand extends PointerCommand {
  protected contexts(): ContextStore {
    return new ContextStore(this.config.configDir);
  }

  protected client(flags: { url?: string | undefined; token?: string | undefined; context?: string | undefined; tenant?: string | undefined }, requireToken = true): PointerClient {
    const saved = this.contexts().current(flags.context);
    if (flags.context && !saved) throw Object.assign(new Error(`no context named ${flags.context}: see pointer context list`), { code: 'PTR_ERR_USAGE' });
    const url = flags.url ?? saved?.context.url ?? DEFAULT_URL;
    // A saved token belongs to its server: do not send it to another URL.
    const token = flags.token ?? (saved && (!flags.url || flags.url === saved.context.url) ? saved.context.token : undefined);
    if (requireToken && !token) throw Object.assign(new Error('not logged in: run `pointer login`, or pass --token / POINTER_TOKEN'), { code: 'PTR_ERR_NOT_LOGGED_IN' });
    return new PointerClient({ url, token, tenant: flags.tenant ?? saved?.context.tenant, timeoutMs: 30_000 });
  }

  /** Prints human output unless --json (oclif prints the returned value as JSON then). */
  protected print(text: string): void {
    if (!this.jsonEnabled()) this.log(text);
  }
}
