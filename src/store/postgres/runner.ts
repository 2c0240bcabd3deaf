// The SqlRunner (../sql-runner.ts) over this adapter's pool: `?` placeholders numbered, reads through
// the pool, writes in one retried transaction each, driver errors turned into store errors.
import type { QueryResultRow } from 'pg';
import type { SqlRunner } from '../sql-runner.ts';
import { numbered } from '../reader-sql.ts';
import { all, exec, type PgConnection } from './connection.ts';

export function pgRunner(c: PgConnection): SqlRunner {
  return {
    all: <T>(sql: string, params: unknown[] = []) => c.read((db) => all<QueryResultRow>(db, numbered(sql), params)) as Promise<T[]>,
    run: (sql, params = []) => c.tx((tx) => exec(tx, numbered(sql), params)),
    batch: (statements) =>
      c.tx(async (tx) => {
        const out: number[] = [];
        for (const st of statements) out.push(await exec(tx, numbered(st.sql), st.params));
        return out;
      }),
  };
}
