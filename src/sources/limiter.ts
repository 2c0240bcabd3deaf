// A small in-process limiter: at most N requests in flight per host, and a minimum gap between the
// starts of two requests to the same host (raised per host by robots.txt Crawl-delay).

export interface LimiterOptions {
  maxPerHost?: number;
  minIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface HostState {
  active: number;
  nextStart: number;
  minIntervalMs: number | null;
  waiters: (() => void)[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  private readonly maxPerHost: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(o: LimiterOptions = {}) {
    this.maxPerHost = Math.max(1, o.maxPerHost ?? 2);
    this.minIntervalMs = Math.max(0, o.minIntervalMs ?? 1000);
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private state(host: string): HostState {
    const key = host.toLowerCase();
    let s = this.hosts.get(key);
    if (!s) {
      s = { active: 0, nextStart: 0, minIntervalMs: null, waiters: [] };
      this.hosts.set(key, s);
    }
    return s;
  }

  /** Raises (never lowers below the default) the gap for one host, e.g. from Crawl-delay. */
  setMinInterval(host: string, ms: number): void {
    this.state(host).minIntervalMs = Math.max(this.minIntervalMs, ms);
  }

  intervalFor(host: string): number {
    return this.state(host).minIntervalMs ?? this.minIntervalMs;
  }

  /** Runs `fn` when the host has a free slot and its interval has passed. */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const s = this.state(host);
    while (s.active >= this.maxPerHost) await new Promise<void>((r) => s.waiters.push(r));
    s.active++;
    try {
      // Reserve a start time before sleeping so concurrent callers queue behind one another.
      const start = Math.max(this.now(), s.nextStart);
      s.nextStart = start + this.intervalFor(host);
      const wait = start - this.now();
      if (wait > 0) await this.sleep(wait);
      return await fn();
    } finally {
      s.active--;
      s.waiters.shift()?.();
    }
  }
}
