// A damaged SQLite file (truncated, overwritten, not a database at all, or joined by a write-ahead log from
// another database) is named with what to do about it, instead of SQLite's bare "database disk image is
// malformed" or, worse, a foreign log silently read as an empty database ("no stories yet").
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StorylineError, errorMessage } from '../../errors.ts';

/** SQLite's result codes for a file that is not (or no longer) a sound database. */
const DAMAGED_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

function whatToDo(path: string): string {
  return (
    `stop every storyline process using it, then restore ${path} from a backup, ` +
    `or move it (and any ${path}-wal and ${path}-shm beside it) aside: storyline then starts a new, empty database ` +
    `to import into again. \`sqlite3 <old file> .recover | sqlite3 <new file>\` salvages what is still readable`
  );
}

/** The store error for a failure that says the file is damaged, or null for any other failure. */
export function damagedDatabaseError(err: unknown, path: string): StorylineError | null {
  if (err instanceof StorylineError && err.code === 'damaged') return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DAMAGED_CODES.test(code)) return null;
  return new StorylineError('store', 'damaged', `the database file is damaged (${errorMessage(err)}); ${whatToDo(path)}`, { input: path, cause: err });
}

/**
 * A write-ahead log beside the file is replayed into it on open, and SQLite cannot tell a log of this
 * database from one copied in from another: it applies the pages either way. The log is there after a crash,
 * a kill -9, or while another process writes; then the file is checked (quick_check reads every page once:
 * milliseconds for the demo corpus, ~1 s per GB) before anything trusts it. Without a log there is nothing
 * to replay, and damage shows as the errors above when a damaged page is read.
 */
export function checkBeforeReplay(path: string): void {
  const wal = `${path}-wal`;
  if (path === ':memory:' || !existsSync(path) || !existsSync(wal) || statSync(wal).size === 0) return;
  let db: Database.Database | null = null;
  try {
    // Read-only: a read-only connection replays the log for itself but never checkpoints it into the file.
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    if (rows.length !== 1 || rows[0].quick_check !== 'ok') {
      const first =
        rows
          .map((r) => r.quick_check)
          .join('\n')
          .split('\n')
          .find((l) => l && !l.startsWith('***')) ?? 'quick_check failed';
      throw new StorylineError('store', 'damaged', `the database file is damaged (read with ${wal}: ${first}); nothing was written to it; ${whatToDo(path)}`, {
        input: path,
      });
    }
  } catch (err) {
    throw damagedDatabaseError(err, path) ?? err;
  } finally {
    db?.close();
  }
}
