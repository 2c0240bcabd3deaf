// Waiting for the database when another writer holds it: which errors mean "busy, try again", and the
// backoff both adapters retry a whole unit of work (a transaction) with. A unit is retried from its start,
// never resumed, so a retry can only ever commit it once.

/**
 * How long a unit of work keeps retrying a busy database before it gives up and fails (the caller then
 * reports the input it was storing). Long enough to outlast the longest write another process holds the
 * database for (a cluster-state save at 100k articles takes about a second, a big story merge a few) many
 * times over; short enough that a database held by a stuck process is reported within a minute.
 */
export const BUSY_RETRY_DEADLINE_MS = 60_000;
/** First wait after a busy failure: about one article commit, so a short collision costs little. */
const BACKOFF_FIRST_MS = 5;
/** Longest single wait: waits double up to this, so a long holder is polled a few times a second, not spun on. */
const BACKOFF_MAX_MS = 250;

/** SQLite's busy and locked results (every extended code), and PostgreSQL's serialisation failure and deadlock. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(BUSY|LOCKED)/.test(code) || code === '40001' || code === '40P01';
}

export interface RetryOptions {
  deadlineMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Which errors to retry (default isBusyError). */
  retryable?: (err: unknown) => boolean;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait before retry number `attempt` (1-based): doubling from BACKOFF_FIRST_MS, capped, with jitter so two waiters part. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt - 1, 16));
  return Math.round(base / 2 + random() * base);
}

/** Runs `unit` until it succeeds, retrying busy failures with backoff until the deadline; then rethrows the last one. */
export async function retryWhileBusy<T>(unit: () => T | Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const retryable = opts.retryable ?? isBusyError;
  const deadline = now() + (opts.deadlineMs ?? BUSY_RETRY_DEADLINE_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await unit();
    } catch (err) {
      if (!retryable(err)) throw err;
      const wait = backoffMs(attempt);
      if (now() + wait > deadline) throw err;
      await sleep(wait);
    }
  }
}
