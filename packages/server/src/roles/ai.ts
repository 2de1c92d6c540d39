/** Role `ai`: the AI service (gRPC) from @pointer/ai, run in-process. */
import { startAiServer } from '@pointer/ai';
import { LISTENERS } from '../runtime/keys.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { bindError } from '../http/listen.js';

export const aiRole: ModuleDefinition = {
  name: 'ai',
  kind: 'role',
  description: 'AI service on gRPC: anomalies, baselines, root-cause ranking, forecasting.',
  dependsOn: ['runtime'],
  async start(ctx) {
    const server = await startAiServer({ addr: ctx.config.ai.addr }).catch((err: unknown) => {
      throw bindError(err, ctx.config.ai.addr, 'AI service');
    });
    ctx.services.get(LISTENERS).set('ai', server.address);
    return { readiness: () => ({ ready: true }), stop: () => server.stop() };
  },
};
