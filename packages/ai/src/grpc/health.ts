/**
 * grpc.health.v1.Health, answered from a small hand-written codec: the messages have one field
 * each, so a full protobuf runtime is not needed here.
 */
import type * as grpc from '@grpc/grpc-js';

const SERVING = 1;

function decodeService(buf: Buffer): string {
  // HealthCheckRequest { string service = 1; }
  if (buf.length === 0) return '';
  if (buf[0] !== 0x0a) return '';
  let len = 0;
  let shift = 0;
  let i = 1;
  for (; i < buf.length; i++) {
    const b = buf[i]!;
    len |= (b & 0x7f) << shift;
    shift += 7;
    if ((b & 0x80) === 0) break;
  }
  return buf.subarray(i + 1, i + 1 + len).toString('utf8');
}

function encodeStatus(status: number): Buffer {
  // HealthCheckResponse { ServingStatus status = 1; }
  return Buffer.from([0x08, status]);
}

export function registerHealth(server: grpc.Server): void {
  const check: grpc.MethodDefinition<string, number> = {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (s: string) => Buffer.from(s),
    requestDeserialize: decodeService,
    responseSerialize: encodeStatus,
    responseDeserialize: (b: Buffer) => b[1] ?? 0,
  };
  server.addService(
    { Check: check },
    {
      Check: (_call: grpc.ServerUnaryCall<string, number>, cb: grpc.sendUnaryData<number>) => cb(null, SERVING),
    },
  );
}
