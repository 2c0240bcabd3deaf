// robots.txt (RFC 9309): fetched once per origin and cached, matched with longest-match Allow/Disallow
// (`*` and `$` wildcards), plus the non-standard but widely used Crawl-delay. A 4xx robots.txt means no
// restrictions; a 5xx or unreachable one means "assume disallowed" for a while (RFC 9309 section 2.3.1.4).
import { fetchUrl, type FetchOptions } from './fetch.ts';

export interface RobotsRules {
  rules: { allow: boolean; pattern: string }[];
  crawlDelayMs: number | null;
  /** True when every path is refused (robots.txt unreachable). */
  disallowAll?: boolean;
}

/** Product token for matching User-agent lines: the first word of the UA, lower-cased ("storyline"). */
export function productToken(userAgent: string): string {
  return (userAgent.split(/[\s/]/)[0] || '*').toLowerCase();
}

/** Parses robots.txt text for one user agent (its own group, else the `*` group). */
export function parseRobots(text: string, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  type Group = { agents: string[]; rules: RobotsRules['rules']; delay: number | null };
  const groups: Group[] = [];
  let cur: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'user-agent') {
      if (!cur || !lastWasAgent) {
        cur = { agents: [], rules: [], delay: null };
        groups.push(cur);
      }
      cur.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!cur) continue;
    if (key === 'allow' || key === 'disallow') {
      // An empty Disallow allows everything; it adds no rule.
      if (value) cur.rules.push({ allow: key === 'allow', pattern: value });
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) cur.delay = n * 1000;
    }
  }
  const own = groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
  const chosen = own.length ? own : groups.filter((g) => g.agents.includes('*'));
  return {
    rules: chosen.flatMap((g) => g.rules),
    crawlDelayMs: chosen.map((g) => g.delay).find((d) => d !== null) ?? null,
  };
}

function patternToRegExp(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp('^' + body + (anchored ? '$' : ''));
}

/** Longest matching rule wins; on a tie Allow wins. No matching rule means allowed. */
export function isAllowed(rules: RobotsRules, pathAndQuery: string): boolean {
  if (rules.disallowAll) return false;
  if (pathAndQuery === '/robots.txt') return true;
  let best: { allow: boolean; len: number } | null = null;
  for (const r of rules.rules) {
    if (!patternToRegExp(r.pattern).test(pathAndQuery)) continue;
    const len = r.pattern.length;
    if (!best || len > best.len || (len === best.len && r.allow)) best = { allow: r.allow, len };
  }
  return best ? best.allow : true;
}

export interface RobotsVerdict {
  allowed: boolean;
  crawlDelayMs: number | null;
}

/** Per-origin cache of robots.txt rules. */
export class RobotsCache {
  private readonly cache = new Map<string, { rules: RobotsRules; expires: number }>();
  constructor(
    private readonly ttlMs = 24 * 3600_000,
    private readonly errorTtlMs = 3600_000,
  ) {}

  async rulesFor(origin: string, opts: FetchOptions): Promise<RobotsRules> {
    const hit = this.cache.get(origin);
    if (hit && hit.expires > Date.now()) return hit.rules;
    let rules: RobotsRules;
    let ttl = this.ttlMs;
    try {
      const res = await fetchUrl(`${origin}/robots.txt`, {
        ...opts,
        robots: undefined,
        etag: null,
        lastModified: null,
        maxBytes: 512 * 1024,
        accept: 'text/plain',
      });
      rules = parseRobots(res.body.toString('utf8'), opts.userAgent ?? 'storyline');
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== undefined && status >= 400 && status < 500) rules = { rules: [], crawlDelayMs: null };
      else {
        rules = { rules: [], crawlDelayMs: null, disallowAll: true };
        ttl = this.errorTtlMs;
      }
    }
    this.cache.set(origin, { rules, expires: Date.now() + ttl });
    return rules;
  }

  async check(url: string, opts: FetchOptions): Promise<RobotsVerdict> {
    const u = new URL(url);
    const rules = await this.rulesFor(u.origin, opts);
    return { allowed: isAllowed(rules, u.pathname + u.search), crawlDelayMs: rules.crawlDelayMs };
  }
}
