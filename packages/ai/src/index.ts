/** @pointer/ai: the AI service (gRPC :50051), its client, and its algorithms. */
export { startAiServer, type AiServer, type AiServerOptions } from './server.js';
export {
  AiClient,
  AiClientError,
  type AiClientOptions,
  type Series,
  type DetectorMethod,
  type ForecastMethod,
  type DetectAnomaliesResponse,
  type BaselineResponse,
  type RankRootCausesRequest,
  type RankRootCausesResponse,
  type ForecastResponse,
  type PredictExhaustionResponse,
} from './client.js';
export { DEFAULT_LIMITS, type AiLimits } from './grpc/limits.js';
export { AI_PROTO_PATH, AI_SERVICE_NAME } from './grpc/proto.js';
export { AiError, type AiErrorCode } from './errors.js';
export { detectAnomalies, DETECTOR_DEFAULTS, type DetectorOptions, type DetectionResult, type DetectorMethodName } from './anomaly/detector.js';
export { computeBaseline, type BaselineResult } from './baseline/baseline.js';
export { decompose, type Decomposition } from './baseline/decompose.js';
export { findPeriods, autocorrelation } from './stats/acf.js';
export { cusumChangePoints, type ChangePoint } from './anomaly/cusum.js';
export { ENSEMBLE_DEFAULTS, type EnsembleOptions } from './anomaly/ensemble.js';
export { AnomalyLikelihood, logLikelihood } from './anomaly/likelihood.js';
export { forecast, DEFAULT_FORECAST_METHOD, type ForecastMethodName, type ForecastOptions } from './forecast/forecast.js';
export { predictExhaustion, type ExhaustionResult } from './forecast/exhaustion.js';
export { rankRootCauses, DEFAULT_RCA_MIN_SCORE, type RcaRequest, type RcaResult, type RankedCause } from './rca/rank.js';
