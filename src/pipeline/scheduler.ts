// Background polling for `serve`: a timer wakes up every `intervalMs`, starts polls of the feeds that are
// due and not already being polled, and goes back to sleep. Sources are polled independently (a slow
// feed with many article pages does not hold up the others) but never twice at once. The limiter and
// robots cache live as long as the scheduler so host spacing and Crawl-delay hold across passes.
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import { errorMessage } from '../errors.ts';
import { HostLimiter } from '../sources/limiter.ts';
import { RobotsCache } from '../sources/robots.ts';
import { isDue, pollOnce, type PollOptions, type SourcePollReport } from './poll.ts';

export interface SchedulerOptions extends Omit<PollOptions, 'all' | 'sourceIds' | 'signal' | 'log'> {
  log?: Logger;
  /** How often to look for due sources (default one minute). */
  intervalMs?: number;
  /** Sources polled at the same time, over all passes (default 4). */
  maxInFlight?: number;
}

export interface Scheduler {
  /** Stops the timer, aborts fetches in flight and waits for running polls to record their outcome. */
  stop(): Promise<void>;
  /** Looks for due sources now (also what the timer calls); resolves when the polls it started are done. */
  tick(): Promise<SourcePollReport[]>;
  /** Ids of the sources being polled right now. */
  inFlight(): string[];
  /** Resolves once the polls running now (started by the timer or by tick) have recorded their outcome. */
  idle(): Promise<void>;
}

export function startScheduler(store: Store, o: SchedulerOptions = {}): Scheduler {
  const intervalMs = Math.max(1000, o.intervalMs ?? 60_000);
  const maxInFlight = Math.max(1, o.maxInFlight ?? 4);
  const log = o.log;
  const abort = new AbortController();
  const limiter = o.limiter ?? new HostLimiter();
  const robots = o.robots ?? new RobotsCache();
  const inFlight = new Set<string>();
  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const tick = async (): Promise<SourcePollReport[]> => {
    if (stopped) return [];
    let picked: string[];
    try {
      const now = (o.now ?? Date.now)();
      const free = maxInFlight - inFlight.size;
      if (free <= 0) return [];
      picked = (await store.listSources())
        .filter((s) => !inFlight.has(s.id) && isDue(s, now))
        .slice(0, free)
        .map((s) => s.id);
    } catch (err) {
      log?.error({ err: errorMessage(err) }, 'scheduler could not list sources');
      return [];
    }
    if (!picked.length || stopped) return [];
    for (const id of picked) inFlight.add(id);
    const pass = pollOnce(store, {
      ...o,
      log,
      limiter,
      robots,
      sourceIds: picked,
      signal: abort.signal,
      concurrency: picked.length,
    })
      .then((s) => {
        if (s.polled) log?.info({ polled: s.polled, added: s.added, failed: s.failed }, 'scheduled poll done');
        return s.reports;
      })
      .catch((err) => {
        log?.error({ err: errorMessage(err) }, 'scheduled poll failed');
        return [] as SourcePollReport[];
      })
      .finally(() => {
        for (const id of picked) inFlight.delete(id);
        running.delete(pass);
      });
    running.add(pass);
    return pass;
  };

  const loop = () => {
    if (stopped) return;
    void tick();
    timer = setTimeout(loop, intervalMs);
    // The scheduler never keeps a process alive on its own: the server (or a test) decides that.
    timer.unref();
  };
  timer = setTimeout(loop, 0);
  timer.unref();

  return {
    tick,
    inFlight: () => [...inFlight],
    async idle() {
      await Promise.allSettled([...running]);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      await Promise.allSettled([...running]);
    },
  };
}
