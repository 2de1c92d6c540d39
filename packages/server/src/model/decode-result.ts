/**
 * What a decoder returns: the batch of valid items, and OTLP partial-success information about
 * items it rejected one by one. A whole-request failure is thrown as PTR_ERR_DECODE /
 * PTR_ERR_VALIDATION instead, with a message naming what and where, e.g.
 * `resourceSpans[2].scopeSpans[0].spans[17].traceId: expected 16 bytes, got 9`.
 */
export interface DecodeResult<B> {
  batch: B;
  /** Items rejected individually (counted in partial_success.rejected_spans etc.). */
  rejected: number;
  /** First few reasons, joined into partial_success.error_message. */
  errors: string[];
  /** Attributes, events and links cut off by IngestLimits (also in the items' dropped counts). */
  droppedByLimits?: number;
  /** String values shortened to maxAttributeValueLength. */
  truncatedValues?: number;
}

export interface DecodeContext {
  tenant: string;
  limits: IngestLimits;
}

export interface IngestLimits {
  maxAttributesPerItem: number;
  maxAttributeValueLength: number;
  maxEventsPerSpan: number;
  maxLinksPerSpan: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxAttributesPerItem: 128,
  maxAttributeValueLength: 16 * 1024,
  maxEventsPerSpan: 128,
  maxLinksPerSpan: 128,
};
