/** Size limits of the AI service, enforced before any work is done. */
export interface AiLimits {
  /** Largest request message, bytes (gRPC rejects bigger ones with RESOURCE_EXHAUSTED). */
  maxMessageBytes: number;
  /** Most points in one series. */
  maxPointsPerSeries: number;
  /** Most candidate series in one RankRootCauses request. */
  maxCandidates: number;
  /** Most graph edges in one RankRootCauses request. */
  maxEdges: number;
  /** Longest forecast or exhaustion horizon, points. */
  maxHorizon: number;
}

export const DEFAULT_LIMITS: AiLimits = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxPointsPerSeries: 100_000,
  maxCandidates: 5_000,
  maxEdges: 50_000,
  maxHorizon: 10_000,
};
