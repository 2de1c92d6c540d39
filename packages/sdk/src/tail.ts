/**
 * Live tail as an async iterator over the gateway's WebSocket (/api/v1/tail):
 *
 *   for await (const ev of client.tail({ signal: 'logs', filters: { service: 'checkout' } })) ...
 *
 * The credential goes in the first message (browsers cannot set WebSocket headers). The server
 * keeps a bounded buffer per subscriber and reports what a slow client missed as
 * `{ type: 'missed', count }`. `return()` (breaking out of the loop) or the abort signal closes
 * the socket at once, even while a `next()` is waiting.
 */
import { PointerApiError, PointerConnectionError } from './errors.js';
import type { TailEvent, TailFilters, TailLog, TailSpan } from './types.js';

export interface TailOptions {
  signal: 'spans' | 'logs';
  filters?: TailFilters;
  /** Stop the tail. */
  abort?: AbortSignal;
}

interface WsLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (ev: { data?: unknown; code?: number; reason?: string; message?: string }) => void): void;
}

type WsCtor = new (url: string) => WsLike;

async function webSocketClass(): Promise<WsCtor> {
  const g = (globalThis as { WebSocket?: WsCtor }).WebSocket;
  if (g) return g;
  const mod = (await import('ws')) as unknown as { default: WsCtor };
  return mod.default;
}

type ServerMessage =
  | { type: 'subscribed' }
  | { type: 'spans'; items: TailSpan[] }
  | { type: 'logs'; items: TailLog[] }
  | { type: 'missed'; count: number }
  | { type: 'error'; error: { code: string; message: string; retryable?: boolean } };

export class TailIterator implements AsyncIterableIterator<TailEvent> {
  private ws: WsLike | undefined;
  private readonly queue: TailEvent[] = [];
  private failure: Error | undefined;
  private closed = false;
  private waiter: (() => void) | undefined;
  private readonly opened: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly options: TailOptions,
  ) {
    this.opened = this.open();
    // Surface connection errors on next(), not as an unhandled rejection.
    this.opened.catch(() => undefined);
    options.abort?.addEventListener('abort', () => void this.return());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private notify(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async open(): Promise<void> {
    const Ws = await webSocketClass();
    if (this.closed) return;
    const ws = new Ws(this.url);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      let subscribed = false;
      ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'subscribe', token: this.token, signal: this.options.signal, filters: this.options.filters ?? {} })));
      ws.addEventListener('message', (ev) => {
        let msg: ServerMessage;
        try {
          msg = JSON.parse(String(ev.data)) as ServerMessage;
        } catch {
          return;
        }
        if (msg.type === 'subscribed') {
          subscribed = true;
          resolve();
        } else if (msg.type === 'spans') for (const s of msg.items) this.queue.push({ type: 'span', span: s });
        else if (msg.type === 'logs') for (const l of msg.items) this.queue.push({ type: 'log', log: l });
        else if (msg.type === 'missed') this.queue.push({ type: 'missed', count: msg.count });
        else if (msg.type === 'error') {
          this.failure = new PointerApiError(msg.error.message, msg.error.code, 0, msg.error.retryable ?? false);
          if (!subscribed) reject(this.failure);
        }
        this.notify();
      });
      ws.addEventListener('error', (ev) => {
        this.failure ??= new PointerConnectionError(`live tail connection to ${this.url} failed: ${ev.message ?? 'error'}`);
        if (!subscribed) reject(this.failure);
        this.notify();
      });
      ws.addEventListener('close', () => {
        this.closed = true;
        if (!subscribed) reject(this.failure ?? new PointerConnectionError(`live tail connection to ${this.url} closed before subscribing`));
        this.notify();
      });
    });
  }

  /** Resolves once the server confirmed the subscription (or rejects with its error). */
  ready(): Promise<void> {
    return this.opened;
  }

  async next(): Promise<IteratorResult<TailEvent>> {
    await this.opened;
    for (;;) {
      const item = this.queue.shift();
      if (item) return { value: item, done: false };
      if (this.failure && !this.closed) throw this.failure;
      if (this.closed) {
        if (this.failure) throw this.failure;
        return { value: undefined, done: true };
      }
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  async return(): Promise<IteratorResult<TailEvent>> {
    if (!this.closed) {
      this.closed = true;
      this.ws?.close(1000, 'client stopped');
    }
    this.queue.length = 0;
    this.failure = undefined;
    this.notify();
    return { value: undefined, done: true };
  }
}

export function tail(baseUrl: string, token: string | undefined, options: TailOptions): TailIterator {
  return new TailIterator(baseUrl.replace(/^http/, 'ws') + '/api/v1/tail', token, options);
}
