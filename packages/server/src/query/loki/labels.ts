/**
 * Stream labels, as Loki 3 derives them. OTLP resource attributes in Loki's default index-label
 * list become labels with `.` and other invalid characters turned into `_`
 * (`service.name` -> `service_name`); resource attributes whose names are already valid label
 * names (what /loki/api/v1/push stores for its stream labels) are labels as they are; every
 * stream has `service_name` (`unknown_service` when nothing names it).
 */
import type { ResourceMatcher } from '../../store/logs/log-store.js';

/** Loki 3 `default_resource_attributes_as_index_labels`. */
export const OTLP_INDEX_ATTRIBUTES = [
  'cloud.availability_zone', 'cloud.region', 'container.name', 'deployment.environment', 'deployment.environment.name',
  'k8s.cluster.name', 'k8s.container.name', 'k8s.cronjob.name', 'k8s.daemonset.name', 'k8s.deployment.name', 'k8s.job.name',
  'k8s.namespace.name', 'k8s.pod.name', 'k8s.replicaset.name', 'k8s.statefulset.name', 'service.instance.id', 'service.name', 'service.namespace',
] as const;

const VALID_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function labelName(key: string): string {
  const n = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(n) ? `_${n}` : n;
}

const ATTRIBUTE_FOR_LABEL = new Map<string, string>(OTLP_INDEX_ATTRIBUTES.map((a) => [labelName(a), a]));
const INDEX_ATTRIBUTES = new Set<string>(OTLP_INDEX_ATTRIBUTES);

export function isLabelKey(key: string): boolean {
  return INDEX_ATTRIBUTES.has(key) || VALID_LABEL.test(key);
}

/** The labels of a stream from its service and resource attributes. */
export function streamLabels(serviceName: string, resource: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (isLabelKey(k) && v !== '') labels[labelName(k)] = v;
  }
  labels.service_name ??= serviceName || 'unknown_service';
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The resource attribute names a label may come from, in the order they are tried. */
export function keysForLabel(label: string): string[] {
  const attr = ATTRIBUTE_FOR_LABEL.get(label);
  return attr ? [attr, label] : [label];
}

export function matcherFor(label: string, op: ResourceMatcher['op'], value: string): ResourceMatcher {
  return { keys: keysForLabel(label), op, value };
}

/** Loki's `discover_service_name` order for pushed streams without service_name. */
export const SERVICE_NAME_SOURCES = ['service_name', 'service', 'app', 'application', 'name', 'app_kubernetes_io_name', 'container', 'container_name', 'k8s_container_name', 'component', 'workload', 'job', 'k8s_job_name'];

export function discoverServiceName(labels: Record<string, string>): string {
  for (const k of SERVICE_NAME_SOURCES) {
    const v = labels[k];
    if (v) return v;
  }
  return 'unknown_service';
}

/** The labels `by (...)` keeps or `without (...)` leaves; none without a grouping. */
export function groupedLabels(labels: Record<string, string>, g: { without: boolean; labels: readonly string[] } | undefined): Record<string, string> {
  if (!g) return {};
  if (g.without) return Object.fromEntries(Object.entries(labels).filter(([k]) => !g.labels.includes(k)));
  return Object.fromEntries(g.labels.filter((l) => labels[l] !== undefined).map((l) => [l, labels[l]!]));
}

/** Population variance, as Loki's and Prometheus' stdvar. */
export function variance(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
}
