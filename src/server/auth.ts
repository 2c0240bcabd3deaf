// Reader accounts: a token is a random secret shown once; the store keeps only its SHA-256, enough for a
// secret of 256 random bits (a slow password hash protects guessable passwords, which these are not).
// The token's name is the account: read and starred state are kept per name.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, TokenRecord } from '../store/store.ts';
import { StorylineError } from '../errors.ts';

/** Names are the reader apps' "username": kept to characters no client escapes differently. */
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Creates a token for `name` and returns the secret, which is not stored and cannot be shown again. */
export async function createToken(store: Store, name: string, now = new Date()): Promise<{ name: string; token: string }> {
  if (!TOKEN_NAME.test(name)) {
    throw new StorylineError('cli', 'bad_name', 'a token name is 1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit', { input: name });
  }
  const token = 'sl_' + randomBytes(32).toString('base64url');
  await store.addToken({ name, hash: hashToken(token), createdAt: now.toISOString() });
  return { name, token };
}

/** The account a presented secret belongs to, or null. */
export async function accountOf(store: Store, secret: string): Promise<string | null> {
  if (!secret || secret.length > 200) return null;
  return (await store.tokenByHash(hashToken(secret)))?.name ?? null;
}

/**
 * The Google Reader session token: "<name>/<hex>", derived from the stored hash, so it needs no table of
 * its own, stays valid across restarts and dies with the token it came from. The hash never leaves the
 * server, so the value cannot be computed from anything a client holds but the token itself.
 */
export function sessionToken(t: TokenRecord): string {
  return `${t.name}/${createHmac('sha256', t.hash).update('storyline greader session').digest('hex')}`;
}

export async function accountOfSession(store: Store, session: string): Promise<string | null> {
  const slash = session.lastIndexOf('/');
  if (slash <= 0 || session.length > 300) return null;
  const name = session.slice(0, slash);
  if (!TOKEN_NAME.test(name)) return null;
  const given = Buffer.from(session);
  for (const t of await store.tokensNamed(name)) {
    const want = Buffer.from(sessionToken(t));
    if (want.length === given.length && timingSafeEqual(want, given)) return name;
  }
  return null;
}

/** The secret of `Authorization: Bearer <token>`, or of Basic auth's password (what a browser can send). */
export function presentedSecret(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const text = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon >= 0 ? text.slice(colon + 1) : null;
  }
  return null;
}

/**
 * Failed sign-ins per client address in a sliding window: after `max` failures, further attempts are
 * refused until the oldest failure leaves the window, so guessing costs time even though a token cannot
 * realistically be guessed (it also keeps a misconfigured app from hammering the store).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `client` may try again, or 0 when it may now. */
  retryAfter(client: string): number {
    const recent = this.recent(client);
    return recent.length < this.max ? 0 : Math.max(1, recent[0] + this.windowMs - this.now());
  }

  fail(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    this.failures.set(client, recent);
    // A flood from many addresses must not grow the map without bound.
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures) if (!v.length || v[v.length - 1] + this.windowMs <= this.now()) this.failures.delete(k);
    }
  }

  private recent(client: string): number[] {
    const t = this.now();
    const list = (this.failures.get(client) ?? []).filter((x) => x + this.windowMs > t);
    if (list.length) this.failures.set(client, list);
    else this.failures.delete(client);
    return list;
  }
}

/**
 * Requests per client address to the JSON and reader APIs: a token bucket holding `burst` requests and
 * refilled at `perMinute`. A reader app syncing, or a page of the API read by a script, stays far below it;
 * a loop hammering the server gets 429 with Retry-After instead of taking the costly reads from everyone.
 */
export class RequestLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly perMinute: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from `client`'s bucket: 0 when allowed, else milliseconds until one is. */
  take(client: string): number {
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(client, b);
    if (this.buckets.size > 10_000) {
      // Full buckets are the default: forgetting them changes nothing.
      for (const [k, v] of this.buckets) if (v.tokens + (t - v.at) * rate >= this.burst) this.buckets.delete(k);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / rate);
  }
}

/**
 * Default API rate per client address: 600 a minute (10 a second sustained) with bursts of 120, several
 * times what a reader app's full sync or a front page's worth of API calls makes. STORYLINE_API_RATE sets
 * the per-minute rate (0: no limit, as for a load test on loopback).
 */
export const DEFAULT_API_RATE = { perMinute: 600, burst: 120 };

export function apiLimiterFromEnv(value: string | undefined): RequestLimiter | null {
  if (value === undefined || value.trim() === '') return new RequestLimiter(DEFAULT_API_RATE.perMinute, DEFAULT_API_RATE.burst);
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()))
    throw new StorylineError('server', 'bad_config', `STORYLINE_API_RATE must be a whole number of requests a minute (0 for no limit), not "${value}"`);
  return n === 0 ? null : new RequestLimiter(n, Math.max(1, Math.round(n / 5)));
}
