/** Service keys for the components that the runtime itself provides. */
import type { FastifyInstance } from 'fastify';
import { ServiceKey } from './services.js';
import type { ModuleReadiness } from './runner.js';
import type { AdminTokenVerifier } from '../auth/admin-token.js';

export const READINESS = new ServiceKey<() => ModuleReadiness[]>('runtime.readiness');
/** The Fastify instance listening on the gateway address; modules add routes during start(). */
export const HTTP_SERVER = new ServiceKey<FastifyInstance>('http.server');
export const DATA_DIR = new ServiceKey<string>('runtime.dataDir');
export const ADMIN_TOKEN = new ServiceKey<AdminTokenVerifier>('auth.adminToken');
/** Where each listener really bound (port 0 resolves here). */
export const LISTENERS = new ServiceKey<Map<string, string>>('runtime.listeners');
