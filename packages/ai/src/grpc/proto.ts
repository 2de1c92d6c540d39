/**
 * Loads proto/pointer/ai/v1/ai.proto with @grpc/proto-loader. The file lives at the repository
 * root (proto/), shared with other languages' clients; `AI_PROTO_PATH` finds it from src/ or dist/.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));

export const AI_PROTO_PATH = resolve(here, '../../../../proto/pointer/ai/v1/ai.proto');
export const AI_SERVICE_NAME = 'pointer.ai.v1.AiService';

/** longs as numbers (millisecond timestamps fit), enums as their names, defaults filled in. */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, arrays: true, oneofs: true };

let cached: protoLoader.PackageDefinition | undefined;

export function aiPackageDefinition(): protoLoader.PackageDefinition {
  cached ??= protoLoader.loadSync(AI_PROTO_PATH, LOADER_OPTIONS);
  return cached;
}

export function aiServiceDefinition(): grpc.ServiceDefinition {
  return aiPackageDefinition()[AI_SERVICE_NAME] as grpc.ServiceDefinition;
}
