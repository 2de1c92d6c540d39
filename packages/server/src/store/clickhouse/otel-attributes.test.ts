import { describe, expect, it } from 'vitest';
import { AttributeColumnsBuilder } from '../../model/attr-builder.js';
import { AttrType } from '../../model/attributes.js';
import { StringTable } from '../../model/string-table.js';
import { EncodedStrings } from './encoded-strings.js';
import { writeAttrKeysValues } from './otel-attributes.js';
import { RowBinaryWriter } from './rowbinary.js';
import { readStrings } from './string-stream.test-support.js';

function encode(build: (a: AttributeColumnsBuilder, st: StringTable) => void): { keys: string[]; values: string[] } {
  const st = new StringTable();
  const a = new AttributeColumnsBuilder(2);
  build(a, st);
  const attrs = a.finish();
  const keys = new RowBinaryWriter(16);
  const values = new RowBinaryWriter(16);
  writeAttrKeysValues(keys, values, attrs, new EncodedStrings(st.strings), 0, attrs.count);
  return { keys: readStrings(keys.bytes()), values: readStrings(values.bytes()) };
}

describe('writeAttrKeysValues', () => {
  it('writes every 64-bit int as its exact decimal text, at both ends of the range and around 2^52', () => {
    const ints = [0n, 1n, -1n, 9n, 10n, 99n, 100n, 200n, -503n, 65535n, 4294967295n, 4294967296n, -4294967296n, 2n ** 52n - 1n, 2n ** 52n, -(2n ** 52n), -(2n ** 52n) - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    const { keys, values } = encode((a, st) => {
      for (const v of ints) a.addInt(st.intern('n'), v);
    });
    expect(values).toEqual(ints.map(String));
    expect(keys).toEqual(ints.map(() => 'n'));
  });

  it('writes bools, doubles, empties and strings (multi-byte UTF-8 and long ones) as the stored text', () => {
    const long = 'ü'.repeat(100);
    const { keys, values } = encode((a, st) => {
      a.addBool(st.intern('t'), true);
      a.addBool(st.intern('f'), false);
      a.addDouble(st.intern('d'), -0.5);
      a.addDouble(st.intern('z'), -0);
      a.addEmpty(st.intern('e'));
      a.addStr(st.intern('s'), AttrType.String, st.intern('grüße'));
      a.addStr(st.intern('l'), AttrType.String, st.intern(long));
      a.addStr(st.intern('s'), AttrType.String, st.intern('grüße'));
    });
    expect(keys).toEqual(['t', 'f', 'd', 'z', 'e', 's', 'l', 's']);
    expect(values).toEqual(['true', 'false', '-0.5', '-0', '', 'grüße', long, 'grüße']);
  });

  it('encodes a string the same in a later batch (bytes shared across batches)', () => {
    const first = encode((a, st) => a.addStr(st.intern('k'), AttrType.String, st.intern('value-1')));
    const second = encode((a, st) => {
      a.addStr(st.intern('other'), AttrType.String, st.intern('x'));
      a.addStr(st.intern('k'), AttrType.String, st.intern('value-1'));
    });
    expect(first.values).toEqual(['value-1']);
    expect(second).toEqual({ keys: ['other', 'k'], values: ['x', 'value-1'] });
  });

  it('keeps every string exact when the shared cache fills and starts over within a batch', () => {
    // more distinct short strings than the cache holds (64k), some multi-byte
    const values = Array.from({ length: 70_000 }, (_, j) => (j % 3 === 0 ? `wert-${j}-ü` : `value-${j}`));
    const { values: got } = encode((a, st) => {
      for (const v of values) a.addStr(st.intern('k'), AttrType.String, st.intern(v));
      a.addStr(st.intern('k'), AttrType.String, st.intern(values[0]!));
    });
    expect(got).toEqual([...values, values[0]]);
  });
});
