import { describe, expect, it } from 'vitest';
import { RowBinaryWriter } from './rowbinary.js';
import { readStrings } from './string-stream.test-support.js';

describe('RowBinaryWriter.string', () => {
  it('writes the exact length prefix whether or not the UTF-8 form is shorter than the room reserved for it', () => {
    const strings = [
      '', 'a', 'x'.repeat(42), 'x'.repeat(43), 'x'.repeat(127), 'x'.repeat(128), 'x'.repeat(16_383), 'x'.repeat(16_384), 'x'.repeat(70_000),
      'é'.repeat(21), 'é'.repeat(64), 'é'.repeat(8_192), '🚀'.repeat(40), 'grüße '.repeat(500), 'a\u0000b',
    ];
    const w = new RowBinaryWriter(4);
    for (const s of strings) w.string(s);
    expect(readStrings(w.bytes())).toEqual(strings);
  });
});
