// Webhook delivery: the outbox the match scan fills (webhook_deliveries) is worked through here. Each
// call is a POST of the stored JSON body, signed with HMAC-SHA256 over exactly those bytes under the
// watchlist's secret (`X-Storyline-Signature: sha256=<hex>`, as GitHub signs its hooks). A call that
// fails (no answer, or not 2xx) is tried again after a doubling wait, up to MAX_ATTEMPTS; every attempt
// is recorded in the store first, so a restart carries on where the last process stopped.
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../../store/store.ts';
import type { Delivery } from '../../store/repositories/watchlists.ts';
import { errorMessage } from '../../errors.ts';
import { defaultLookup, isPrivateAddress, resolveHost, type LookupFn } from '../../sources/net.ts';

export const SIGNATURE_HEADER = 'X-Storyline-Signature';
/** Tries before a delivery is marked failed: with the waits below, about 4¼ hours from the first. */
export const MAX_ATTEMPTS = 8;
/** Wait after the first failure; doubled after each next one (30 s, 1, 2, 4 … min), capped below. */
export const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 2 * 3600_000;
/** One attempt may take this long (a receiver should answer at once and work later). */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** How long a claimed delivery is this deliverer's: past the attempt's timeout, so two never overlap. */
const LEASE_MS = ATTEMPT_TIMEOUT_MS * 3;
/** Deliveries taken per round. */
const ROUND = 20;
/** A receiver's error text kept for the status page. */
const MAX_ERROR_CHARS = 300;

export function signature(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Wait before attempt `attempt + 1` after `attempt` failed ones; a receiver's Retry-After may lengthen it. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null = null): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.min(MAX_RETRY_MS, Math.max(base, retryAfterMs ?? 0));
}

export interface PostResult {
  status: number;
  retryAfter: string | null;
}

/** One HTTP POST; throws when there is no answer. Tests may swap it; the default is fetch with a timeout. */
export type PostFn = (url: string, body: string, headers: Record<string, string>) => Promise<PostResult>;

export const fetchPost: PostFn = async (url, body, headers) => {
  const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
  // The answer's body is not used; reading it frees the connection.
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
};

export interface DelivererOptions {
  now?: () => number;
  post?: PostFn;
  /** Webhooks may point at private and loopback addresses (STORYLINE_ALLOW_PRIVATE=1). */
  allowPrivate?: boolean;
  lookup?: LookupFn;
  log?: Logger;
}

/** A URL a webhook may be sent to, or why not (http or https; a public address unless allowed). */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean, lookup: LookupFn = defaultLookup): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (allowPrivate) return null;
  try {
    const addrs = await resolveHost(url.hostname, lookup);
    if (!addrs.length || addrs.some((a) => isPrivateAddress(a.address)))
      return 'points at a private or loopback address (allowed with STORYLINE_ALLOW_PRIVATE=1)';
  } catch (err) {
    return `cannot be resolved: ${errorMessage(err)}`;
  }
  return null;
}

function retryAfterMs(v: string | null, now: number): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

export interface DeliveryRound {
  attempted: number;
  delivered: number;
  failed: number;
}

/** Makes one attempt at every delivery due now; returns what happened. */
export async function deliverDue(store: Store, opts: DelivererOptions = {}): Promise<DeliveryRound> {
  const now = opts.now ?? Date.now;
  const post = opts.post ?? fetchPost;
  const repo = store.watchlists;
  const round: DeliveryRound = { attempted: 0, delivered: 0, failed: 0 };
  const due = await repo.dueDeliveries(new Date(now()).toISOString(), ROUND);
  const secrets = new Map<string, string | null>();
  for (const d of due) {
    const t = now();
    if (!(await repo.claim(d.id, new Date(t).toISOString(), new Date(t + LEASE_MS).toISOString()))) continue;
    if (!secrets.has(d.watchlistId)) secrets.set(d.watchlistId, (await repo.get(d.watchlistId))?.webhookSecret ?? null);
    round.attempted++;
    const outcome = await attempt(d, secrets.get(d.watchlistId) ?? null, post, opts);
    const at = now();
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const attempts = d.attempts + 1;
    const state = ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
    const next = ok || state === 'failed' ? at : at + retryDelayMs(attempts, retryAfterMs(outcome.retryAfter, at));
    await repo.attempted(d.id, {
      state,
      at: new Date(at).toISOString(),
      nextAttemptAt: new Date(next).toISOString(),
      status: outcome.status,
      error: outcome.error,
    });
    if (ok) round.delivered++;
    else if (state === 'failed') round.failed++;
    opts.log?.[ok ? 'debug' : 'warn'](
      { delivery: d.id, url: d.url, attempt: attempts, status: outcome.status, error: outcome.error, state },
      'webhook attempt',
    );
  }
  return round;
}

async function attempt(
  d: Delivery,
  secret: string | null,
  post: PostFn,
  opts: DelivererOptions,
): Promise<{ status: number | null; error: string | null; retryAfter: string | null }> {
  // Checked at every attempt, not only when the URL was set: a name may resolve elsewhere by now.
  const problem = await webhookUrlProblem(d.url, opts.allowPrivate ?? false, opts.lookup);
  if (problem) return { status: null, error: `the webhook URL ${problem}`, retryAfter: null };
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'storyline-webhook/1',
    'X-Storyline-Delivery': d.id,
    'X-Storyline-Event': 'watchlist.match',
  };
  if (secret) headers[SIGNATURE_HEADER] = signature(secret, d.body);
  try {
    const r = await post(d.url, d.body, headers);
    return { status: r.status, error: r.status >= 200 && r.status < 300 ? null : `HTTP ${r.status}`, retryAfter: r.retryAfter };
  } catch (err) {
    return { status: null, error: errorMessage(err).slice(0, MAX_ERROR_CHARS), retryAfter: null };
  }
}

export interface Deliverer {
  /** Runs a round now (after a scan found matches) instead of at the next tick. */
  poke(): void;
  stop(): Promise<void>;
}

/** How often the deliverer looks for due calls when nothing pokes it. */
export const DELIVERY_TICK_MS = 5_000;

/** Works the outbox in the background: a round every tick, or at once when poked; one round at a time. */
export function startDeliverer(store: Store, opts: DelivererOptions & { tickMs?: number } = {}): Deliverer {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    timer = null;
    running = deliverDue(store, opts)
      .then(() => undefined)
      .catch((err: unknown) => opts.log?.warn({ err: errorMessage(err) }, 'webhook round failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(run, opts.tickMs ?? DELIVERY_TICK_MS);
      });
  };
  timer = setTimeout(run, 0);
  return {
    poke: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
