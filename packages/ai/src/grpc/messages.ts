/**
 * The wire messages of proto/pointer/ai/v1/ai.proto as proto-loader hands them over
 * (options: longs as Number, enums as String, defaults filled in). Field names are camelCase.
 */
export interface SeriesMsg {
  name: string;
  timestampsMs: number[];
  values: number[];
}

export interface DetectAnomaliesRequestMsg {
  series: SeriesMsg | null;
  method: string;
  threshold: number;
  scoreLast: number;
}

export interface BaselineRequestMsg {
  series: SeriesMsg | null;
  bandSigmas: number;
}

export interface CandidateSeriesMsg {
  node: string;
  metric: string;
  series: SeriesMsg | null;
}

export interface RankRootCausesRequestMsg {
  targetNode: string;
  targetMetric: string;
  incidentStartMs: number;
  candidates: CandidateSeriesMsg[];
  edges: { caller: string; callee: string }[];
  minScore: number;
  virtualNodes: string[];
}

export interface ForecastRequestMsg {
  series: SeriesMsg | null;
  horizon: number;
  method: string;
  interval: number;
}

export interface PredictExhaustionRequestMsg {
  series: SeriesMsg | null;
  limit: number;
  falling: boolean;
  maxHorizon: number;
}
