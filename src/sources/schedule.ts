// When to check a feed next. A feed that publishes every ten minutes and one that publishes weekly
// should not be polled alike: the interval follows the median gap between recent items (halved, so a
// new item waits on average a quarter of a gap), bounded by a floor and a ceiling; failures back off
// exponentially; a Retry-After from the server is a lower bound.

export interface ScheduleOptions {
  minMs?: number;
  maxMs?: number;
  /** Interval used when the feed has fewer than two dated items. */
  defaultMs?: number;
  /** Only items newer than this window count as "recent". */
  windowMs?: number;
  now?: number;
}

export interface ScheduleInput {
  /** Published dates (ISO 8601) of the feed's items. */
  itemDates: (string | null)[];
  /** Failures in a row up to now (0 after a success). */
  consecutiveFailures?: number;
  /** Retry-After from the last response, in ms. */
  retryAfterMs?: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Next check interval in milliseconds. Pure. */
export function nextCheckInterval(input: ScheduleInput, o: ScheduleOptions = {}): number {
  const min = o.minMs ?? 10 * MINUTE;
  const max = o.maxMs ?? 24 * HOUR;
  const now = o.now ?? Date.now();
  const window = o.windowMs ?? 14 * 24 * HOUR;
  const times = input.itemDates
    .map((d) => (d ? Date.parse(d) : NaN))
    .filter((t) => Number.isFinite(t) && t <= now + 5 * MINUTE && t >= now - window)
    .sort((a, b) => b - a);
  let interval: number;
  if (times.length < 2) {
    interval = o.defaultMs ?? 2 * HOUR;
  } else {
    const gaps = times
      .slice(1)
      .map((t, i) => times[i] - t)
      .filter((g) => g > 0)
      .sort((a, b) => a - b);
    const median = gaps.length ? gaps[Math.floor(gaps.length / 2)] : max;
    interval = median / 2;
    // A feed that has gone quiet for longer than its usual gap is checked less often, up to the ceiling.
    const silence = now - times[0];
    if (silence > 4 * median) interval = Math.max(interval, silence / 4);
  }
  const failures = input.consecutiveFailures ?? 0;
  if (failures > 0) interval = Math.max(interval, min) * 2 ** Math.min(failures, 10);
  interval = Math.min(max, Math.max(min, interval));
  if (input.retryAfterMs && input.retryAfterMs > interval) interval = Math.min(input.retryAfterMs, 7 * 24 * HOUR);
  return Math.round(interval);
}
