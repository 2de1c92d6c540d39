/**
 * The string table of a batch under construction: each distinct string is stored once and
 * referred to by index; index 0 is always the empty string.
 */
export class StringTable {
  readonly strings: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  get size(): number {
    return this.strings.length;
  }
}
