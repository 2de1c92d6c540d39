/**
 * Attributes in columnar form. A batch keeps every attribute of every span, event, link,
 * log record, resource and scope in one flat set of parallel arrays; an owner refers to its
 * attributes by a [start, end) range into them. Values keep their OTLP type so that they read
 * back exactly as they were sent.
 */
export const enum AttrType {
  String = 1,
  Bool = 2,
  Int = 3,
  Double = 4,
  /** bytes: `str` holds the base64 text. */
  Bytes = 5,
  /** array or kvlist: `str` holds the OTLP/JSON form of the AnyValue (e.g. `{"arrayValue":{...}}`). */
  Array = 6,
  KvList = 7,
  /** An attribute whose AnyValue was empty. */
  Empty = 8,
}

/** The flat attribute columns of a batch. Index i is one key/value pair. */
export interface AttributeColumns {
  count: number;
  /** String-table index of the key. */
  key: Uint32Array;
  type: Uint8Array;
  /** String-table index of the value for String, Bytes, Array, KvList; 0 otherwise. */
  str: Uint32Array;
  /** Int values (exact 64-bit). */
  int: BigInt64Array;
  /** Double values; Bool as 0/1. */
  num: Float64Array;
}

/** A [start, end) range into AttributeColumns. */
export interface AttrRange {
  start: number;
  end: number;
}
