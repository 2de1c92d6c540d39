/**
 * NAB benchmark: runs the streaming detector over every file of nab-dev with one threshold fixed
 * in advance (the detector's default, 0.5) and scores the alerts (episode onsets) with NAB's
 * three profiles, on all files and on the two fixed halves used by nab-tune.ts (A: files 0, 2,
 * 4, … in name order; B: files 1, 3, 5, …).
 * Usage: npx tsx packages/ai/bench/nab.ts [--method ensemble|seasonal_zscore|zscore] [--verbose] [--json]
 */
import { detectAnomalies, DETECTOR_DEFAULTS, type DetectorMethodName } from '../src/anomaly/detector.js';
import { loadNab } from './data.js';
import { PROFILES, scoreCorpus, type FileInput } from './nab-scorer.js';

const args = process.argv.slice(2);
const method = (args.includes('--method') ? args[args.indexOf('--method') + 1] : DETECTOR_DEFAULTS.method) as DetectorMethodName;
const verbose = args.includes('--verbose');

const files = loadNab();
const inputs: FileInput[] = [];
const started = process.cpuUsage();
for (const f of files) {
  const r = detectAnomalies(f.values, { method });
  const detected = new Array<boolean>(f.values.length).fill(false);
  for (const i of r.onsets) detected[i] = true;
  inputs.push({ name: f.name, detected, windows: f.windows });
  if (verbose) {
    const per = scoreCorpus([{ name: f.name, detected, windows: f.windows }], PROFILES[0]!);
    console.log(`${f.name.padEnd(55)} n=${f.values.length} periods=${r.periods.join('/')} windows=${f.windows.length} alerts=${r.onsets.length} tp=${per.tp} fp=${per.fp} fn=${per.fn} raw=${per.raw.toFixed(2)}`);
  }
}
const cpu = process.cpuUsage(started);
const results = PROFILES.map((p) => scoreCorpus(inputs, p));
const halves = {
  A: PROFILES.map((p) => scoreCorpus(inputs.filter((_, k) => k % 2 === 0), p)),
  B: PROFILES.map((p) => scoreCorpus(inputs.filter((_, k) => k % 2 === 1), p)),
};
const points = files.reduce((s, f) => s + f.values.length, 0);
if (args.includes('--json')) {
  console.log(JSON.stringify({ method, files: files.length, points, cpuSeconds: (cpu.user + cpu.system) / 1e6, results, halves }, null, 2));
} else {
  console.log(`NAB subset: ${files.length} files, ${points} points, method ${method}, threshold 0.5 (fixed in advance)`);
  for (const r of results) console.log(`${r.profile.padEnd(20)} score ${r.normalized.toFixed(1).padStart(6)}  (raw ${r.raw.toFixed(2)}, null ${r.nullScore.toFixed(2)}, perfect ${r.perfect.toFixed(2)}; tp ${r.tp} fp ${r.fp} fn ${r.fn})`);
  for (const [h, rs] of Object.entries(halves)) console.log(`half ${h}: ${rs.map((r) => `${r.profile} ${r.normalized.toFixed(1)}`).join(', ')} (tp ${rs[0]!.tp} fp ${rs[0]!.fp} fn ${rs[0]!.fn})`);
  console.log(`detector CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
}
