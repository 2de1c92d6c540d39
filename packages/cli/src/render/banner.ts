import type { PointerServer } from '@pointer/server';
import type { DryRunResult } from '../serve/run-server.js';

const LABELS: Record<string, string> = {
  gateway: 'gateway (REST, GraphQL, Prometheus/Tempo/Loki APIs)',
  'otlp-grpc': 'OTLP/gRPC',
  'otlp-http': 'OTLP/HTTP',
  ai: 'AI service (gRPC)',
};

/** What `pointer up` prints once every role is up. */
export function renderBanner(server: PointerServer): string {
  const lines = ['', 'Pointer is up.', ''];
  for (const [name, addr] of server.listeners) {
    const scheme = name === 'gateway' || name === 'otlp-http' ? 'http://' : '';
    lines.push(`  ${(LABELS[name] ?? name).padEnd(52)} ${scheme}${addr}`);
  }
  lines.push('', `  data dir: ${server.dataDir}`);
  if (server.generatedAdminToken) {
    lines.push('', `  admin token (shown once; only its hash is stored): ${server.generatedAdminToken}`);
  } else if (server.config.auth.adminToken) {
    lines.push('', '  admin token: the one set by POINTER_ADMIN_TOKEN / auth.adminToken');
  } else {
    lines.push('', '  admin token: created at first start (printed then); set POINTER_ADMIN_TOKEN to choose one');
  }
  const gw = server.listeners.get('gateway');
  const otlp = server.listeners.get('otlp-http');
  if (otlp) lines.push('', `  send telemetry: OTEL_EXPORTER_OTLP_ENDPOINT=http://${otlp}`);
  if (gw) lines.push(`  check health:   curl http://${gw}/readyz`);
  lines.push('');
  return lines.join('\n');
}

export function renderDryRun(r: DryRunResult): string {
  return [
    `config is valid${r.configFile ? ` (${r.configFile})` : ' (defaults, environment and flags)'}`,
    `modules to start: ${r.modules.join(', ')}`,
    `data dir: ${r.config.dataDir}`,
    `listen: gateway ${r.config.gateway.addr}, OTLP/gRPC ${r.config.otlp.grpcAddr}, OTLP/HTTP ${r.config.otlp.httpAddr}, AI ${r.config.ai.addr}`,
  ].join('\n');
}
