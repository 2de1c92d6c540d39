/**
 * Contexts: named (server URL, credential) pairs kept in the user's config dir
 * (`$XDG_CONFIG_HOME/pointer/contexts.json`, else ~/.config/pointer) with mode 0600, like
 * kubectl's contexts. `pointer login` writes one and makes it current.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PointerContext {
  url: string;
  token?: string;
  /** For the admin token only: the tenant to act in. */
  tenant?: string;
  /** Who the token belongs to, for display. */
  principal?: string;
  expiresAt?: string;
}

export interface ContextFile {
  current: string | null;
  contexts: Record<string, PointerContext>;
}

export class ContextStore {
  readonly file: string;
  constructor(readonly dir: string) {
    this.file = join(dir, 'contexts.json');
  }

  read(): ContextFile {
    if (!existsSync(this.file)) return { current: null, contexts: {} };
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<ContextFile>;
    return { current: parsed.current ?? null, contexts: parsed.contexts ?? {} };
  }

  write(f: ContextFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(f, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  current(name?: string): { name: string; context: PointerContext } | undefined {
    const f = this.read();
    const n = name ?? f.current;
    if (!n) return undefined;
    const c = f.contexts[n];
    return c ? { name: n, context: c } : undefined;
  }

  save(name: string, context: PointerContext, makeCurrent = true): void {
    const f = this.read();
    f.contexts[name] = context;
    if (makeCurrent) f.current = name;
    this.write(f);
  }
}
