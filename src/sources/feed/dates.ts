// Feed dates come in every shape: RFC 822 with zone names and two-digit years, W3C-DTF/ISO 8601 with or
// without a zone, compact ISO, and assorted sloppiness. JavaScript's Date.parse reads a local zone into
// zoneless strings and rejects many RFC 822 zone names, so the common shapes are read here explicitly and
// everything zoneless is taken as UTC (a feed date with no zone has no better interpretation offline).

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// RFC 822 / RFC 2822 zone names plus the North American and common European abbreviations feeds use.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  ist: 330,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  acst: 570,
  awst: 480,
  nzst: 720,
  nzdt: 780,
  msk: 180,
  // Military single letters (RFC 822 section 5); J is not used.
  a: -60,
  b: -120,
  c: -180,
  d: -240,
  e: -300,
  f: -360,
  g: -420,
  h: -480,
  i: -540,
  k: -600,
  l: -660,
  m: -720,
  n: 60,
  o: 120,
  p: 180,
  q: 240,
  r: 300,
  s: 360,
  t: 420,
  u: 480,
  v: 540,
  w: 600,
  x: 660,
  y: 720,
};

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (z === '') return 0;
  const num = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (num) return (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3] ?? 0));
  return z in ZONES ? ZONES[z] : null;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  const date = new Date(t);
  if (Number.isNaN(date.valueOf())) return null;
  // Reject impossible days (Feb 30) rather than letting Date roll them over.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null;
  return date.toISOString();
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  // Two-digit years, as RFC 2822 section 4.3 says: 00-49 are 20xx, 50-99 are 19xx.
  return n < 50 ? 2000 + n : 1900 + n;
}

// RFC 822 style: optional weekday, day, month name, year, optional time, optional zone.
const RFC822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(am|pm)?)?\s*(\(?[a-z]{1,5}\)?|(?:gmt|utc|ut)?\s*[+-]\d{1,2}:?\d{2}|[+-]\d{4})?(?:\s*\(.*\))?\.?$/i;
// Month name first: "Nov 6 1994 08:49:37 GMT", "Sunday, November 6, 1994 8:49 PM EST".
const MONTH_FIRST =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;
// asctime: "Sun Nov  6 08:49:37 1994".
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:([a-z]{1,5})\s+)?(\d{4})$/i;
// W3C-DTF / ISO 8601, extended or basic, with optional time, fraction and zone.
const ISO = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
// Day-first or year-first with slashes: "2004/01/01 12:00:00", "01/02/2004".
const SLASHED_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(z|[a-z]{1,5}|[+-]\d{2}:?\d{2})?$/i;

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

function month(name: string): number | null {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)] ?? null;
}

/** Parses a feed date into ISO 8601 UTC, or null when it is not a date. */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return null;

  let m = ISO.exec(s);
  if (m) {
    const off = zoneOffsetMinutes(m[8]);
    if (off === null) return null;
    const ms = m[7] ? Math.round(Number('0.' + m[7]) * 1000) : 0;
    return build(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, off);
  }
  m = RFC822.exec(s);
  if (m) {
    const mo = month(m[2]);
    const off = zoneOffsetMinutes(m[9]?.replace(/[()]/g, ''));
    if (mo === null || off === null) return null;
    const ms = m[7] ? Math.round(Number('0.' + m[7]) * 1000) : 0;
    return build(fullYear(m[3]), mo, Number(m[1]), hour12(Number(m[4] ?? 0), m[8]), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, off);
  }
  m = MONTH_FIRST.exec(s);
  if (m) {
    const mo = month(m[1]);
    const off = zoneOffsetMinutes(m[8]);
    if (mo === null || off === null) return null;
    return build(Number(m[3]), mo, Number(m[2]), hour12(Number(m[4] ?? 0), m[7]), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, off);
  }
  m = ASCTIME.exec(s);
  if (m) {
    const mo = month(m[1]);
    const off = zoneOffsetMinutes(m[6]);
    if (mo === null || off === null) return null;
    return build(Number(m[7]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0, off);
  }
  m = SLASHED_YMD.exec(s);
  if (m) {
    const off = zoneOffsetMinutes(m[7]);
    if (off === null) return null;
    return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, off);
  }
  // Last resort for shapes not covered above; only trusted when the string carries its own zone,
  // because Date.parse would otherwise read it in this machine's local time.
  if (/(z|gmt|utc|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return null;
}
