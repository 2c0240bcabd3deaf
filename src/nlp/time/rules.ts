// The patterns that find time expressions and the rules that give each its TimeML value. Every rule is a
// regular expression plus a resolver; the scanner in index.ts keeps the longest non-overlapping matches and
// resolves them in text order, so a resolver can lean on the document's previous reference ("a year ago"
// after "the third quarter" is the same quarter a year back).
import { addDays, addMonths, fmtDay, fmtMonth, fmtWeek, toNum, validDay, weekday, type Day } from './calendar.ts';
import type { Tense } from './tense.ts';

export type TimeType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

export interface Resolved {
  value: string;
  type: TimeType;
  sure: boolean;
}

/** The last calendar reference the document made, for expressions that count from it. */
export interface LastRef {
  gran: 'Q' | 'H' | 'M' | 'Y';
  y: number;
  n: number;
}

export interface Ctx {
  text: string;
  anchor: Day | null;
  /** Tense around the current match (computed on demand). */
  tense: () => Tense;
  last: LastRef | null;
}

export interface Rule {
  name: string;
  re: RegExp;
  resolve: (m: RegExpExecArray, ctx: Ctx) => Resolved | null;
  /** Drop a match from its start or end (e.g. a leading "the" kept out of the span, or a trailing look-ahead). */
  trim?: (m: RegExpExecArray) => { start: number; end: number } | null;
  /** Values counted from the previous reference ("a year ago") do not become the reference themselves. */
  derived?: boolean;
}

// ---------------------------------------------------------------------------------------------- vocabulary

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = { monday: 0, tuesday: 1, wednesday: 2, thursday: 3, friday: 4, saturday: 5, sunday: 6 };
const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  'a hundred': 100,
  dozen: 12,
  'a dozen': 12,
  'a couple of': 2,
  'a couple': 2,
  couple: 2,
};
const VAGUE = new Set(['several', 'a few', 'few', 'some', 'many', 'a number of', 'numerous']);
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };

const MONTH_FULL = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const MONTH_ABBR = '(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const MONTH = `(?:${MONTH_FULL}|${MONTH_ABBR})`;
const WD = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const NUM_WORD =
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|a hundred|a dozen|a couple(?: of)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|dozen)';
const NUM = `(?:\\d+(?:\\.\\d+)?|${NUM_WORD})`;
const UNIT = '(?:second|minute|hour|day|week|fortnight|month|year|decade)';

function number(s: string): number | null {
  const t = s.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  if (t in NUMBERS) return NUMBERS[t];
  const parts = t.split(/[- ]/);
  if (parts.length === 2 && parts[0] in NUMBERS && parts[1] in NUMBERS) return NUMBERS[parts[0]] + NUMBERS[parts[1]];
  return null;
}

const monthOf = (s: string) => MONTHS[s.toLowerCase().replace(/\.$/, '')];
const weekdayOf = (s: string) => WEEKDAYS[s.toLowerCase()];

// ---------------------------------------------------------------------------------------------- resolution

// Month-day without a year: the year that puts it nearest the article, unless the tense says otherwise and
// the nearest date lies more than this many days on the wrong side. On the shared TimeBank split full-day
// value F1 rises from 0.849 (tense always wins, 0) to a plateau of 0.914 between 75 and 120 days, and falls
// to 0.905 when tense never wins; past-tense sentences there often name coming payment and meeting dates.
const MONTH_DAY_TENSE_DAYS = 90;
// A month-day is `sure` within this many days of the article. On the shared TimeBank split the year came
// out right for 78 of 79 full-day month-days within 120 days, and for 5 of 17 farther away.
const MONTH_DAY_SURE_DAYS = 120;

function monthDay(anchor: Day, m: number, d: number, tense: Tense, wd: number | null): { day: Day; sure: boolean } | null {
  const a = toNum(anchor);
  const options = [anchor.y - 1, anchor.y, anchor.y + 1].filter((y) => validDay(y, m, d)).map((y) => ({ y, diff: toNum({ y, m, d }) - a }));
  if (!options.length) return null;
  let pool = options;
  if (wd !== null) {
    const fit = options.filter((o) => weekday({ y: o.y, m, d }) === wd);
    if (fit.length) pool = fit;
  }
  const nearest = pool.reduce((b, o) => (Math.abs(o.diff) < Math.abs(b.diff) ? o : b));
  let pick = nearest;
  if (tense === 'past' && nearest.diff > MONTH_DAY_TENSE_DAYS) pick = pool.filter((o) => o.diff <= 0).at(-1) ?? nearest;
  if (tense === 'future' && nearest.diff < -MONTH_DAY_TENSE_DAYS) pick = pool.find((o) => o.diff >= 0) ?? nearest;
  const sure = (wd !== null && pool.length < options.length) || Math.abs(pick.diff) <= MONTH_DAY_SURE_DAYS;
  return { day: { y: pick.y, m, d }, sure };
}

// A month named alone: the nearest such month, unless the tense points the other way and the nearest is more
// than this many months off ("in September" in a past-tense August sentence stays next month). Value F1 on
// the shared TimeBank split: 0.809 at 0, 0.813 at 3 and 4, 0.811 at 6; the flat curve says tense matters
// little for months.
const MONTH_TENSE_MONTHS = 3;

/** A month without a year: the nearest one, turned by tense or by "last"/"next". */
function monthAlone(anchor: Day, m: number, mod: string, tense: Tense): { y: number; m: number } {
  const back = m <= anchor.m ? anchor.y : anchor.y - 1;
  const ahead = m >= anchor.m ? anchor.y : anchor.y + 1;
  const toBack = anchor.m - m + (back < anchor.y ? 12 : 0);
  const toAhead = m - anchor.m + (ahead > anchor.y ? 12 : 0);
  if (mod === 'last' || mod === 'past') return { y: m < anchor.m ? anchor.y : anchor.y - 1, m };
  if (mod === 'next' || mod === 'coming') return { y: m > anchor.m ? anchor.y : anchor.y + 1, m };
  if (mod === 'this') return { y: anchor.y, m };
  if (tense === 'past') return { y: toAhead <= MONTH_TENSE_MONTHS && toAhead < toBack ? ahead : back, m };
  if (tense === 'future') return { y: toBack <= MONTH_TENSE_MONTHS && toBack < toAhead ? back : ahead, m };
  return { y: toAhead < toBack ? ahead : back, m };
}

// A deadline points ahead of the report whatever the tense of its verb: "must file by Friday", "was given
// until Monday", "the hearing was adjourned until Tuesday". Both parts are required, because "by"/"until" with
// no such word before it is most often the past in news ("had filed reports by Wednesday", "remained on life
// support until Thursday"): of the 33 weekdays after by/until/till/before in the shared GVA stream, 29 are
// past and stay so (3 ahead before this rule, 4 with it, the new one "postponed until Saturday"); TimeBank's
// one such weekday is past, and its value F1 is unchanged (0.914 full-day, 0.816 all).
const DEADLINE_PREPOSITION = /(?:\b(?:by|until|till|before)|\bno later than)\s+$/i;
const DEADLINE_WORD =
  /\b(?:must|has until|have until|had until|given until|deadline|due|required to|ordered to|told to|asked to|instructed to|has to|have to|needs? to|postponed|adjourned|delayed|deferred|extended|pushed back)\b[^.;!?]*$/i;
const GIVEN_UNTIL = /\b(?:has|have|had|given|gets?|got)\s+(?:until|till)\s+$/i;
/** Chars before a weekday searched for the deadline word: one clause ("were ordered to leave the area by"). */
const DEADLINE_REACH = 60;

function isDeadline(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - DEADLINE_REACH), at);
  const prep = DEADLINE_PREPOSITION.exec(before);
  return !!prep && (DEADLINE_WORD.test(before.slice(0, prep.index)) || GIVEN_UNTIL.test(before));
}

function weekdayDay(anchor: Day, wd: number, mod: string, tense: Tense): Day {
  const cur = weekday(anchor);
  const back = (cur - wd + 7) % 7;
  const ahead = (wd - cur + 7) % 7;
  if (mod === 'last' || mod === 'past') return addDays(anchor, -(back || 7));
  if (mod === 'next' || mod === 'coming') return addDays(anchor, ahead || 7);
  return tense === 'future' ? addDays(anchor, ahead) : addDays(anchor, -back);
}

const PARTS: Record<string, string> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', tonight: 'NI' };

const quarterOf = (m: number) => Math.floor((m - 1) / 3) + 1;

function yearShift(ctx: Ctx, years: number, fromRef = true): string | null {
  const l = fromRef ? ctx.last : ctx.last && (ctx.last.gran === 'Q' || ctx.last.gran === 'H') ? ctx.last : null;
  if (l && l.gran === 'Q') return `${l.y - years}-Q${l.n}`;
  if (l && l.gran === 'H') return `${l.y - years}-H${l.n}`;
  if (l && l.gran === 'M') return fmtMonth(l.y - years, l.n);
  if (l) return String(l.y - years);
  return ctx.anchor ? String(ctx.anchor.y - years) : null;
}

const date = (value: string, sure = false): Resolved => ({ value, type: 'DATE', sure });
const g = (s: string) => new RegExp(s, 'g');
const gi = (s: string) => new RegExp(s, 'gi');
/** Alternatives that may open a sentence: each word's first letter in either case (the rest as written). */
const cap = (alts: string) =>
  alts
    .split('|')
    .map((a) => `[${a[0].toUpperCase()}${a[0]}]${a.slice(1)}`)
    .join('|');
// Word boundaries that also refuse a neighbouring digit or hyphenated word part.
const B = '(?<![\\w$£€#-])';
const E = '(?![\\w-]|\\.\\d)';

function durationValue(n: number | null, unit: string): string {
  const u = unit.toLowerCase().replace(/s$/, '');
  const q = n === null ? 'X' : null;
  switch (u) {
    case 'second':
      return `PT${q ?? n}S`;
    case 'minute':
      return `PT${q ?? n}M`;
    case 'hour':
      return `PT${q ?? n}H`;
    case 'day':
      return `P${q ?? n}D`;
    case 'week':
      return `P${q ?? n}W`;
    case 'fortnight':
      return `P${q ?? 2 * n!}W`;
    case 'month':
      return `P${q ?? n}M`;
    case 'decade':
      return q ? 'P1DE'.replace('1', 'X') : `P${10 * n!}Y`;
    default:
      return `P${q ?? n}Y`;
  }
}

function quantity(s: string | undefined): number | null | undefined {
  if (!s) return undefined;
  const t = s.toLowerCase().replace(/\s+/g, ' ');
  if (VAGUE.has(t)) return null;
  return number(t) ?? undefined;
}

// ---------------------------------------------------------------------------------------------- the rules

export const RULES: Rule[] = [
  {
    name: 'iso-date',
    re: g(`${B}(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2}))?${E}`),
    resolve: (m) => {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!validDay(y, mo, d)) return null;
      const day = fmtDay({ y, m: mo, d });
      return m[4] ? { value: `${day}T${m[4]}:${m[5]}`, type: 'TIME', sure: true } : date(day, true);
    },
  },
  {
    // 10/6/2019: read in US order (month first), as English-language wires write it; sure only when the
    // other order is impossible or gives the same day.
    name: 'slash-date',
    re: g(`${B}(\\d{1,2})/(\\d{1,2})/(\\d{4})${E}`),
    resolve: (m) => {
      const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!validDay(y, mo, d)) return null;
      return date(fmtDay({ y, m: mo, d }), d > 12 || d === mo);
    },
  },
  {
    name: 'month-day-year',
    re: g(`${B}(?:(${WD}),?\\s+)?(${MONTH})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,\\s*|\\s+)(\\d{4})${E}`),
    resolve: (m) => {
      const [y, mo, d] = [Number(m[4]), monthOf(m[2]), Number(m[3])];
      return validDay(y, mo, d) ? date(fmtDay({ y, m: mo, d }), true) : null;
    },
  },
  {
    name: 'day-month-year',
    re: g(`${B}(?:(${WD}),?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH}),?\\s+(\\d{4})${E}`),
    resolve: (m) => {
      const [y, mo, d] = [Number(m[4]), monthOf(m[3]), Number(m[2])];
      return validDay(y, mo, d) ? date(fmtDay({ y, m: mo, d }), true) : null;
    },
  },
  {
    name: 'month-day',
    re: g(`${B}(?:(${WD}),?\\s+)?(${MONTH})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\w-]|\\.\\d|,\\d|:\\d)`),
    resolve: (m, ctx) => monthDayResolved(ctx, monthOf(m[2]), Number(m[3]), m[1]),
  },
  {
    name: 'day-month',
    re: g(`${B}(?:(${WD}),?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})${E}`),
    resolve: (m, ctx) => monthDayResolved(ctx, monthOf(m[3]), Number(m[2]), m[1]),
  },
  {
    name: 'month-year',
    re: g(`${B}(?:(early|late|mid-?|the (?:end|middle|beginning|start) of)\\s*)?(${MONTH})(?:,?\\s+of)?,?\\s+(\\d{4})${E}`),
    resolve: (m) => date(fmtMonth(Number(m[3]), monthOf(m[2]))),
  },
  {
    name: 'month-rel-year',
    re: g(`${B}(${MONTH_FULL})\\s+(?:of\\s+)?(this|last|next)\\s+year${E}`),
    resolve: (m, ctx) => (ctx.anchor ? date(fmtMonth(ctx.anchor.y + (m[2] === 'last' ? -1 : m[2] === 'next' ? 1 : 0), monthOf(m[1]))) : null),
  },
  {
    // A month on its own. "May" and "March" are also a verb, and several months are first names, so those
    // need a word before them that only a date takes.
    name: 'month',
    re: g(
      `${B}(?:(${cap('in|since|until|till|by|from|through|during|of|before|after|between|and|or|to|early|late|last|next|this|past|coming|the end of|the middle of|the beginning of|the start of')})\\s+|([Mm]id)-\\s*)?(${MONTH_FULL})${E}(?!\\s+\\d)(?!\\s+(?:of\\s+)?(?:this|last|next)\\s+year)`,
    ),
    resolve: (m, ctx) => {
      const word = m[3];
      const mod = (m[1] ?? m[2] ?? '').toLowerCase();
      const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 20);
      const nameLike = /^(?:May|March|April|June|August)$/.test(word);
      if (nameLike && !mod) return null;
      // "and", "or", "to" make a month only in a run of months ("from May to June"), not "wrote to May".
      if (
        /^(?:and|or|to)$/.test(mod) &&
        !/(?:January|February|March|April|May|June|July|August|September|October|November|December)\s*(?:\d{4})?\s*$/.test(
          ctx.text.slice(Math.max(0, m.index - 16), m.index),
        )
      )
        return null;
      if (/^\s+\p{Lu}/u.test(after) && !/^\s+(?:and|or)\b/i.test(after)) return null;
      if (!ctx.anchor) return date(`XXXX-${String(monthOf(word)).padStart(2, '0')}`);
      const r = monthAlone(
        ctx.anchor,
        monthOf(word),
        mod.replace(/^(?:in|since|until|till|by|from|through|during|of|before|after|between|and|or|to)$/, ''),
        ctx.tense(),
      );
      return date(fmtMonth(r.y, r.m));
    },
    trim: (m) => {
      // A preposition before the month is evidence, not part of the expression.
      const mod = (m[1] ?? m[2] ?? '').toLowerCase();
      if (!mod || /^(?:early|late|mid|last|next|this|past|coming|the )/.test(mod)) return null;
      const at = m.index + m[0].lastIndexOf(m[3]);
      return { start: at, end: at + m[3].length };
    },
  },
  {
    name: 'year',
    re: g(`${B}(?:(?:fiscal|calendar|mid-|early|late)\\s*)?(1[6-9]\\d\\d|20\\d\\d)${E}(?!\\s*(?:%|percent|per cent))`),
    resolve: (m, ctx) => {
      const before = ctx.text.slice(Math.max(0, m.index - 12), m.index);
      // Counts and amounts: "1,988", "No. 2000", "$2000".
      if (/(?:\d[,.]|No\.\s*|\$\s*|#\s*)$/.test(before)) return null;
      return date(m[1]);
    },
  },
  {
    name: 'decade',
    re: g(`${B}(?:the\\s+)?(?:(?:early|late|mid-?)\\s*)?(?:(1[6-9]\\d|20\\d)0|'(\\d)0)s${E}`),
    resolve: (m, ctx) => {
      if (m[1]) return date(m[1]);
      const yy = Number(m[2]);
      const century = ctx.anchor && yy * 10 <= ctx.anchor.y % 100 ? Math.floor(ctx.anchor.y / 100) : 19;
      return date(`${century}${yy}`);
    },
  },
  {
    name: 'century',
    re: gi(`${B}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)[- ]century${E}`),
    resolve: (m) => date(String(Number(m[1]) - 1).padStart(2, '0')),
  },
  {
    name: 'day-word',
    re: gi(`${B}(?:(earlier|later|late|early)\\s+)?(yesterday|today|tomorrow|tonight)(?:\\s+(morning|afternoon|evening|night))?${E}`),
    resolve: (m, ctx) => {
      const w = m[2].toLowerCase();
      const part = m[3] ? PARTS[m[3].toLowerCase()] : w === 'tonight' ? 'NI' : null;
      if (!ctx.anchor) return date(w === 'yesterday' ? 'PAST_REF' : w === 'tomorrow' ? 'FUTURE_REF' : 'PRESENT_REF');
      const day = fmtDay(addDays(ctx.anchor, w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : 0));
      return part ? { value: `${day}T${part}`, type: 'TIME', sure: true } : date(day, true);
    },
  },
  {
    name: 'part-of-day',
    re: gi(`${B}(?:(?:earlier|later)\\s+)?(this|last)\\s+(morning|afternoon|evening|night)${E}`),
    resolve: (m, ctx) => {
      if (!ctx.anchor) return null;
      const last = m[1].toLowerCase() === 'last';
      const part = m[2].toLowerCase();
      // "last night" is the evening before the article; "last evening" likewise. "last morning" is not English.
      if (last && part !== 'night' && part !== 'evening') return null;
      return { value: `${fmtDay(addDays(ctx.anchor, last ? -1 : 0))}T${PARTS[part]}`, type: 'TIME', sure: true };
    },
  },
  {
    name: 'weekday',
    re: g(
      `${B}(?:((?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Ee]arlier|[Ll]ater|[Ll]ate|[Ee]arly)\\s+))?(${WD})(?:\\s+(morning|afternoon|evening|night))?(?![\\w-])`,
    ),
    resolve: (m, ctx) => {
      const before = ctx.text.slice(Math.max(0, m.index - 12), m.index);
      const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 16);
      // "Good Friday", "Super Tuesday", "the Sunday Times", "Monday Night Football": names, not days.
      if (!m[1] && /(?:Good|Black|Super|Bloody|Ash|Holy|Palm|Easter|Cyber|Maundy|Shrove|Mail on)\s+$/.test(before)) return null;
      if (
        !m[3] &&
        /^\s+(?!(?:and|or|at|in|on|of|the|to)\b)(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)\p{Lu}/u.test(
          after,
        )
      )
        return null;
      if (/^'s\s+(?:Child|Times|Telegraph)/.test(after)) return null;
      const wd = weekdayOf(m[2]);
      const mod = (m[1] ?? '').trim().toLowerCase();
      const part = m[3] ? PARTS[m[3]] : null;
      if (!ctx.anchor) return { value: `XXXX-WXX-${wd + 1}${part ? `T${part}` : ''}`, type: part ? 'TIME' : 'DATE', sure: false };
      const deadline = !mod && isDeadline(ctx.text, m.index);
      const tense = deadline ? 'future' : ctx.tense();
      const day = fmtDay(weekdayDay(ctx.anchor, wd, mod, tense));
      const sure = deadline || tense !== null || mod === 'last' || mod === 'next';
      return part ? { value: `${day}T${part}`, type: 'TIME', sure } : date(day, sure);
    },
  },
  {
    name: 'rel-period',
    re: gi(`${B}(?:(earlier|later|early|late)\\s+)?(?:the\\s+)?(last|this|next|past|current|coming|previous)\\s+(week|month|year|weekend)${E}`),
    resolve: (m, ctx) => {
      const rel = m[2].toLowerCase();
      const unit = m[3].toLowerCase();
      if (!ctx.anchor) return date(rel === 'this' || rel === 'current' ? 'PRESENT_REF' : rel === 'next' || rel === 'coming' ? 'FUTURE_REF' : 'PAST_REF');
      const k = rel === 'this' || rel === 'current' ? 0 : rel === 'next' || rel === 'coming' ? 1 : -1;
      const a = ctx.anchor;
      if (unit === 'week') return date(fmtWeek(addDays(a, 7 * k)));
      if (unit === 'weekend') return date(`${fmtWeek(addDays(a, 7 * k))}-WE`);
      if (unit === 'month') {
        const r = addMonths(a.y, a.m, k);
        return date(fmtMonth(r.y, r.m));
      }
      return date(String(a.y + k));
    },
  },
  {
    name: 'the-weekend',
    re: gi(`${B}the\\s+weekend${E}`),
    resolve: (m, ctx) => {
      if (!ctx.anchor) return null;
      // The weekend before a weekday article, unless the sentence looks ahead; ISO weeks end on Sunday.
      const wd = weekday(ctx.anchor);
      const ahead = ctx.tense() === 'future';
      const shift = wd >= 5 ? 0 : ahead ? 0 : -7;
      return date(`${fmtWeek(addDays(ctx.anchor, shift))}-WE`);
    },
  },
  {
    name: 'quarter',
    re: gi(
      `${B}(?:(?:the|its|this year's|last year's|next year's|(?:fiscal\\s+)?(1[89]\\d\\d|20\\d\\d)(?:'s)?)\\s+)?(?:(fiscal|calendar)\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last)[- ](quarter|half)${E}(?:\\s+of\\s+(?:fiscal\\s+)?(1[89]\\d\\d|20\\d\\d))?`,
    ),
    resolve: (m, ctx) => {
      const half = m[4].toLowerCase() === 'half';
      const n = m[3].toLowerCase() === 'last' ? (half ? 2 : 4) : ORDINALS[m[3].toLowerCase()];
      if (m[3].toLowerCase() === 'last' && !(m[1] ?? m[5])) return null;
      if (half && n > 2) return null;
      const lead = m[0].toLowerCase();
      const explicit = m[1] ?? m[5];
      let y: number;
      if (explicit) y = Number(explicit);
      else if (!ctx.anchor) return null;
      else if (lead.startsWith("last year's")) y = ctx.anchor.y - 1;
      else if (lead.startsWith("next year's")) y = ctx.anchor.y + 1;
      else {
        const cur = half ? (ctx.anchor.m <= 6 ? 1 : 2) : quarterOf(ctx.anchor.m);
        y = n > cur && ctx.tense() === 'past' ? ctx.anchor.y - 1 : ctx.anchor.y;
        // A result reported in the first weeks of a year is last year's last quarter.
        if (n > cur && ctx.tense() !== 'future' && ctx.last?.gran === 'Y' && ctx.last.y === ctx.anchor.y - 1) y = ctx.anchor.y - 1;
      }
      return date(half ? `${y}-H${n}` : `${y}-Q${n}`);
    },
  },
  {
    name: 'the-quarter',
    derived: true,
    re: gi(`${B}the\\s+(?:(latest|current|previous|last|past|recent|same|most recent|fiscal|year-ago|year-earlier|comparable)\\s+)?(quarter|period)${E}`),
    resolve: (m, ctx) => {
      const mod = (m[1] ?? '').toLowerCase();
      const unit = m[2].toLowerCase();
      const l = ctx.last;
      if (mod === 'year-ago' || mod === 'year-earlier' || (mod === 'same' && unit === 'period')) {
        const v = l && (l.gran === 'Q' || l.gran === 'H') ? yearShift(ctx, 1) : null;
        return v ? date(v) : null;
      }
      if (unit === 'period' && !(l && l.gran === 'Q' && (mod === 'latest' || mod === 'recent' || mod === 'most recent' || mod === 'comparable'))) return null;
      if (l && l.gran === 'Q' && mod !== 'previous' && mod !== 'current') return date(`${l.y}-Q${l.n}`);
      if (!ctx.anchor) return null;
      const q = quarterOf(ctx.anchor.m);
      if (mod === 'current') return date(`${ctx.anchor.y}-Q${q}`);
      // Without a quarter named before, "the quarter" in a results story is the one just closed.
      const prev = q === 1 ? { y: ctx.anchor.y - 1, q: 4 } : { y: ctx.anchor.y, q: q - 1 };
      return date(`${prev.y}-Q${prev.q}`);
    },
  },
  {
    name: 'year-ago',
    derived: true,
    re: gi(`${B}(?:the\\s+)?year-(?:ago|earlier)(?:\\s+(?:quarter|period))?${E}|${B}a\\s+year\\s+(?:ago|earlier)${E}`),
    resolve: (m, ctx) => {
      // "a year ago" counts from the article unless a quarter or half is being compared; "a year earlier"
      // and "year-earlier" count from whatever was named last.
      const v = yearShift(ctx, 1, !/ago/i.test(m[0]));
      return v ? date(v) : null;
    },
  },
  {
    name: 'ago',
    derived: true,
    re: gi(
      `${B}(?:(?:about|almost|nearly|more than|less than|some|roughly|around|only|just|over)\\s+)?(${NUM}|several|a few|few|some|many|an?)\\s+(${UNIT})s?\\s+(ago|earlier)${E}`,
    ),
    resolve: (m, ctx) => {
      const q = quantity(m[1]);
      const unit = m[2].toLowerCase();
      if (q === undefined) return null;
      if (q === null || !ctx.anchor || !Number.isInteger(q)) return date('PAST_REF');
      if (m[3].toLowerCase() === 'earlier' && unit === 'year' && ctx.last) return date(yearShift(ctx, q)!);
      const a = ctx.anchor;
      if (unit === 'day') return date(fmtDay(addDays(a, -q)), m[3].toLowerCase() === 'ago');
      if (unit === 'week' || unit === 'fortnight') return date(fmtWeek(addDays(a, -7 * q * (unit === 'fortnight' ? 2 : 1))));
      if (unit === 'month') {
        const r = addMonths(a.y, a.m, -q);
        return date(fmtMonth(r.y, r.m));
      }
      if (unit === 'year') return date(String(a.y - q));
      if (unit === 'decade') return date(String(a.y - 10 * q).slice(0, 3));
      return null;
    },
  },
  {
    name: 'duration',
    re: gi(
      `${B}(?:(?:about|almost|nearly|more than|less than|at least|up to|no more than|over|roughly|around|only|just|another|an additional)\\s+)?(?:the\\s+(?:past|last|next|first|previous|coming|latest|final|remaining|following)\\s+|the\\s+)?(${NUM}|several|a few|few|some|many|a number of|an?)\\s+(?:more\\s+|full\\s+|straight\\s+|consecutive\\s+)?(${UNIT})s?(?:\\s+and\\s+a\\s+half)?${E}`,
    ),
    resolve: (m, ctx) => {
      const q = quantity(m[1]);
      if (q === undefined) return null;
      const unit = m[2].toLowerCase();
      const span = m[0].toLowerCase();
      const before = ctx.text.slice(Math.max(0, m.index - 24), m.index);
      const singleA = /^a$|^an$/i.test(m[1]) && !/^the\s/.test(span);
      // "$5 a year", "twice a day", "per year": a rate, not a stretch of time.
      if (singleA && /(?:\d%?|\d\s*(?:million|billion|trillion)|\btimes|\bonce|\btwice|\bper)\s*$/i.test(before)) {
        return { value: durationValue(1, unit), type: 'SET', sure: false };
      }
      const half = /and a half$/.test(span);
      if (half && q !== null) {
        if (unit === 'year') return { value: `P${q}Y6M`, type: 'DURATION', sure: false };
        if (unit === 'hour') return { value: `PT${q}H30M`, type: 'DURATION', sure: false };
        if (unit === 'minute') return { value: `PT${q}M30S`, type: 'DURATION', sure: false };
        if (unit === 'day') return { value: `P${q}DT12H`, type: 'DURATION', sure: false };
      }
      return { value: durationValue(q, unit), type: 'DURATION', sure: false };
    },
  },
  {
    name: 'hyphen-duration',
    re: gi(`${B}(${NUM})-(${UNIT})(?:s?-old)?${E}`),
    resolve: (m) => {
      const q = quantity(m[1].replace(/-/g, ' '));
      return q === undefined ? null : { value: durationValue(q, m[2]), type: 'DURATION', sure: false };
    },
  },
  {
    name: 'vague-plural',
    re: gi(`(?<=\\bfor\\s+|\\bin\\s+)${B}(years|months|weeks|days|decades)${E}(?!\\s+(?:ago|to come|of|earlier))`),
    resolve: (m) => ({
      value: `PX${m[1][0].toUpperCase() === 'D' && m[1].toLowerCase() === 'decades' ? 'DE' : m[1][0].toUpperCase()}`,
      type: 'DURATION',
      sure: false,
    }),
  },
  {
    name: 'ref',
    re: gi(
      `${B}(now|currently|recently|nowadays|soon|these days|at present|at the moment|the (?:recent |distant |not-too-distant |near |immediate )?(?:past|future)|in future|(?:in\\s+)?recent (?:years|weeks|days|times)|(?:the\\s+)?coming (?:years|months|weeks|days)|(?:the\\s+)?years? to come|the months ahead|the years ahead)${E}(?!\\s+(?:${NUM}|several|few)\\s+${UNIT})`,
    ),
    resolve: (m, ctx) => {
      const w = m[1].toLowerCase();
      // "as soon as", "now that": conjunctions.
      if (w === 'soon' && /\bas\s+$/i.test(ctx.text.slice(Math.max(0, m.index - 4), m.index))) return null;
      if (/^(?:now|currently|nowadays|these days|at present|at the moment)$/.test(w)) return date('PRESENT_REF');
      if (/recent|past/.test(w)) return date('PAST_REF');
      return date('FUTURE_REF');
    },
    trim: (m) => {
      const w = m[1].toLowerCase();
      return w.startsWith('in ') && !/^in future/.test(w) ? { start: m.index + 3, end: m.index + m[0].length } : null;
    },
  },
  {
    name: 'recent-months',
    re: gi(`${B}recent\\s+months${E}`),
    resolve: () => ({ value: 'PXM', type: 'DURATION', sure: false }),
  },
  {
    name: 'season',
    re: gi(`${B}(?:(this|last|next|early|late|the|past|coming)\\s+)?(spring|summer|fall|autumn|winter)(?:\\s+of\\s+(\\d{4})|\\s+(\\d{4}))?${E}`),
    resolve: (m, ctx) => {
      const mod = (m[1] ?? '').toLowerCase();
      const explicit = m[3] ?? m[4];
      const s = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' }[m[2].toLowerCase() as 'spring']!;
      if (!mod && !explicit) return null;
      if (explicit) return date(`${explicit}-${s}`);
      if (!ctx.anchor) return null;
      // Which season the article's month is in (winter counted with the year it starts in, Dec).
      const order = ['SP', 'SU', 'FA', 'WI'];
      const cur = ctx.anchor.m >= 3 && ctx.anchor.m <= 5 ? 0 : ctx.anchor.m >= 6 && ctx.anchor.m <= 8 ? 1 : ctx.anchor.m >= 9 && ctx.anchor.m <= 11 ? 2 : 3;
      const yCur = ctx.anchor.m <= 2 ? ctx.anchor.y - 1 : ctx.anchor.y;
      const k = order.indexOf(s);
      let y = yCur;
      if (mod === 'last' || mod === 'past') y = k < cur ? yCur : yCur - 1;
      else if (mod === 'next' || mod === 'coming') y = k > cur ? yCur : yCur + 1;
      else if (mod === 'this') y = yCur;
      else y = ctx.tense() === 'future' ? (k >= cur ? yCur : yCur + 1) : k <= cur ? yCur : yCur - 1;
      return date(`${y}-${s}`);
    },
    trim: (m) => (m[1] && m[1].toLowerCase() === 'the' ? { start: m.index + 4, end: m.index + m[0].length } : null),
  },
  {
    name: 'set',
    re: gi(`${B}(?:each|every)\\s+(${WD}|${MONTH_FULL}|day|week|month|year|morning|night|evening)${E}`),
    resolve: (m) => {
      const w = m[1].toLowerCase();
      if (w in WEEKDAYS) return { value: `XXXX-WXX-${WEEKDAYS[w] + 1}`, type: 'SET', sure: false };
      if (w in MONTHS) return { value: `XXXX-${String(MONTHS[w]).padStart(2, '0')}`, type: 'SET', sure: false };
      if (w in PARTS) return { value: `XXXX-XX-XXT${PARTS[w]}`, type: 'SET', sure: false };
      return { value: durationValue(1, w), type: 'SET', sure: false };
    },
  },
  {
    // "the 1988 period", "the 1988 quarter": the quarter under discussion, in that year.
    name: 'year-period',
    derived: true,
    re: g(`${B}the\\s+(1[89]\\d\\d|20\\d\\d)\\s+(?:period|quarter)${E}`),
    resolve: (m, ctx) => (ctx.last && ctx.last.gran === 'Q' ? date(`${m[1]}-Q${ctx.last.n}`) : date(m[1])),
  },
  {
    // "the year ended Sept. 30" is a fiscal year's length; "for the year", "of the year" is this one.
    name: 'the-year',
    re: gi(`${B}(?:(for|of|in|during|the end of|earlier in|later in)\\s+)?the\\s+(?:(full|fiscal|current)\\s+)?year${E}(?!-)(\\s+(?:ended|ending|to))?`),
    resolve: (m, ctx) => {
      if (m[3] || (m[2] ?? '').toLowerCase() === 'fiscal') return { value: 'P1Y', type: 'DURATION', sure: false };
      if (!m[1] && !m[2]) return null;
      return ctx.anchor ? date(String(ctx.anchor.y)) : null;
    },
    trim: (m) => {
      const lead = /^(?:for|of|in|during)\s+/i.exec(m[0]);
      const end = m.index + m[0].length - (m[3]?.length ?? 0);
      return { start: m.index + (lead ? lead[0].length : 0), end };
    },
  },
  {
    // Years read out in broadcast transcripts: "nineteen ninety-six", "the year two thousand".
    name: 'spoken-year',
    re: gi(`${B}(?:nineteen\\s+(${NUM_WORD})|(?:the\\s+year\\s+)(two thousand)(?:\\s+and\\s+(${NUM_WORD}))?)${E}`),
    resolve: (m) => {
      if (m[2]) return date(String(2000 + (m[3] ? (number(m[3]) ?? 0) : 0)));
      const n = number(m[1]);
      return n !== null && n >= 10 && n < 100 ? date(String(1900 + n)) : null;
    },
  },
  {
    name: 'clock',
    re: gi(`${B}(?:(?:at|by|until|before|after|from|around|about)\\s+)?(?:(\\d{1,2})(?:[:.](\\d{2}))?\\s*(a\\.m\\.|p\\.m\\.|am|pm)(?![\\w])|(noon|midnight))`),
    resolve: (m, ctx) => {
      let h: number;
      let min = 0;
      if (m[4]) h = m[4].toLowerCase() === 'noon' ? 12 : 0;
      else {
        h = Number(m[1]);
        min = m[2] ? Number(m[2]) : 0;
        if (h < 1 || h > 12 || min > 59) return null;
        const pm = m[3].toLowerCase().startsWith('p');
        if (pm && h !== 12) h += 12;
        if (!pm && h === 12) h = 0;
      }
      const clock = `T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
      return { value: ctx.anchor ? `${fmtDay(ctx.anchor)}${clock}` : `XXXX-XX-XX${clock}`, type: 'TIME', sure: false };
    },
    trim: (m) => {
      const lead = /^(?:at|by|until|before|after|from|around|about)\s+/i.exec(m[0]);
      return lead ? { start: m.index + lead[0].length, end: m.index + m[0].length } : null;
    },
  },
];

function monthDayResolved(ctx: Ctx, mo: number, d: number, wdName: string | undefined): Resolved | null {
  if (!mo || d < 1 || d > 31) return null;
  const wd = wdName ? weekdayOf(wdName) : null;
  if (!ctx.anchor) {
    return validDay(2000, mo, d) ? date(`XXXX-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`) : null;
  }
  const r = monthDay(ctx.anchor, mo, d, ctx.tense(), wd);
  return r ? date(fmtDay(r.day), r.sure) : null;
}

/** What a resolved value tells later expressions about the document's current reference. */
export function refOf(value: string): LastRef | null {
  let m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return { gran: 'Q', y: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})-H([12])$/.exec(value);
  if (m) return { gran: 'H', y: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return { gran: 'M', y: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})$/.exec(value);
  if (m) return { gran: 'Y', y: Number(m[1]), n: 0 };
  return null;
}
