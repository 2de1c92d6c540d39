/**
 * Two-sided CUSUM (Page 1954) over standardised residuals: accumulates evidence of a sustained
 * shift of the mean, so a level change too small for the point test is still caught after a
 * few points. `drift` is the allowance k (in sigmas) and `limit` the decision interval h.
 */
export interface CusumState {
  up: number;
  down: number;
}

export function cusumStep(state: CusumState, z: number, drift: number, clip: number): void {
  // Clipping keeps a single huge spike from looking like a level shift (spikes are the point test's job).
  const c = Math.max(-clip, Math.min(clip, z));
  state.up = Math.max(0, state.up + c - drift);
  state.down = Math.max(0, state.down - c - drift);
}

export interface ChangePoint {
  index: number;
  direction: 'up' | 'down';
}

/**
 * Offline change points of a standardised series: a change is signalled when either sum crosses
 * `limit`; its index is where that sum last left zero (the estimated start of the shift). After a
 * signal the reference mean moves to the mean since that start, and both sums restart, so a
 * sustained shift is reported once and a return to the old level is a change of its own.
 */
export function cusumChangePoints(z: ArrayLike<number>, drift = 0.5, limit = 5, clip = 4): ChangePoint[] {
  const out: ChangePoint[] = [];
  const s: CusumState = { up: 0, down: 0 };
  let reference = 0;
  let upStart = 0;
  let downStart = 0;
  for (let i = 0; i < z.length; i++) {
    const prevUp = s.up;
    const prevDown = s.down;
    cusumStep(s, z[i]! - reference, drift, clip);
    if (prevUp === 0 && s.up > 0) upStart = i;
    if (prevDown === 0 && s.down > 0) downStart = i;
    if (s.up > limit || s.down > limit) {
      const cp: ChangePoint = s.up > limit ? { index: upStart, direction: 'up' } : { index: downStart, direction: 'down' };
      out.push(cp);
      let sum = 0;
      for (let j = cp.index; j <= i; j++) sum += z[j]!;
      reference = sum / (i - cp.index + 1);
      s.up = 0;
      s.down = 0;
    }
  }
  return out;
}
