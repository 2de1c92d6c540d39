/**
 * Typed arrays for the lifetime of one query, cut out of buffers that queries hand back to a
 * shared pool when they end.
 *
 * Why: every ArrayBuffer counts as V8 "external memory", and V8 starts a full garbage collection
 * each time 64 MiB more of it has been allocated since the last one. A rate over 1k series
 * allocated ~5 MB of typed arrays (the samples grouped by series, one value slot per step and
 * series), so every dozen queries one of them ran a full collection, whose incremental marking
 * (50-90 ms on the main thread) doubled or tripled that query's time. With the pool, steady
 * querying allocates no new buffers, and the collections that remain are the heap's own.
 *
 * Rules: arrays from an arena must not outlive its query (results are copied out before
 * `release`); arrays are zeroed, as `new Float64Array(n)` is. After `release` the arena still
 * answers, with fresh unpooled memory, so a late writer (a store read finishing after its query
 * was cancelled) cannot touch a buffer that another query now uses.
 */

/** Buffers of this size hold many small arrays; larger requests get a buffer of their own. */
const CHUNK_BYTES = 1 << 20;
/** Free buffers kept for reuse, in all. */
const POOL_MAX_BYTES = 64 << 20;

/** Free buffers by byte length (CHUNK_BYTES, or a power of two above it). */
const free = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;

/** A buffer of `bytes`, and whether it is new (so already zeroed). */
function takeBuffer(bytes: number): [ArrayBuffer, boolean] {
  const list = free.get(bytes);
  const b = list?.pop();
  if (b === undefined) return [new ArrayBuffer(bytes), true];
  pooledBytes -= bytes;
  return [b, false];
}

function giveBack(b: ArrayBuffer): void {
  if (pooledBytes + b.byteLength > POOL_MAX_BYTES) return;
  let list = free.get(b.byteLength);
  if (!list) free.set(b.byteLength, (list = []));
  list.push(b);
  pooledBytes += b.byteLength;
}

/** Bytes of free buffers in the pool (for tests and the curious). */
export function pooledArenaBytes(): number {
  return pooledBytes;
}

export class QueryArena {
  private readonly held: ArrayBuffer[] = [];
  private current: ArrayBuffer | undefined;
  /** The current chunk is new: its free part is still zero. */
  private currentFresh = false;
  private offset = 0;
  private released = false;

  f64(n: number): Float64Array {
    const [buf, off] = this.region(n * 8);
    return new Float64Array(buf, off, n);
  }

  u8(n: number): Uint8Array {
    const [buf, off] = this.region(n);
    return new Uint8Array(buf, off, n);
  }

  u32(n: number): Uint32Array {
    const [buf, off] = this.region(n * 4);
    return new Uint32Array(buf, off, n);
  }

  /** Hands every buffer back to the pool; arrays taken from this arena must no longer be used. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const b of this.held) giveBack(b);
    this.held.length = 0;
    this.current = undefined;
  }

  /** A zeroed region of `bytes`, 8-byte aligned. */
  private region(bytes: number): [ArrayBuffer, number] {
    if (this.released) return [new ArrayBuffer(bytes), 0];
    const size = Math.ceil(bytes / 8) * 8;
    if (size > CHUNK_BYTES / 4) {
      let cap = CHUNK_BYTES;
      while (cap < size) cap *= 2;
      const [b, fresh] = takeBuffer(cap);
      this.held.push(b);
      if (!fresh) new Uint8Array(b, 0, size).fill(0);
      return [b, 0];
    }
    if (this.current === undefined || this.offset + size > CHUNK_BYTES) {
      [this.current, this.currentFresh] = takeBuffer(CHUNK_BYTES);
      this.held.push(this.current);
      this.offset = 0;
    }
    const off = this.offset;
    this.offset += size;
    if (!this.currentFresh) new Uint8Array(this.current, off, size).fill(0);
    return [this.current, off];
  }
}
