/** One-line summaries of tail events, shared by the Ink view and plain output. */
import type { TailEvent, TailLog, TailSpan } from '@pointer/sdk';

const time = (ns: string): string => {
  const ms = Number(BigInt(ns || '0') / 1_000_000n);
  return ms ? new Date(ms).toISOString().slice(11, 23) : '--:--:--.---';
};

const STATUS = ['', 'ok', 'ERROR'];
const SEVERITY = (n: number): string => (n >= 21 ? 'FATAL' : n >= 17 ? 'ERROR' : n >= 13 ? 'WARN' : n >= 9 ? 'INFO' : n >= 5 ? 'DEBUG' : n >= 1 ? 'TRACE' : '-');

export function spanRow(s: TailSpan): string {
  const ms = (Number(BigInt(s.durationNanos || '0')) / 1e6).toFixed(1);
  return `${time(s.startTimeUnixNano)}  ${s.service.padEnd(16).slice(0, 16)}  ${s.name.padEnd(32).slice(0, 32)}  ${ms.padStart(9)} ms  ${STATUS[s.statusCode] ?? ''}`;
}

export function logRow(l: TailLog): string {
  return `${time(l.timeUnixNano)}  ${(l.severityText || SEVERITY(l.severityNumber)).padEnd(5).slice(0, 5)}  ${l.service.padEnd(16).slice(0, 16)}  ${l.body.replace(/\s+/g, ' ')}`;
}

export function eventRow(e: TailEvent): string {
  if (e.type === 'span') return spanRow(e.span);
  if (e.type === 'log') return logRow(e.log);
  return `… ${e.count} items missed (this client was too slow)`;
}
