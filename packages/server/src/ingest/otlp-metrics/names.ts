/**
 * Metric and label name translation from OpenTelemetry to Prometheus, as the OpenTelemetry
 * "Prometheus and OpenMetrics Compatibility" spec and Prometheus' OTLP translator
 * (storage/remote/otlptranslator/prometheus, UnderscoreEscapingWithSuffixes) do it:
 * non-alphanumerics become separators, the unit and `_total` / `_ratio` suffixes are added.
 */

const UNIT_MAP: Record<string, string> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', TiBy: 'tibibytes',
  KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes', TBy: 'terabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams',
  Cel: 'celsius', Hz: 'hertz', '1': '', '%': 'percent',
};

const PER_UNIT_MAP: Record<string, string> = {
  s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year',
};

function tokens(s: string): string[] {
  return s.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

function cleanUnit(s: string): string {
  return tokens(s).join('_');
}

export type MetricShape = 'gauge' | 'counter' | 'other';

/** The Prometheus metric family name for an OTLP metric (before `_bucket`/`_sum`/`_count`). */
export function prometheusMetricName(name: string, unit: string, shape: MetricShape): string {
  let nameTokens = tokens(name);
  const [mainUnit, perUnit] = unit.split('/', 2) as [string, string | undefined];
  const main = mainUnit.trim();
  if (main !== '' && !/[{}]/.test(main)) {
    const u = cleanUnit(UNIT_MAP[main] ?? main);
    if (u !== '' && !nameTokens.includes(u)) nameTokens.push(u);
  }
  if (perUnit !== undefined) {
    const per = perUnit.trim();
    if (per !== '' && !/[{}]/.test(per)) {
      const u = cleanUnit(PER_UNIT_MAP[per] ?? per);
      if (u !== '' && !nameTokens.includes(u)) nameTokens.push('per', u);
    }
  }
  if (shape === 'counter') nameTokens = [...nameTokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && shape === 'gauge') nameTokens = [...nameTokens.filter((t) => t !== 'ratio'), 'ratio'];
  let out = nameTokens.join('_');
  if (out !== '' && /^[0-9]/.test(out)) out = '_' + out;
  return out;
}

/** A valid Prometheus label name for an attribute key (otlptranslator NormalizeLabel). */
export function prometheusLabelName(key: string): string {
  if (key === '') return key;
  let out = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(out)) out = 'key_' + out;
  else if (out.startsWith('_') && !out.startsWith('__')) out = 'key' + out;
  return out;
}
