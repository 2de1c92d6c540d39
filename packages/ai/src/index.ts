/** @pointer/ai: the AI service (gRPC :50051) and its algorithms. */
export { startAiServer, type AiServer, type AiServerOptions } from './server.js';
