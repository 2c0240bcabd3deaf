// The HTTP fetcher for feeds and pages. Built on node:http/https rather than global fetch because the
// checks a crawler of user-supplied URLs needs sit below fetch's API: the resolved address is checked
// (and pinned for the connection) before connecting, on every redirect hop; connect and idle-read
// timeouts are separate; and the body limit applies both to bytes on the wire and after decompression,
// so a small gzip bomb is stopped while it inflates.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import type { LookupFunction } from 'node:net';
import { StorylineError } from '../errors.ts';
import { defaultLookup, isPrivateAddress, resolveHost, type LookupFn, type ResolvedAddress } from './net.ts';
import type { HostLimiter } from './limiter.ts';
import type { RobotsCache } from './robots.ts';
import { parseRetryAfter } from './retry.ts';

export const DEFAULT_USER_AGENT = 'storyline/0.1 (+self-hosted news reader; offline)';

export interface FetchOptions {
  userAgent?: string;
  /** Time allowed to open the TCP (and TLS) connection. */
  connectTimeoutMs?: number;
  /** Longest silence allowed between response bytes. */
  readTimeoutMs?: number;
  /** Upper bound on the whole request, redirects included. */
  totalTimeoutMs?: number;
  /** Body limit, in bytes, checked on the wire and again after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow loopback/private/link-local addresses (tests, or a deliberately local source). */
  allowPrivate?: boolean;
  /**
   * Origins (scheme, host and port, as URL.origin spells them: "http://127.0.0.1:8080") exempt from the
   * address check: a deliberately local source, and nothing else on that host. Every redirect hop is
   * checked again, so a redirect to another port or host of the same machine is still refused.
   */
  allowOrigins?: string[];
  /** DNS resolution; tests inject one so that made-up names resolve to loopback. */
  lookup?: LookupFn;
  /** Conditional GET validators from the previous fetch. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  headers?: Record<string, string>;
  /** Per-host concurrency and spacing. */
  limiter?: HostLimiter;
  /** When given, robots.txt is consulted (and its Crawl-delay applied to the limiter). */
  robots?: RobotsCache;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The URL asked for. */
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  /** True for 304 Not Modified (body empty). */
  notModified: boolean;
  headers: Record<string, string>;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  body: Buffer;
  redirects: string[];
  /**
   * The URL reached by following only the leading permanent redirects (301, 308): where the resource
   * now lives for good. Equals `url` when the first hop is not a permanent redirect; a temporary hop
   * (302, 303, 307) ends the run, since what follows it may change back.
   */
  permanentUrl: string;
}

/** A fetch failure. `status` and `retryAfterMs` are set for HTTP errors that carry them. */
export class FetchError extends StorylineError {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, url: string, extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super('sources', code, message, { input: url, cause: extra.cause });
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  readTimeoutMs: 20_000,
  totalTimeoutMs: 60_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
};

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const s = headerValue(v);
    if (s !== null) out[k] = s;
  }
  return out;
}

function parseTarget(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError('invalid_url', 'not a valid URL', raw);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('unsupported_protocol', `protocol ${u.protocol} is not fetched`, raw);
  if (u.username || u.password) throw new FetchError('invalid_url', 'URLs with credentials are not fetched', raw);
  return u;
}

async function pickAddress(u: URL, o: FetchOptions): Promise<ResolvedAddress> {
  let addrs: ResolvedAddress[];
  try {
    addrs = await resolveHost(u.hostname, o.lookup ?? defaultLookup);
  } catch (err) {
    throw new FetchError('dns_failed', `cannot resolve ${u.hostname}`, u.href, { cause: err });
  }
  if (addrs.length === 0) throw new FetchError('dns_failed', `no address for ${u.hostname}`, u.href);
  if (!o.allowPrivate && !o.allowOrigins?.includes(u.origin)) {
    // Every address must be public: a name that resolves to both would let the connection pick the private one.
    const bad = addrs.find((a) => isPrivateAddress(a.address));
    if (bad) throw new FetchError('private_address', `${u.hostname} resolves to non-public address ${bad.address}`, u.href);
  }
  return addrs[0];
}

/**
 * "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate; the first byte tells
 * them apart (a zlib header's low nibble is 8 and the first two bytes are a multiple of 31).
 */
function deflateDecoder(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!inner) {
        const zlibWrapped = chunk.length >= 2 && (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | chunk[1]) % 31 === 0;
        inner = zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
        inner.on('data', (d: Buffer) => this.push(d));
        inner.on('error', (err) => this.destroy(err));
      }
      inner.write(chunk, cb);
    },
    flush(cb) {
      if (!inner) return cb();
      inner.once('end', () => cb());
      inner.end();
    },
  });
}

function decoderFor(encoding: string | null): Transform | null {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip();
  if (e === 'deflate') return deflateDecoder();
  if (e === 'br') return zlib.createBrotliDecompress();
  return null;
}

/** One request/response, no redirects followed. Resolves with the (decoded) body. */
function requestOnce(u: URL, addr: ResolvedAddress, o: FetchOptions, headers: Record<string, string>, deadline: number): Promise<Hop> {
  const limits = { ...DEFAULTS, ...stripUndefined(o) };
  return new Promise<Hop>((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    // Pin the connection to the address that was checked, so DNS cannot answer differently the second time.
    const pinned: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all)
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: addr.address, family: addr.family }]);
      else cb(null, addr.address, addr.family);
    };
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      req.destroy();
      reject(err);
    };
    const done = (hop: Hop) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      resolve(hop);
    };
    const req = mod.request(u, { method: 'GET', headers, lookup: pinned, agent: false, signal: o.signal });
    timers.push(
      setTimeout(() => fail(new FetchError('timeout', `no complete response within ${limits.totalTimeoutMs} ms`, u.href)), Math.max(0, deadline - Date.now())),
    );
    // Armed with the request, not on the 'socket' event: the socket only starts connecting after the
    // (pinned, asynchronous) lookup, so a check of `sock.connecting` there would never arm it.
    // Separate codes per timeout: a host that never answers a SYN (down, firewalled, overloaded) is a
    // different problem for the user than one that accepts and then goes quiet.
    const connectTimer = setTimeout(
      () => fail(new FetchError('connect_timeout', `could not connect to ${u.host} within ${limits.connectTimeoutMs} ms`, u.href)),
      limits.connectTimeoutMs,
    );
    timers.push(connectTimer);
    req.on('socket', (sock) => {
      // TLS counts as part of connecting: a server that takes the TCP connection but never finishes the
      // handshake is as unreachable as one that never answers.
      sock.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.setTimeout(limits.readTimeoutMs, () => fail(new FetchError('read_timeout', `connected, but no data for ${limits.readTimeoutMs} ms`, u.href)));
    req.on('error', (err) => {
      if (o.signal?.aborted) fail(new FetchError('aborted', 'request aborted', u.href, { cause: err }));
      else fail(new FetchError('network_error', (err as Error).message, u.href, { cause: err }));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // Bodies of redirects and 304s are not wanted; drain them without reading into memory.
      if ((status >= 300 && status < 400) || status === 204) {
        res.resume();
        res.on('end', () => done({ status, headers: res.headers, body: Buffer.alloc(0) }));
        res.on('error', (err) => fail(new FetchError('network_error', err.message, u.href, { cause: err })));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        fail(new FetchError('too_large', `Content-Length ${declared} exceeds the limit of ${limits.maxBytes} bytes`, u.href));
        return;
      }
      let wire = 0;
      res.on('data', (chunk: Buffer) => {
        wire += chunk.length;
        if (wire > limits.maxBytes) fail(new FetchError('too_large', `body exceeds the limit of ${limits.maxBytes} bytes`, u.href));
      });
      const decoder = decoderFor(headerValue(res.headers['content-encoding']));
      const stream: Readable = decoder ? res.pipe(decoder) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          fail(new FetchError('too_large', `decompressed body exceeds the limit of ${limits.maxBytes} bytes`, u.href));
          decoder?.destroy();
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => done({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      stream.on('error', (err) => fail(new FetchError(decoder ? 'decompression_failed' : 'network_error', err.message, u.href, { cause: err })));
      res.on('aborted', () => fail(new FetchError('network_error', 'connection closed before the body was complete', u.href)));
    });
    req.end();
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * GETs a URL with the checks above. Resolves for 2xx and 304; any other outcome is a FetchError
 * (codes: invalid_url, unsupported_protocol, dns_failed, private_address, connect_timeout, read_timeout,
 * timeout (the whole request over totalTimeoutMs), too_large,
 * too_many_redirects, redirect_loop, http_status, robots_disallowed, network_error, decompression_failed).
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const limits = { ...DEFAULTS, ...stripUndefined(opts) };
  const deadline = Date.now() + limits.totalTimeoutMs;
  const start = parseTarget(url);
  const redirects: string[] = [];
  const seen = new Set<string>([start.href]);
  let current = start;
  let permanentUrl = url;
  let permanentRun = true;
  for (;;) {
    if (opts.robots) {
      const verdict = await opts.robots.check(current.href, opts);
      if (verdict.crawlDelayMs && opts.limiter) opts.limiter.setMinInterval(current.host, verdict.crawlDelayMs);
      if (!verdict.allowed) throw new FetchError('robots_disallowed', `robots.txt of ${current.host} disallows this path`, current.href);
    }
    const addr = await pickAddress(current, opts);
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
      accept:
        opts.accept ?? 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
      ...(opts.headers ?? {}),
    };
    // Validators belong to the URL they were issued for; they are only sent on the first hop.
    if (redirects.length === 0 && opts.etag) headers['if-none-match'] = opts.etag;
    if (redirects.length === 0 && opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const target = current;
    const hop = opts.limiter
      ? await opts.limiter.run(target.host, () => requestOnce(target, addr, opts, headers, deadline))
      : await requestOnce(target, addr, opts, headers, deadline);

    if (hop.status >= 300 && hop.status < 400 && hop.status !== 304) {
      const loc = headerValue(hop.headers.location);
      if (!loc) throw new FetchError('http_status', `HTTP ${hop.status} without a Location header`, current.href, { status: hop.status });
      let next: URL;
      try {
        next = parseTarget(new URL(loc, current).href);
      } catch (err) {
        if (err instanceof FetchError) throw new FetchError(err.code, `redirect to ${loc}: ${err.message}`, current.href);
        throw err;
      }
      if (seen.has(next.href)) throw new FetchError('redirect_loop', `redirect loop back to ${next.href}`, url);
      if (redirects.length >= limits.maxRedirects) throw new FetchError('too_many_redirects', `more than ${limits.maxRedirects} redirects`, url);
      seen.add(next.href);
      redirects.push(next.href);
      permanentRun &&= hop.status === 301 || hop.status === 308;
      if (permanentRun) permanentUrl = next.href;
      current = next;
      continue;
    }
    const flat = flatHeaders(hop.headers);
    if (hop.status === 304 || (hop.status >= 200 && hop.status < 300)) {
      return {
        url,
        finalUrl: current.href,
        status: hop.status,
        notModified: hop.status === 304,
        headers: flat,
        contentType: flat['content-type'] ?? null,
        etag: flat.etag ?? (hop.status === 304 ? (opts.etag ?? null) : null),
        lastModified: flat['last-modified'] ?? (hop.status === 304 ? (opts.lastModified ?? null) : null),
        body: hop.body,
        redirects,
        permanentUrl,
      };
    }
    const retryAfterMs = parseRetryAfter(flat['retry-after'] ?? null) ?? undefined;
    throw new FetchError('http_status', `HTTP ${hop.status}`, current.href, { status: hop.status, retryAfterMs });
  }
}
