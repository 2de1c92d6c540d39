/**
 * The AI service's gRPC server. Health and reflection are always on; the analysis services of
 * `proto/pointer/ai/v1/ai.proto` are added by `registerAiServices`.
 */
import * as grpc from '@grpc/grpc-js';
import { registerHealth } from './grpc/health.js';

export interface AiServerOptions {
  /** host:port; port 0 picks a free port. */
  addr: string;
}

export interface AiServer {
  /** The address it really listens on. */
  address: string;
  stop(): Promise<void>;
}

export async function startAiServer(options: AiServerOptions): Promise<AiServer> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  registerHealth(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(options.addr, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const host = options.addr.slice(0, options.addr.lastIndexOf(':'));
  let stopped: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      })),
  };
}
