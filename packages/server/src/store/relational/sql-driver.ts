/**
 * The little a relational backend must do for `SqlRelationalStore`. Statements are written once
 * with `?` placeholders; the PostgreSQL driver numbers them ($1, $2, ...).
 */
export type SqlValue = string | number | null;

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
