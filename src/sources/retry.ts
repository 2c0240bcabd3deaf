// Retry policy: Retry-After parsing (RFC 9110 section 10.2.3: delay-seconds or an HTTP-date) and capped
// exponential backoff with jitter, plus a wrapper that retries a fetch on 429/5xx and transient
// network failures. Sleeping is injectable so tests can assert delays without waiting them out.
import { FetchError, fetchUrl, type FetchOptions, type FetchResult } from './fetch.ts';

/** Milliseconds to wait from a Retry-After value, or null when absent/unreadable. Never negative. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1: share of the delay that is randomised (full jitter at 1). */
  jitter?: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based): base * 2^attempt, capped, with jitter. */
export function backoffDelay(attempt: number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? 1000;
  const max = o.maxMs ?? 5 * 60_000;
  const jitter = o.jitter ?? 0.2;
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt));
  const r = (o.random ?? Math.random)();
  return Math.round(raw * (1 - jitter + jitter * r));
}

const RETRYABLE_CODES = new Set(['timeout', 'connect_timeout', 'read_timeout', 'network_error', 'dns_failed']);

/** True for failures worth retrying: 429, 5xx (except 501), timeouts and dropped connections. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof FetchError)) return false;
  if (err.code === 'http_status') return err.status === 429 || (err.status !== undefined && err.status >= 500 && err.status !== 501);
  return RETRYABLE_CODES.has(err.code);
}

export interface RetryOptions extends BackoffOptions {
  retries?: number;
  /** A Retry-After longer than this is not waited for: the error is returned for the scheduler to honour. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** fetchUrl with retries on transient failures, honouring Retry-After. */
export async function fetchWithRetry(url: string, opts: FetchOptions & RetryOptions = {}): Promise<FetchResult> {
  const retries = opts.retries ?? 2;
  const sleep = opts.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchUrl(url, opts);
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err;
      const fe = err as FetchError;
      const backoff = backoffDelay(attempt, opts);
      if (fe.retryAfterMs !== undefined && fe.retryAfterMs > (opts.maxRetryAfterMs ?? 60_000)) throw err;
      await sleep(Math.max(backoff, fe.retryAfterMs ?? 0));
    }
  }
}
