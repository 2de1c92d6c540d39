/**
 * Runs every PromQL test file in ./testdata (Prometheus' load/eval format) against the engine;
 * one test per eval command, named by file and line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createPromQLEngine } from './engine.js';
import type { MemoryQuerier } from './memory-querier.js';
import { TestStorage, runEval } from './promqltest/runner.js';
import { parseTestFile, type EvalCommand } from './promqltest/test-file.js';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.test')).sort();

for (const file of files) {
  describe(file, () => {
    const commands = parseTestFile(readFileSync(join(dir, file), 'utf8'));
    const storage = new TestStorage();
    const engine = createPromQLEngine();
    const cases: { cmd: EvalCommand; querier: MemoryQuerier }[] = [];
    let querier = storage.querier();
    for (const cmd of commands) {
      if (cmd.kind === 'clear') {
        storage.clear();
        querier = storage.querier();
      } else if (cmd.kind === 'load') {
        storage.load(cmd);
        querier = storage.querier();
      } else {
        cases.push({ cmd, querier });
      }
    }
    for (const { cmd, querier: q } of cases) {
      it(`line ${cmd.line}: ${cmd.query}`, async () => {
        await runEval(engine, q, cmd);
      });
    }
  });
}
