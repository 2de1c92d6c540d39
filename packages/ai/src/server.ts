/**
 * The AI service's gRPC server: pointer.ai.v1.AiService (proto/pointer/ai/v1/ai.proto), plus
 * grpc.health.v1 (grpc-health-check) and server reflection (@grpc/reflection) so that grpcurl
 * and Postman work without the .proto. Requests over `limits.maxMessageBytes` are refused by
 * gRPC itself with RESOURCE_EXHAUSTED; errors carry the PTR_ERR_* code in the
 * `ptr-error-code` trailer.
 */
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { isAiError } from './errors.js';
import { deadlineCheckpoint } from './grpc/deadline.js';
import {
  handleBaseline,
  handleDetectAnomalies,
  handleForecast,
  handlePredictExhaustion,
  handleRankRootCauses,
  type HandlerContext,
} from './grpc/handlers.js';
import { registerHealth, setServing } from './grpc/health.js';
import { DEFAULT_LIMITS, type AiLimits } from './grpc/limits.js';
import { aiPackageDefinition, aiServiceDefinition } from './grpc/proto.js';

export interface AiServerOptions {
  /** host:port; port 0 picks a free port. */
  addr: string;
  /** Size limits; each missing one takes its default from DEFAULT_LIMITS. */
  limits?: Partial<AiLimits>;
  /** The learned forecaster's ONNX file; the committed model by default. */
  modelPath?: string;
}

export interface AiServer {
  /** The address it really listens on. */
  address: string;
  stop(): Promise<void>;
}

function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (isAiError(err)) {
    metadata.set('ptr-error-code', err.code);
    return { code: err.grpcCode, details: err.message, metadata };
  }
  metadata.set('ptr-error-code', 'PTR_ERR_INTERNAL');
  return { code: grpc.status.INTERNAL, details: `internal error: ${err instanceof Error ? err.message : String(err)}`, metadata };
}

type Handler<Req> = (req: Req, ctx: HandlerContext) => Promise<unknown>;

function unary<Req>(handler: Handler<Req>, base: Omit<HandlerContext, 'checkpoint'>): grpc.handleUnaryCall<Req, unknown> {
  return (call, callback) => {
    const ctx: HandlerContext = { ...base, checkpoint: deadlineCheckpoint(call as grpc.ServerUnaryCall<unknown, unknown>) };
    // Run after the current tick so that a deadline already past is seen before any work starts.
    setImmediate(() => {
      Promise.resolve()
        .then(() => {
          ctx.checkpoint();
          return handler(call.request, ctx);
        })
        .then(
          (res) => callback(null, res),
          (err: unknown) => callback(toServiceError(err) as grpc.ServiceError),
        );
    });
  };
}

export async function startAiServer(options: AiServerOptions): Promise<AiServer> {
  const limits: AiLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': limits.maxMessageBytes,
    'grpc.max_send_message_length': 4 * limits.maxMessageBytes,
  });
  const base = { limits, modelPath: options.modelPath };
  server.addService(aiServiceDefinition(), {
    DetectAnomalies: unary(handleDetectAnomalies, base),
    Baseline: unary(handleBaseline, base),
    RankRootCauses: unary(handleRankRootCauses, base),
    Forecast: unary(handleForecast, base),
    PredictExhaustion: unary(handlePredictExhaustion, base),
  });
  const health = registerHealth(server);
  new ReflectionService(aiPackageDefinition()).addToServer(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(options.addr, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  setServing(health, true);
  const host = options.addr.slice(0, options.addr.lastIndexOf(':'));
  let stopped: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        setServing(health, false);
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
