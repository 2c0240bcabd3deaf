// The little a repository needs from a database, so that its SQL is written once for both adapters (as
// reader-sql.ts does for the reader queries): placeholders are `?` (the PostgreSQL runner numbers them),
// integers stand in for booleans, times are ISO text, and every write that must be whole is one batch.

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface SqlRunner {
  /** Rows of one query. PostgreSQL returns bigint and count() as strings: callers convert with Number(). */
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** One statement; the number of rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Statements in one transaction (all or none; retried whole when the database is busy); rows changed by each. */
  batch(statements: SqlStatement[]): Promise<number[]>;
}
