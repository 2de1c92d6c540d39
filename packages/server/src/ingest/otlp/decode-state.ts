/**
 * What every OTLP decoder (protobuf or JSON) carries while it walks a request: the field path
 * for error messages, the per-item rejection list for partial success, and the counters of
 * what limits cut off.
 */
import { ptrError, type PtrError } from '../../errors/index.js';
import type { IngestLimits } from '../../model/index.js';
import type { BytesInterner } from '../protobuf/index.js';

/** At most this many rejection reasons are kept for partial_success.error_message. */
const MAX_REASONS = 5;
/** Nesting bound for AnyValue arrays and kvlists: deeper input is rejected, never recursed into. */
export const MAX_ANY_VALUE_DEPTH = 32;

export class DecodeState {
  /**
   * Alternating names and indices, e.g. ['resourceSpans', 2, 'scopeSpans', 0, 'spans', 17],
   * valid up to `depth` (kept with an explicit depth: shrinking an array's length is slow).
   */
  readonly path: (string | number)[] = [];
  depth = 0;
  rejected = 0;
  readonly errors: string[] = [];
  /** String values shortened to maxAttributeValueLength. */
  truncatedValues = 0;
  /** Attributes, events and links cut off by the limits (also added to the items' dropped counts). */
  droppedByLimits = 0;
  /** Set by the protobuf decoders: strings interned straight from their bytes. */
  interner!: BytesInterner;

  constructor(readonly limits: IngestLimits) {}

  enter(name: string, index: number): void {
    this.path[this.depth++] = name;
    this.path[this.depth++] = index;
  }

  enter1(name: string): void {
    this.path[this.depth++] = name;
  }

  leave(n: number): void {
    this.depth -= n;
  }

  pathText(field?: string): string {
    let s = '';
    const p = this.path;
    for (let i = 0; i < this.depth; i++) {
      const part = p[i]!;
      if (typeof part === 'number') s += `[${part}]`;
      else s += s === '' ? part : `.${part}`;
    }
    if (field !== undefined) s += s === '' ? field : `.${field}`;
    return s;
  }

  /** Reject the current item (counted in partial success), with a reason naming the field. */
  reject(field: string, reason: string): void {
    this.rejected++;
    if (this.errors.length < MAX_REASONS) this.errors.push(`${this.pathText(field)}: ${reason}`);
  }

  /** A whole-request error: nothing of the request is accepted. */
  fail(field: string | undefined, reason: string, code: 'PTR_ERR_DECODE' | 'PTR_ERR_VALIDATION' = 'PTR_ERR_VALIDATION'): PtrError {
    const where = this.pathText(field);
    return ptrError(code, where === '' ? reason : `${where}: ${reason}`);
  }

  /** Applies the value length limit to a string attribute value. */
  clip(s: string): string {
    const max = this.limits.maxAttributeValueLength;
    if (s.length <= max) return s;
    this.truncatedValues++;
    return s.slice(0, max);
  }
}

const HEX = '0123456789abcdef';
/** Lowercase hex of a byte range (ids in error messages and JSON). */
export function toHex(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return s;
}

export function isAllZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}
