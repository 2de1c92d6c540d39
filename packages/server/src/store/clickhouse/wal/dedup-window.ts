/**
 * Tables written through the write-ahead log keep the tokens of their recent inserts, so that a
 * segment inserted again after a crash (committed, not yet deleted) is recognised and skipped.
 * A non-replicated MergeTree keeps none by default. Tables created before the window was part of
 * their DDL get it at start (ensureTableSettings).
 */
const DEDUP_WINDOW = 1000;

export const DEDUP_SETTINGS: Readonly<Record<string, number>> = { non_replicated_deduplication_window: DEDUP_WINDOW };
