/**
 * Every module Pointer knows, by name. Roles are what `--role` accepts; `all` is every role.
 * Dependencies decide start order (see runtime/resolve.ts and docs/architecture.md).
 */
import type { ModuleDefinition } from '../runtime/module.js';
import { runtimeModule } from '../runtime/runtime-module.js';
import { httpModule } from '../http/module.js';
import { gatewayRole } from './gateway.js';
import { authModule } from '../auth/module.js';
import { aiRole } from './ai.js';
import { ingestRole } from './ingest.js';
import { busModule } from '../bus/module.js';
import { plannedRole } from './planned.js';
import { clickhouseModule } from '../store/clickhouse/module.js';
import { traceStoreModule } from '../store/traces/module.js';
import { logStoreModule } from '../store/logs/module.js';
import { processorRole } from './processor.js';
import { queryApiModule } from '../query/module.js';
import { metricsModule, metricsWriterModule } from '../store/metrics/module.js';
import { prometheusApiModule } from '../prometheus/module.js';

export function defaultModules(): Map<string, ModuleDefinition> {
  const mods: ModuleDefinition[] = [
    runtimeModule,
    httpModule,
    authModule,
    clickhouseModule,
    busModule,
    ingestRole,
    traceStoreModule,
    logStoreModule,
    metricsModule,
    metricsWriterModule,
    prometheusApiModule,
    processorRole,
    queryApiModule,
    // The gateway serves the trace and log query APIs too.
    { ...gatewayRole, dependsOn: [...gatewayRole.dependsOn, 'query-api'] },
    plannedRole('alerting', 'Evaluates PromQL and trace rules every 15 s and sends notifications.', ['runtime']),
    plannedRole('healing', 'Policy-based remediation with approvals and rollback.', ['runtime']),
    plannedRole('topology', 'Maintains the service graph.', ['runtime']),
    plannedRole('synthetics', 'Runs synthetic checks.', ['runtime']),
    aiRole,
  ];
  return new Map(mods.map((m) => [m.name, m]));
}
