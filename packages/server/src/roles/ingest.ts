/**
 * Role `ingest`: OTLP/HTTP (otlp.httpAddr, listener `otlp-http`), OTLP/gRPC (otlp.grpcAddr,
 * listener `otlp-grpc`) and the native JSON API on the gateway (/api/v1/ingest/...). Every
 * request is authenticated to a tenant, admitted within the in-flight bounds, decoded into a
 * columnar batch and acknowledged only once the bus made it durable.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { BUS } from '../bus/index.js';
import { parseAddress } from '../config/index.js';
import { bindError } from '../http/listen.js';
import { DefaultIngestAuthenticator, INGEST_AUTHENTICATOR, type IngestAuthenticator } from '../ingest/auth.js';
import { bindGrpc, createOtlpGrpcServer } from '../ingest/grpc/otlp-grpc-server.js';
import { createOtlpHttpServer } from '../ingest/http/otlp-http-server.js';
import { registerNativeIngest } from '../ingest/native/routes.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { ADMIN_TOKEN, HTTP_SERVER, LISTENERS } from '../runtime/keys.js';

function listenHttp(server: HttpServer, addr: string): Promise<string> {
  const { host, port } = parseAddress(addr);
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(bindError(err, addr, 'OTLP/HTTP'));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : addr);
    });
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function shutdownGrpc(server: GrpcServer, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export const ingestRole: ModuleDefinition = {
  name: 'ingest',
  kind: 'role',
  description: 'OTLP gRPC/HTTP receivers and the native JSON ingest API.',
  dependsOn: ['runtime', 'http', 'bus', 'auth'],
  async start(ctx) {
    const cfg = ctx.config.otlp;
    const pipeline = new IngestPipeline({
      bus: ctx.services.get(BUS),
      limits: cfg.limits,
      metrics: ctx.metrics,
      maxInFlightRequests: cfg.maxInFlightRequests,
      maxInFlightBytes: cfg.maxInFlightBytes,
      retryAfterSeconds: cfg.retryAfterSeconds,
    });
    const builtIn = new DefaultIngestAuthenticator(ctx.services.get(ADMIN_TOKEN));
    // looked up per request, so that a role started later (API keys) can provide its own
    const authenticator = (): IngestAuthenticator => ctx.services.find(INGEST_AUTHENTICATOR) ?? builtIn;
    const opts = { pipeline, maxRequestBytes: cfg.maxRequestBytes, authenticator, log: ctx.log };
    const http = createOtlpHttpServer(opts);
    const grpc = createOtlpGrpcServer(opts);
    registerNativeIngest(ctx.services.get(HTTP_SERVER), pipeline, authenticator);
    const listeners = ctx.services.get(LISTENERS);
    let serving = false;
    let grpcBound = false;
    const stopAll = async (): Promise<void> => {
      serving = false;
      pipeline.drain();
      await Promise.all([closeHttp(http), grpcBound ? shutdownGrpc(grpc, ctx.config.server.shutdownTimeoutMs / 2) : undefined]);
      grpcBound = false;
    };
    return {
      readiness: () => (serving ? { ready: true } : { ready: false, reason: 'OTLP listeners not open' }),
      async serve() {
        listeners.set('otlp-http', await listenHttp(http, cfg.httpAddr));
        const { host, port } = parseAddress(cfg.grpcAddr);
        const bound = await bindGrpc(grpc, host, port).catch((err: unknown) => {
          throw bindError(err, cfg.grpcAddr, 'OTLP/gRPC');
        });
        grpcBound = true;
        listeners.set('otlp-grpc', `${host.includes(':') ? `[${host}]` : host}:${bound}`);
        serving = true;
      },
      drain: stopAll,
      stop: stopAll,
    };
  },
};
