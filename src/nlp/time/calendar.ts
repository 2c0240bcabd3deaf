// Calendar arithmetic on plain days (no clock, no time zone): an article's date is the day printed on it, so
// every computation stays in UTC and never lets a local offset move a day across midnight.

export interface Day {
  y: number;
  /** 1-12 */
  m: number;
  /** 1-31 */
  d: number;
}

const DAY_MS = 86_400_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function toNum(day: Day): number {
  return Math.floor(Date.UTC(day.y, day.m - 1, day.d) / DAY_MS);
}

export function fromNum(n: number): Day {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function addDays(day: Day, n: number): Day {
  return fromNum(toNum(day) + n);
}

/** 0 = Monday ... 6 = Sunday (ISO order, so weeks and weekends line up with ISO week numbers). */
export function weekday(day: Day): number {
  return (toNum(day) + 3) % 7;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function isoWeek(day: Day): { y: number; w: number } {
  // The ISO week belongs to the year of its Thursday.
  const thu = addDays(day, 3 - weekday(day));
  const jan1 = toNum({ y: thu.y, m: 1, d: 1 });
  return { y: thu.y, w: Math.floor((toNum(thu) - jan1) / 7) + 1 };
}

export function fmtDay(day: Day): string {
  return `${pad(day.y, 4)}-${pad(day.m)}-${pad(day.d)}`;
}

export function fmtMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m)}`;
}

export function fmtWeek(day: Day): string {
  const { y, w } = isoWeek(day);
  return `${pad(y, 4)}-W${pad(w)}`;
}

/** Month arithmetic: (y, m) shifted by n months. */
export function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const k = y * 12 + (m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
}

/**
 * The article's day from what `published` may hold: an ISO date, an ISO date-time (its own printed date is
 * kept, whatever its offset), or a Date (read in UTC). Anything else is no anchor.
 */
export function parseAnchor(anchor: string | Date | null | undefined): Day | null {
  if (anchor == null) return null;
  if (anchor instanceof Date) {
    if (Number.isNaN(anchor.getTime())) return null;
    return { y: anchor.getUTCFullYear(), m: anchor.getUTCMonth() + 1, d: anchor.getUTCDate() };
  }
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(anchor);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? { y, m: mo, d } : null;
  }
  const t = Date.parse(anchor);
  return Number.isNaN(t) ? null : parseAnchor(new Date(t));
}
