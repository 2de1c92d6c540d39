/**
 * grpc.health.v1.Health from the gRPC project's own grpc-health-check package: the whole server
 * ('') and the AI service report SERVING once started and NOT_SERVING while shutting down.
 */
import type * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { AI_SERVICE_NAME } from './proto.js';

export function registerHealth(server: grpc.Server): HealthImplementation {
  const health = new HealthImplementation({ '': 'NOT_SERVING', [AI_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  return health;
}

export function setServing(health: HealthImplementation, serving: boolean): void {
  const s = serving ? 'SERVING' : 'NOT_SERVING';
  health.setStatus('', s);
  health.setStatus(AI_SERVICE_NAME, s);
}
