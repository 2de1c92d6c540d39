// fft.js ships no types; this is the part of its API that @pointer/ai uses.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    realTransform(out: number[], input: ArrayLike<number>): void;
    completeSpectrum(out: number[]): void;
    inverseTransform(out: number[], input: number[]): void;
  }
}
