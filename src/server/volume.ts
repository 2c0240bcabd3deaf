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

function barsOf(days: number[], unit: VolumeUnit): VolumeBar[] {
  const counts = new Map<number, number>();
  for (const d of days) counts.set(bucketStart(d, unit), (counts.get(bucketStart(d, unit)) ?? 0) + 1);
  const bars: VolumeBar[] = [];
  const last = bucketStart(Math.max(...days), unit);
  for (let s = bucketStart(Math.min(...days), unit); s <= last; s = nextStart(s, unit)) {
    bars.push({ start: isoDay(s), end: isoDay(nextStart(s, unit) - 1), articles: counts.get(s) ?? 0 });
  }
  return bars;
}

/** Articles per day (or week, month, year) from their dates; dates that do not read as ISO are left out. */
export function volumeOf(dates: readonly (string | null | undefined)[]): Volume {
  const days = dates.map((d) => (d ? dayOf(d) : null)).filter((d): d is number => d !== null);
  if (!days.length) return { unit: 'day', bars: [], total: 0, peak: null, first: null, last: null };
  let unit: VolumeUnit = 'year';
  for (const u of ['day', 'week', 'month'] as const) {
    const span = bucketStart(Math.max(...days), u) - bucketStart(Math.min(...days), u);
    const bars = u === 'day' ? span + 1 : u === 'week' ? span / 7 + 1 : barsOf([Math.min(...days), Math.max(...days)], u).length;
    if (bars <= MAX_BARS[u]) {
      unit = u;
      break;
    }
  }
  const bars = barsOf(days, unit);
  let peak: VolumeBar | null = null;
  for (const b of bars) if (!peak || b.articles > peak.articles) peak = b;
  return { unit, bars, total: days.length, peak, first: isoDay(Math.min(...days)), last: isoDay(Math.max(...days)) };
}
