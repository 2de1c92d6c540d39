/**
 * OTLP/gRPC receiver: the Export method of the trace, metrics and logs services, with raw
 * Buffer (de)serializers so the request bytes go straight to the columnar decoders. Errors:
 * INVALID_ARGUMENT with the decoder's message for bad data, UNAUTHENTICATED without a
 * credential off loopback, RESOURCE_EXHAUSTED for oversized messages (grpc-js enforces the
 * limit after decompression), UNAVAILABLE with google.rpc.RetryInfo (in
 * grpc-status-details-bin) when overloaded.
 */
import { Metadata, Server, ServerCredentials, type ServiceDefinition, type ServerUnaryCall, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { asPtrError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { credentialFromHeaders } from '../../auth/index.js';
import type { IngestAuthenticator } from '../auth.js';
import { OTLP_DECODERS } from '../decoders.js';
import { outcomeOf, type IngestPipeline, type Signal } from '../pipeline.js';
import { exportResponseProtobuf, grpcCodeOf, retryDelayOf, statusProtobuf } from '../responses.js';

export interface OtlpGrpcOptions {
  pipeline: IngestPipeline;
  maxRequestBytes: number;
  authenticator: () => IngestAuthenticator;
  log: Logger;
}

const SERVICES: Record<Signal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
};

const identity = (b: Buffer): Buffer => b;

function serviceDefinition(signal: Signal): ServiceDefinition {
  return {
    Export: {
      path: `/${SERVICES[signal]}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

/** "ipv4:127.0.0.1:5000" / "ipv6:[::1]:5000" -> the address. */
export function peerAddress(peer: string): string | undefined {
  const m = /^(?:ipv4:)?(\d+\.\d+\.\d+\.\d+):\d+$/.exec(peer) ?? /^(?:ipv6:)?\[([^\]]+)\]:\d+$/.exec(peer);
  return m?.[1];
}

function metaValue(md: Metadata, key: string): string | undefined {
  const v = md.get(key)[0];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.toString('utf8');
}

export function createOtlpGrpcServer(o: OtlpGrpcOptions): Server {
  const server = new Server({
    'grpc.max_receive_message_length': o.maxRequestBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const impl: UntypedServiceImplementation = {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        void exportCall(o, signal, call).then(
          (response) => callback(null, response),
          (err: unknown) => {
            const e = asPtrError(err);
            o.pipeline.countOutcome(signal, 'grpc', outcomeOf(e.code));
            if (e.code === 'PTR_ERR_INTERNAL') o.log.error('OTLP/gRPC request failed', { signal, error: err });
            const code = grpcCodeOf(e);
            const delay = retryDelayOf(e);
            const metadata = new Metadata();
            if (delay !== undefined) metadata.set('grpc-status-details-bin', Buffer.from(statusProtobuf(code, e.message, delay)));
            callback({ code, details: e.message, metadata });
          },
        );
      },
    };
    server.addService(serviceDefinition(signal), impl);
  }
  return server;
}

async function exportCall(o: OtlpGrpcOptions, signal: Signal, call: ServerUnaryCall<Buffer, Buffer>): Promise<Buffer> {
  const md = call.metadata;
  const headers: Record<string, string | undefined> = { authorization: metaValue(md, 'authorization'), 'x-pointer-key': metaValue(md, 'x-pointer-key') };
  const auth = await o.authenticator().authenticate({
    credential: credentialFromHeaders(headers),
    tenantHeader: metaValue(md, 'x-pointer-tenant'),
    remoteAddress: peerAddress(call.getPeer()),
  });
  if (!auth.ok) throw auth.error;
  const body = call.request;
  const release = o.pipeline.admit(body.length);
  try {
    const result = await o.pipeline.ingest(signal, 'grpc', 'protobuf', auth.tenant, (ctx) => OTLP_DECODERS[signal].protobuf(body, ctx));
    o.pipeline.countOutcome(signal, 'grpc', result.rejected > 0 ? 'partial' : 'ok');
    return Buffer.from(exportResponseProtobuf(result.rejected, result.errorMessage));
  } finally {
    release();
  }
}

export function bindGrpc(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
}
