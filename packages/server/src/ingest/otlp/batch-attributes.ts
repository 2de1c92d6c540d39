/** Reading attributes back out of a batch, for the OTLP encoders and JSON views. */
import { AttrType, type AttributeColumns } from '../../model/index.js';

export interface OtlpJsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

/** The OTLP/JSON AnyValue of attribute `i`. */
export function attrValueJson(attrs: AttributeColumns, strings: readonly string[], i: number): Record<string, unknown> {
  switch (attrs.type[i]) {
    case AttrType.String:
      return { stringValue: strings[attrs.str[i]!] };
    case AttrType.Bool:
      return { boolValue: attrs.num[i] === 1 };
    case AttrType.Int:
      return { intValue: attrs.int[i]!.toString() };
    case AttrType.Double: {
      const v = attrs.num[i]!;
      return { doubleValue: Number.isFinite(v) ? v : String(v) };
    }
    case AttrType.Bytes:
      return { bytesValue: strings[attrs.str[i]!] };
    case AttrType.Array:
    case AttrType.KvList:
      return JSON.parse(strings[attrs.str[i]!]!) as Record<string, unknown>;
    default:
      return {};
  }
}

export function attrsJson(attrs: AttributeColumns, strings: readonly string[], start: number, end: number): OtlpJsonKeyValue[] {
  const out: OtlpJsonKeyValue[] = [];
  for (let i = start; i < end; i++) out.push({ key: strings[attrs.key[i]!]!, value: attrValueJson(attrs, strings, i) });
  return out;
}
