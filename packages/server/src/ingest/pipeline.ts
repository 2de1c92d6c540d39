/**
 * The one path every ingest protocol takes after it has the request bytes and the tenant:
 * decode (timed), count, publish to the bus, and wait until the bus says durable. Receivers
 * differ only in how they read requests and write answers.
 */
import { ptrError } from '../errors/index.js';
import type { Bus, Topic } from '../bus/index.js';
import type { DecodeContext, DecodeResult, IngestLimits, TelemetryBatch } from '../model/index.js';
import type { SelfMetrics } from '../selfmetrics/index.js';
import { Admission } from './admission.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export type Protocol = 'grpc' | 'http' | 'native';

export const TOPIC_OF: Record<Signal, Topic> = { traces: 'spans', logs: 'logs', metrics: 'metrics' };

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** partial_success.error_message: the first reasons, joined. */
  errorMessage: string;
}

export interface PipelineOptions {
  bus: Bus;
  limits: IngestLimits;
  metrics: SelfMetrics;
  maxInFlightRequests: number;
  maxInFlightBytes: number;
  retryAfterSeconds: number;
}

export type Outcome = 'ok' | 'partial' | 'invalid' | 'overloaded' | 'unauthenticated' | 'too_large' | 'unavailable' | 'error';

export class IngestPipeline {
  readonly admission: Admission;
  private readonly received;
  private readonly accepted;
  private readonly rejected;
  private readonly requests;
  private readonly decodeSeconds;
  private readonly publishSeconds;
  private readonly limited;
  private readonly inflightRequests;
  private readonly inflightBytes;
  private draining = false;

  constructor(private readonly o: PipelineOptions) {
    this.admission = new Admission(o.maxInFlightRequests, o.maxInFlightBytes, o.retryAfterSeconds);
    const m = o.metrics;
    this.received = m.counter('pointer_ingest_received_items_total', 'Items (spans, log records, samples) decoded from requests, valid or not.', ['signal', 'protocol']);
    this.accepted = m.counter('pointer_ingest_accepted_items_total', 'Items acknowledged to the client after the bus made them durable.', ['signal', 'protocol']);
    this.rejected = m.counter('pointer_ingest_rejected_items_total', 'Items rejected one by one (OTLP partial success).', ['signal', 'protocol']);
    this.requests = m.counter('pointer_ingest_requests_total', 'Ingest requests by outcome.', ['signal', 'protocol', 'outcome']);
    this.decodeSeconds = m.histogram('pointer_ingest_decode_seconds', 'Time to decode and validate one request.', ['signal', 'encoding'], [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1]);
    this.publishSeconds = m.histogram('pointer_ingest_publish_seconds', 'Time from publish to durable acknowledgement by the bus.', ['signal'], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);
    this.limited = m.counter('pointer_ingest_limited_total', 'Attributes, events and links dropped (kind=dropped) and string values truncated (kind=truncated) by the ingest limits.', ['signal', 'kind']);
    this.inflightRequests = m.gauge('pointer_ingest_inflight_requests', 'Ingest requests admitted and not yet answered.');
    this.inflightBytes = m.gauge('pointer_ingest_inflight_bytes', 'Request bytes admitted and not yet answered.');
  }

  get limits(): IngestLimits {
    return this.o.limits;
  }

  /** Stop admitting (shutdown): new requests get PTR_ERR_NOT_READY. */
  drain(): void {
    this.draining = true;
  }

  /**
   * Admits a request of `bytes`, returning the release function, or throws the retryable
   * overload error. Receivers admit before they buffer and decode the body.
   */
  admit(bytes: number): () => void {
    if (this.draining) throw ptrError('PTR_ERR_NOT_READY', 'ingest is shutting down', { retryAfterSeconds: this.o.retryAfterSeconds });
    const err = this.admission.tryAcquire(bytes);
    if (err) throw err;
    this.updateGauges();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admission.release(bytes);
      this.updateGauges();
    };
  }

  private updateGauges(): void {
    this.inflightRequests.set(this.admission.inFlightRequests);
    this.inflightBytes.set(this.admission.inFlightBytes);
  }

  countOutcome(signal: Signal, protocol: Protocol, outcome: Outcome): void {
    this.requests.inc({ signal, protocol, outcome });
  }

  /** Decodes with `decode`, publishes what is valid, resolves once durable. Throws PtrError. */
  async ingest(signal: Signal, protocol: Protocol, encoding: string, tenant: string, decode: (ctx: DecodeContext) => DecodeResult<TelemetryBatch>): Promise<IngestResult> {
    const t0 = performance.now();
    const result = decode({ tenant, limits: this.o.limits });
    this.decodeSeconds.observe({ signal, encoding }, (performance.now() - t0) / 1000);
    const { batch, rejected } = result;
    this.received.inc({ signal, protocol }, batch.count + rejected);
    if (rejected > 0) this.rejected.inc({ signal, protocol }, rejected);
    if (result.droppedByLimits) this.limited.inc({ signal, kind: 'dropped' }, result.droppedByLimits);
    if (result.truncatedValues) this.limited.inc({ signal, kind: 'truncated' }, result.truncatedValues);
    if (batch.count > 0) {
      const t1 = performance.now();
      await this.o.bus.publish(TOPIC_OF[signal], batch as never);
      this.publishSeconds.observe({ signal }, (performance.now() - t1) / 1000);
      this.accepted.inc({ signal, protocol }, batch.count);
    }
    return { accepted: batch.count, rejected, errorMessage: rejected > 0 ? `${rejected} rejected: ${result.errors.join('; ')}` : '' };
  }
}

/** The outcome label for a thrown error. */
export function outcomeOf(code: string): Outcome {
  switch (code) {
    case 'PTR_ERR_DECODE':
    case 'PTR_ERR_VALIDATION':
    case 'PTR_ERR_BAD_REQUEST':
    case 'PTR_ERR_UNSUPPORTED_MEDIA_TYPE':
    case 'PTR_ERR_METHOD_NOT_ALLOWED':
      return 'invalid';
    case 'PTR_ERR_OVERLOADED':
    case 'PTR_ERR_RATE_LIMITED':
      return 'overloaded';
    case 'PTR_ERR_UNAUTHENTICATED':
    case 'PTR_ERR_FORBIDDEN':
      return 'unauthenticated';
    case 'PTR_ERR_PAYLOAD_TOO_LARGE':
      return 'too_large';
    case 'PTR_ERR_UNAVAILABLE':
    case 'PTR_ERR_NOT_READY':
      return 'unavailable';
    default:
      return 'error';
  }
}
