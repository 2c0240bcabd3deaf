// The SqlRunner (../sql-runner.ts) over this adapter's connection: cached statements, and every write a
// BEGIN IMMEDIATE transaction retried while busy, as the other repositories write.
import type { SqlRunner } from '../sql-runner.ts';
import type { SqliteConnection } from './connection.ts';

export function sqliteRunner(c: SqliteConnection): SqlRunner {
  return {
    all: async <T>(sql: string, params: unknown[] = []) => c.q(sql).all(...params) as T[],
    run: (sql, params = []) => c.write(() => c.q(sql).run(...params).changes),
    batch: (statements) => c.write(() => statements.map((st) => c.q(st.sql).run(...st.params).changes)),
  };
}
