/**
 * Honest tuning report for the ensemble detector: a small grid of its global settings, fitted on
 * one part of nab-dev and scored on the other, for two splits: alternate files (A = files 0, 2,
 * 4, … in name order, B = files 1, 3, 5, …) and by folder (the synthetic files against the real
 * AWS CloudWatch ones). The held-out scores are the number to trust; the product defaults were
 * chosen with all files in view. The seasonal detector runs once per file; only the cheap
 * combination step is repeated per setting.
 * Usage: npx tsx packages/ai/bench/nab-tune.ts [--json]
 */
import { detectAnomalies, DETECTOR_DEFAULTS } from '../src/anomaly/detector.js';
import { combineEnsemble, ENSEMBLE_DEFAULTS, type EnsembleOptions } from '../src/anomaly/ensemble.js';
import { loadNab } from './data.js';
import { PROFILES, scoreCorpus, type FileInput, type ProfileResult } from './nab-scorer.js';

const files = loadNab();
const bases = files.map((f) => detectAnomalies(f.values, { method: 'seasonal_zscore' }));

const grid: Partial<EnsembleOptions>[] = [];
for (const suppress of [96, 144, 200, 288])
  for (const baseScale of [2, 4, 6])
    for (const rangeTolerance of [0.02, 0.05, 0.1])
      for (const context of [false, true]) grid.push({ suppress, baseScale, rangeTolerance, context });

function score(setting: Partial<EnsembleOptions>, keep: (k: number) => boolean): ProfileResult[] {
  const inputs: FileInput[] = [];
  files.forEach((f, k) => {
    if (!keep(k)) return;
    const r = combineEnsemble(f.values, bases[k]!, DETECTOR_DEFAULTS.minHistory, 0, setting);
    const detected = new Array<boolean>(f.values.length).fill(false);
    for (const i of r.onsets) detected[i] = true;
    inputs.push({ name: f.name, detected, windows: f.windows });
  });
  return PROFILES.map((p) => scoreCorpus(inputs, p));
}

const halves = { A: (k: number) => k % 2 === 0, B: (k: number) => k % 2 === 1 };
const isArtificial = (k: number) => files[k]!.name.startsWith('artificial');
// Second split, harder: synthetic files against real AWS CloudWatch series.
const folders = { artificial: isArtificial, realAWSCloudwatch: (k: number) => !isArtificial(k) };
const out: Record<string, unknown> = { gridSize: grid.length };
const fmt = (rs: ProfileResult[]) => rs.map((r) => `${r.profile} ${r.normalized.toFixed(1)}`).join(', ') + ` (tp ${rs[0]!.tp} fp ${rs[0]!.fp} fn ${rs[0]!.fn})`;
const lines: string[] = [];
const folds: [string, (k: number) => boolean, string, (k: number) => boolean][] = [
  ['A', halves.A, 'B', halves.B],
  ['B', halves.B, 'A', halves.A],
  ['artificial', folders.artificial, 'realAWSCloudwatch', folders.realAWSCloudwatch],
  ['realAWSCloudwatch', folders.realAWSCloudwatch, 'artificial', folders.artificial],
];
for (const [fit, fitKeep, test, testKeep] of folds) {
  let best = grid[0]!;
  let bestScore = -Infinity;
  for (const g of grid) {
    const s = score(g, fitKeep)[0]!.normalized;
    if (s > bestScore) [best, bestScore] = [g, s];
  }
  const held = score(best, testKeep);
  out[`fit_${fit}`] = { setting: best, fitStandard: bestScore, heldOut: held };
  lines.push(`fit on ${fit} (standard ${bestScore.toFixed(1)}): ${JSON.stringify(best)}`, `  held-out ${test}: ${fmt(held)}`);
}
const defaults = { all: score({}, () => true), A: score({}, halves.A), B: score({}, halves.B), artificial: score({}, folders.artificial), realAWSCloudwatch: score({}, folders.realAWSCloudwatch) };
out['defaults'] = { setting: ENSEMBLE_DEFAULTS, ...defaults };
lines.push(`product defaults ${JSON.stringify(ENSEMBLE_DEFAULTS)}`, ...Object.entries(defaults).map(([k, v]) => `  ${k}: ${fmt(v)}`));
console.log(process.argv.includes('--json') ? JSON.stringify(out, null, 2) : lines.join('\n'));
