/**
 * NAB's scoring (Lavin & Ahmad 2015; numenta/NAB `nab/sweeper.py`), reimplemented faithfully:
 * - the first 15 % of each file (at most 750 points) is a probationary period, not scored;
 * - a detection inside a window scores tpWeight × σ_s(position)/σ_s(-1), where
 *   σ_s(y) = 2/(1+e^{5y}) − 1 and position = −(windowRight − i + 1)/windowWidth, so early is best;
 *   only the best (earliest) detection of a window counts; a window with none costs −fnWeight;
 * - a detection outside every window costs fpWeight × σ_s(distance past the previous window /
 *   (its width − 1)), or −fpWeight when no window came before;
 * - totals over all files are normalised as 100 × (raw − null) / (perfect − null), where the null
 *   detector detects nothing and the perfect one detects at the first point of every window.
 */
export interface Profile {
  name: string;
  tp: number;
  fp: number;
  fn: number;
}

/** NAB's `config/profiles.json`. */
export const PROFILES: Profile[] = [
  { name: 'standard', tp: 1.0, fp: 0.11, fn: 1.0 },
  { name: 'reward_low_FP_rate', tp: 1.0, fp: 0.22, fn: 1.0 },
  { name: 'reward_low_FN_rate', tp: 1.0, fp: 0.11, fn: 2.0 },
];

export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1; // NAB: "FP well behind window"
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationaryLength(n: number, percent = 0.15): number {
  return Math.min(Math.floor(percent * n), Math.floor(percent * 5000));
}

/** Windows as inclusive [left, right] point indexes. */
export type IndexWindow = [number, number];

/**
 * Raw NAB score of one file for the detections `detected[i]` (true where the detector's score
 * reaches its threshold).
 */
export function scoreFile(detected: ArrayLike<boolean>, windows: IndexWindow[], profile: Profile): { score: number; tp: number; fp: number; fn: number } {
  const n = detected.length;
  const maxTP = scaledSigmoid(-1);
  const probation = probationaryLength(n);
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const windowBest: number[] = sorted.map(() => -profile.fn);
  const windowHit: boolean[] = sorted.map(() => false);
  let fpScore = 0;
  let fpCount = 0;
  let w = 0;
  let current: number | undefined;
  let prevRight: number | undefined;
  let prevWidth: number | undefined;
  for (let i = 0; i < n; i++) {
    if (current === undefined && w < sorted.length && i >= sorted[w]![0]) current = w++;
    let weighted: number;
    if (current !== undefined) {
      const [left, right] = sorted[current]!;
      const width = right - left + 1;
      const pos = -(right - i + 1) / width;
      weighted = (scaledSigmoid(pos) * profile.tp) / maxTP;
    } else if (prevRight === undefined || prevWidth === undefined) {
      weighted = -1 * profile.fp;
    } else {
      const pos = Math.abs(prevRight - i) / (prevWidth - 1);
      weighted = scaledSigmoid(pos) * profile.fp;
    }
    if (i >= probation && detected[i]) {
      if (current !== undefined) {
        windowBest[current] = Math.max(windowBest[current]!, weighted);
        windowHit[current] = true;
      } else {
        fpScore += weighted;
        fpCount++;
      }
    }
    if (current !== undefined && i === sorted[current]![1]) {
      prevRight = sorted[current]![1];
      prevWidth = sorted[current]![1] - sorted[current]![0] + 1;
      current = undefined;
    }
  }
  // Windows that lie wholly inside the probationary period cannot be scored either way in NAB
  // (all their points are dropped), so they count neither as found nor as missed.
  let score = fpScore;
  let tp = 0;
  let fn = 0;
  sorted.forEach((win, k) => {
    if (win[1] < probation) return;
    score += windowBest[k]!;
    if (windowHit[k]) tp++;
    else fn++;
  });
  return { score, tp, fp: fpCount, fn };
}

export interface FileInput {
  name: string;
  detected: ArrayLike<boolean>;
  windows: IndexWindow[];
}

export interface ProfileResult {
  profile: string;
  raw: number;
  nullScore: number;
  perfect: number;
  normalized: number;
  tp: number;
  fp: number;
  fn: number;
}

export function scoreCorpus(files: FileInput[], profile: Profile): ProfileResult {
  let raw = 0;
  let nullScore = 0;
  let perfect = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of files) {
    const n = f.detected.length;
    const r = scoreFile(f.detected, f.windows, profile);
    raw += r.score;
    tp += r.tp;
    fp += r.fp;
    fn += r.fn;
    nullScore += scoreFile(new Array<boolean>(n).fill(false), f.windows, profile).score;
    const best = new Array<boolean>(n).fill(false);
    for (const [left] of f.windows) best[left] = true;
    perfect += scoreFile(best, f.windows, profile).score;
  }
  const normalized = (100 * (raw - nullScore)) / (perfect - nullScore);
  return { profile: profile.name, raw, nullScore, perfect, normalized, tp, fp, fn };
}
