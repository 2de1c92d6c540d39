/**
 * A Querier that first waits for the read barrier: everything acknowledged before the query
 * began is committed to the engine before the first read, so a query sees every write that was
 * acknowledged before it (read-after-write). One barrier per querier, and the store makes one
 * querier per query: a PromQL query's many selects see one consistent point, and later writes do
 * not make it wait again.
 */
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../querier.js';

export class BarrierQuerier implements Querier {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly inner: Querier,
    private readonly barrier: () => Promise<void>,
  ) {}

  private wait(): Promise<void> {
    // a failed barrier is not remembered: the next read tries again
    this.ready ??= this.barrier().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]> {
    await this.wait();
    return this.inner.select(matchers, startMs, endMs, hints);
  }

  async series(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<Labels[]> {
    await this.wait();
    return this.inner.series(selectors, startMs, endMs, limit);
  }

  async labelNames(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    await this.wait();
    return this.inner.labelNames(selectors, startMs, endMs, limit);
  }

  async labelValues(name: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    await this.wait();
    return this.inner.labelValues(name, selectors, startMs, endMs, limit);
  }
}
