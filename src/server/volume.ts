// How many articles a story got over time, cut into bars for its volume chart. The bar width follows
// the story's span, so a week-long story shows days and a story followed for years still fits: a bar
// per day while they stay wide enough to see and hover, then per week, month, year. Pure.

export type VolumeUnit = 'day' | 'week' | 'month' | 'year';

export interface VolumeBar {
  /** First day the bar covers (YYYY-MM-DD, UTC). */
  start: string;
  /** Last day it covers. */
  end: string;
  articles: number;
}

export interface Volume {
  unit: VolumeUnit;
  bars: VolumeBar[];
  /** Articles with a readable date (the bars' total). */
  total: number;
  /** The bar with the most articles (the earliest of equals), or null with no dated article. */
  peak: VolumeBar | null;
  /** The earliest and latest article days (YYYY-MM-DD), or null with no dated article. */
  first: string | null;
  last: string | null;
}

/**
 * Most bars of one unit before the next coarser unit is used. The story column is 46rem (~700 px) wide
 * and ~330 px on a 390 px phone: 62 bars (two months of days) keep each one ≥ 5 px there; 80 weeks and
 * 120 months likewise. The demo corpus's stories span from one day to six years (2005-2011).
 */
const MAX_BARS: Record<Exclude<VolumeUnit, 'year'>, number> = { day: 62, week: 80, month: 120 };

const DAY_MS = 86_400_000;

function dayOf(iso: string): number | null {
  // The date as written (an article's own day, whatever its offset), as the time resolver reads it.
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return Number.isFinite(t) ? t / DAY_MS : null;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The first day of the bar holding `day`. */
function bucketStart(day: number, unit: VolumeUnit): number {
  if (unit === 'day') return day;
  if (unit === 'week') return day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7); // ISO weeks start on Monday
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), unit === 'month' ? d.getUTCMonth() : 0, 1) / DAY_MS;
}

function nextStart(start: number, unit: VolumeUnit): number {
  if (unit === 'day') return start + 1;
  if (unit === 'week') return start + 7;
  const d = new Date(start * DAY_MS);
  return (unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : Date.UTC(d.getUTCFullYear() + 1, 0, 1)) / DAY_MS;
}

function barsOf(days: DayCount[], unit: VolumeUnit, min: number, max: number): VolumeBar[] {
  const counts = new Map<number, number>();
  for (const d of days) counts.set(bucketStart(d.day, unit), (counts.get(bucketStart(d.day, unit)) ?? 0) + d.articles);
  const bars: VolumeBar[] = [];
  const last = bucketStart(max, unit);
  for (let s = bucketStart(min, unit); s <= last; s = nextStart(s, unit)) {
    bars.push({ start: isoDay(s), end: isoDay(nextStart(s, unit) - 1), articles: counts.get(s) ?? 0 });
  }
  return bars;
}

/** Articles on one day (days since the epoch). */
interface DayCount {
  day: number;
  articles: number;
}

function volumeOfCounts(days: DayCount[]): Volume {
  if (!days.length) return { unit: 'day', bars: [], total: 0, peak: null, first: null, last: null };
  // A loop, not Math.min(...days): the front page's stream holds one entry per day, a story one per article.
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  for (const d of days) {
    if (d.day < min) min = d.day;
    if (d.day > max) max = d.day;
    total += d.articles;
  }
  let unit: VolumeUnit = 'year';
  for (const u of ['day', 'week', 'month'] as const) {
    const span = bucketStart(max, u) - bucketStart(min, u);
    const bars = u === 'day' ? span + 1 : u === 'week' ? span / 7 + 1 : barsOf([], u, min, max).length;
    if (bars <= MAX_BARS[u]) {
      unit = u;
      break;
    }
  }
  const bars = barsOf(days, unit, min, max);
  let peak: VolumeBar | null = null;
  for (const b of bars) if (!peak || b.articles > peak.articles) peak = b;
  return { unit, bars, total, peak, first: isoDay(min), last: isoDay(max) };
}

/** Articles per day (or week, month, year) from their dates; dates that do not read as ISO are left out. */
export function volumeOf(dates: readonly (string | null | undefined)[]): Volume {
  const days: DayCount[] = [];
  for (const d of dates) {
    const day = d ? dayOf(d) : null;
    if (day !== null) days.push({ day, articles: 1 });
  }
  return volumeOfCounts(days);
}

/** The same from counts per day (YYYY-MM-DD, as the store's articleDays gives them): the front page's whole stream. */
export function volumeOfDays(days: readonly { day: string; articles: number }[]): Volume {
  const counts: DayCount[] = [];
  for (const d of days) {
    const day = dayOf(d.day);
    if (day !== null && d.articles > 0) counts.push({ day, articles: d.articles });
  }
  return volumeOfCounts(counts);
}
