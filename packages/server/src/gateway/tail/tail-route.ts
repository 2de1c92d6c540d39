/**
 * WebSocket live tail at /api/v1/tail. The client's first message subscribes and carries the
 * credential (browsers cannot set headers on a WebSocket; an Authorization header on the
 * upgrade is accepted too):
 *   -> { type: 'subscribe', token?, signal: 'spans'|'logs', filters?: { service, severity, attributes, text, traceId } }
 *   <- { type: 'subscribed' } then { type: 'spans'|'logs', items: [...] } and { type: 'missed', count }
 *   <- { type: 'error', error: { code, message } } and close, on a refused subscription.
 * The subscription is scoped to the credential's tenant and needs telemetry:read.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket';
import { z } from 'zod';
import { asPtrError, ptrError } from '../../errors/index.js';
import type { GatewayAuth } from '../../auth/index.js';
import { validationMessage } from '../route-book.js';
import type { TailHub } from './hub.js';
import { parseSeverity, type TailFilters } from './items.js';

export const tailFiltersSchema = z.strictObject({
  service: z.string().max(256).optional(),
  severity: z.union([z.string().max(16), z.number().int().min(1).max(24)]).optional(),
  attributes: z.record(z.string().max(256), z.string().max(1024)).optional(),
  text: z.string().max(1024).optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'expected 32 hex digits')
    .optional(),
});

const subscribeMessage = z.strictObject({
  type: z.literal('subscribe'),
  token: z.string().max(4096).optional(),
  signal: z.enum(['spans', 'logs']),
  filters: tailFiltersSchema.default({}),
});

export function toHubFilters(f: z.output<typeof tailFiltersSchema>): TailFilters {
  const minSeverity = parseSeverity(f.severity);
  if (f.severity !== undefined && minSeverity === undefined) throw ptrError('PTR_ERR_VALIDATION', `filters.severity: "${f.severity}" is not a severity (trace, debug, info, warn, error, fatal or 1-24)`);
  return {
    service: f.service,
    minSeverity,
    attributes: f.attributes,
    text: f.text?.toLowerCase(),
    traceId: f.traceId?.toLowerCase(),
  };
}

const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function registerTailRoute(app: FastifyInstance, auth: GatewayAuth, hub: TailHub): void {
  app.get('/api/v1/tail', { websocket: true }, (socket: WebSocket, req) => {
    let unsubscribe: (() => void) | undefined;
    const fail = (err: unknown): void => {
      const e = asPtrError(err);
      socket.send(JSON.stringify({ type: 'error', error: e.toJSON() }));
      socket.close(e.status === 401 || e.status === 403 ? 4000 + e.status : 1008, e.code);
    };
    const timer = setTimeout(() => fail(ptrError('PTR_ERR_UNAUTHENTICATED', `no subscribe message within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`)), SUBSCRIBE_TIMEOUT_MS);
    socket.on('message', (raw: Buffer) => {
      if (unsubscribe) return; // one subscription per connection; later messages are ignored
      clearTimeout(timer);
      void (async () => {
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw ptrError('PTR_ERR_DECODE', 'subscribe message: not JSON');
        }
        const parsed = subscribeMessage.safeParse(json);
        if (!parsed.success) throw ptrError('PTR_ERR_VALIDATION', validationMessage('message', parsed.error));
        const principal = await auth.authorize(req.headers, req.ip, 'telemetry:read', parsed.data.token);
        const filters = toHubFilters(parsed.data.filters);
        unsubscribe = hub.subscribe(principal.tenant, parsed.data.signal, filters, {
          send: (m) => socket.send(JSON.stringify(m)),
          bufferedAmount: () => socket.bufferedAmount,
        });
        socket.send(JSON.stringify({ type: 'subscribed', signal: parsed.data.signal, tenant: principal.tenant }));
      })().catch(fail);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
    });
  });
}
