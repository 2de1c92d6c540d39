import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference, renderErrorTable } from './index.js';

const docs = new URL('../../../../docs/', import.meta.url);

describe('generated reference pages', () => {
  it('docs/configuration.md matches the config schema (run `npm run docs:generate`)', () => {
    expect(readFileSync(new URL('configuration.md', docs), 'utf8')).toBe(renderConfigReference());
  });
  it('docs/errors.md matches the error code table (run `npm run docs:generate`)', () => {
    expect(readFileSync(new URL('errors.md', docs), 'utf8')).toBe(renderErrorTable());
  });
});
