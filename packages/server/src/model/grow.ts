/** Growable typed arrays for the batch builders: capacity doubles, contents are kept. */
type Typed = Uint8Array | Int32Array | Uint32Array | Float64Array | BigUint64Array | BigInt64Array;

export function grown<T extends Typed>(a: T, minLength: number): T {
  if (a.length >= minLength) return a;
  let cap = Math.max(16, a.length * 2);
  while (cap < minLength) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  (b as Uint8Array).set(a as Uint8Array);
  return b;
}
