/**
 * AiClient: the typed client of pointer.ai.v1.AiService for the server and the SDK. Each method
 * takes plain objects (camelCase fields of ai.proto), applies a deadline, and rejects with an
 * AiClientError carrying the gRPC status and the server's PTR_ERR_* code.
 */
import * as grpc from '@grpc/grpc-js';
import { AI_SERVICE_NAME, aiPackageDefinition } from './grpc/proto.js';

export interface Series {
  name?: string;
  timestampsMs: number[];
  values: number[];
}

export type DetectorMethod = 'DETECTOR_METHOD_UNSPECIFIED' | 'DETECTOR_METHOD_SEASONAL_ZSCORE' | 'DETECTOR_METHOD_ZSCORE' | 'DETECTOR_METHOD_ENSEMBLE';
export type ForecastMethod = 'FORECAST_METHOD_UNSPECIFIED' | 'FORECAST_METHOD_HOLT_WINTERS' | 'FORECAST_METHOD_SEASONAL_NAIVE' | 'FORECAST_METHOD_LEARNED';

export interface DetectAnomaliesResponse {
  points: { timestampMs: number; value: number; expected: number; score: number; anomalous: boolean }[];
  windows: { startMs: number; endMs: number; maxScore: number; kind: string }[];
  periods: number[];
  method: string;
}

export interface BaselineResponse {
  points: { timestampMs: number; expected: number; lower: number; upper: number }[];
  periods: number[];
  stepMs: number;
  robustSigma: number;
}

export interface RankRootCausesRequest {
  targetNode: string;
  targetMetric: string;
  incidentStartMs: number;
  candidates: { node: string; metric: string; series: Series }[];
  edges: { caller: string; callee: string }[];
  minScore?: number;
  virtualNodes?: string[];
}

export interface RankRootCausesResponse {
  causes: {
    node: string;
    score: number;
    rank: number;
    explainedByCallee: boolean;
    evidence: { series: string; score: number; onsetMs: number; direction: string }[];
  }[];
  targetAnomalous: boolean;
  targetScore: number;
}

export interface ForecastResponse {
  points: { timestampMs: number; mean: number; lower: number; upper: number }[];
  method: string;
  periods: number[];
}

export interface PredictExhaustionResponse {
  willExhaust: boolean;
  exhaustAtMs: number;
  earliestMs: number;
  latestMs: number;
  confidence: number;
  trendPerStep: number;
}

export class AiClientError extends Error {
  readonly grpcCode: grpc.status;
  /** The server's PTR_ERR_* code, when it sent one. */
  readonly code: string | undefined;
  constructor(err: grpc.ServiceError) {
    super(err.details || err.message);
    this.name = 'AiClientError';
    this.grpcCode = err.code;
    const c = err.metadata?.get('ptr-error-code')[0];
    this.code = typeof c === 'string' ? c : undefined;
  }
}

export interface AiClientOptions {
  /** Deadline per call in milliseconds (default 30 000). */
  timeoutMs?: number;
  credentials?: grpc.ChannelCredentials;
  /** Largest response accepted, bytes (default 64 MiB). */
  maxReceiveBytes?: number;
}

type UnaryMethod = (req: unknown, meta: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: unknown) => void) => grpc.ClientUnaryCall;

export class AiClient {
  private readonly client: grpc.Client & Record<string, UnaryMethod>;
  private readonly timeoutMs: number;

  constructor(address: string, options: AiClientOptions = {}) {
    const Ctor = grpc.makeGenericClientConstructor(aiPackageDefinition()[AI_SERVICE_NAME] as grpc.ServiceDefinition, 'AiService');
    this.client = new Ctor(address, options.credentials ?? grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': options.maxReceiveBytes ?? 64 * 1024 * 1024,
    }) as unknown as grpc.Client & Record<string, UnaryMethod>;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private call<Res>(method: string, req: unknown, timeoutMs?: number): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const deadline = Date.now() + (timeoutMs ?? this.timeoutMs);
      this.client[method]!.call(this.client, req, new grpc.Metadata(), { deadline }, (err, res) => (err ? reject(new AiClientError(err)) : resolve(res as Res)));
    });
  }

  detectAnomalies(req: { series: Series; method?: DetectorMethod; threshold?: number; scoreLast?: number }, timeoutMs?: number): Promise<DetectAnomaliesResponse> {
    return this.call('DetectAnomalies', req, timeoutMs);
  }

  baseline(req: { series: Series; bandSigmas?: number }, timeoutMs?: number): Promise<BaselineResponse> {
    return this.call('Baseline', req, timeoutMs);
  }

  rankRootCauses(req: RankRootCausesRequest, timeoutMs?: number): Promise<RankRootCausesResponse> {
    return this.call('RankRootCauses', req, timeoutMs);
  }

  forecast(req: { series: Series; horizon: number; method?: ForecastMethod; interval?: number }, timeoutMs?: number): Promise<ForecastResponse> {
    return this.call('Forecast', req, timeoutMs);
  }

  predictExhaustion(req: { series: Series; limit: number; falling?: boolean; maxHorizon?: number }, timeoutMs?: number): Promise<PredictExhaustionResponse> {
    return this.call('PredictExhaustion', req, timeoutMs);
  }

  close(): void {
    this.client.close();
  }
}
