#!/usr/bin/env node
// Writes the generated reference pages from the code: docs/configuration.md from the config
// schema and docs/errors.md from the error code table. A unit test fails when they are stale.
import { writeFileSync } from 'node:fs';
import { renderConfigReference, renderErrorTable } from '../packages/server/dist/docs/index.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigReference());
writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorTable());
console.log('wrote docs/configuration.md and docs/errors.md');
