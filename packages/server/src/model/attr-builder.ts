/**
 * Builds the flat attribute columns of a batch. Owners (spans, events, links, log records,
 * resources, scopes) remember `count` before and after adding theirs as their [start, end).
 */
import { AttrType, type AttributeColumns } from './attributes.js';
import { grown } from './grow.js';

export class AttributeColumnsBuilder {
  count = 0;
  key: Uint32Array;
  type: Uint8Array;
  str: Uint32Array;
  int: BigInt64Array;
  num: Float64Array;

  constructor(initial = 256) {
    this.key = new Uint32Array(initial);
    this.type = new Uint8Array(initial);
    this.str = new Uint32Array(initial);
    this.int = new BigInt64Array(initial);
    this.num = new Float64Array(initial);
  }

  /**
   * Returns the index of a new attribute with the given key; its value fields are zeroed. It may
   * replace the arrays, so callers take the index first and then index the (new) array:
   * `this.int[this.next(...)] = v` would evaluate `this.int` first and write into the old one.
   */
  private next(key: number, type: AttrType): number {
    const i = this.count;
    if (i >= this.key.length) {
      const n = i + 1;
      this.key = grown(this.key, n);
      this.type = grown(this.type, n);
      this.str = grown(this.str, n);
      this.int = grown(this.int, n);
      this.num = grown(this.num, n);
    }
    this.key[i] = key;
    this.type[i] = type;
    this.str[i] = 0;
    this.int[i] = 0n;
    this.num[i] = 0;
    this.count = i + 1;
    return i;
  }

  /** String, Bytes (base64), Array and KvList (OTLP/JSON) values: `value` is a string index. */
  addStr(key: number, type: AttrType, value: number): void {
    const i = this.next(key, type);
    this.str[i] = value;
  }

  addInt(key: number, value: bigint): void {
    const i = this.next(key, AttrType.Int);
    this.int[i] = value;
  }

  addDouble(key: number, value: number): void {
    const i = this.next(key, AttrType.Double);
    this.num[i] = value;
  }

  addBool(key: number, value: boolean): void {
    const i = this.next(key, AttrType.Bool);
    this.num[i] = value ? 1 : 0;
  }

  addEmpty(key: number): void {
    this.next(key, AttrType.Empty);
  }

  /** Forget attributes from `count` on (used when an item is rejected). */
  truncate(count: number): void {
    this.count = count;
  }

  finish(): AttributeColumns {
    const n = this.count;
    return {
      count: n,
      key: this.key.subarray(0, n),
      type: this.type.subarray(0, n),
      str: this.str.subarray(0, n),
      int: this.int.subarray(0, n),
      num: this.num.subarray(0, n),
    };
  }
}
