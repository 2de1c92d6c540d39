/** Renders docs/errors.md from the error code table (errors/codes.ts). */
import { ERROR_CODES } from '../errors/codes.js';

export function renderErrorTable(): string {
  const out = [
    '# Error codes',
    '',
    '<!-- Generated from packages/server/src/errors/codes.ts by `npm run docs:generate`. Do not edit by hand. -->',
    '',
    'Every API error body is `{"status":"error","error":{"code":"PTR_ERR_…","message":"…","retryable":bool}}`',
    '(the Prometheus, Tempo, Loki and OTLP APIs answer in their own protocol\'s error shape, with the same message).',
    'Retryable errors come with `Retry-After` where a wait is known. The CLI prints `error <code>: <message>`.',
    '',
    '| code | HTTP | retryable | cause | fix |',
    '|---|---|---|---|---|',
  ];
  for (const [code, d] of Object.entries(ERROR_CODES)) {
    out.push(`| \`${code}\` | ${d.status} | ${d.retryable ? 'yes' : 'no'} | ${d.cause} | ${d.fix} |`);
  }
  return out.join('\n') + '\n';
}
