/** Media type of an OTLP/HTTP request, parameters (`; charset=utf-8`) tolerated. */
export type OtlpEncoding = 'protobuf' | 'json';

export function parseOtlpContentType(header: string | undefined): OtlpEncoding | undefined {
  const media = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}
