/**
 * Pointer's own log: one line per event, `text` for people or `json` for shippers.
 * Per-item problems are counted in self-metrics, not logged one by one (see STYLE.md).
 * Fields whose names look like secrets are redacted before they are written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(token|password|secret|authorization|apikey|api_key|key)$/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  format: 'text' | 'json';
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[level] < min) return;
    const all = redact({ ...bindings, ...fields });
    if (options.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...all }));
    } else {
      const extra = Object.entries(all)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${extra ? ' ' + extra : ''}`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (b) => createLogger(options, { ...bindings, ...b }),
  };
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) out[k] = v.message;
    else out[k] = SECRET_KEY.test(k) && v !== undefined ? '[redacted]' : v;
  }
  return out;
}

/** A logger that drops everything; for tests and library use. */
export const silentLogger: Logger = createLogger({ level: 'error', format: 'text', write: () => undefined });
