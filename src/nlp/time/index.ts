// Time expressions in news text, resolved against the article's own date: where each expression is
// (offsets into the text) and what it means in TimeML TIMEX3 form. `sure` marks the values a brief may print
// as a date: a full day the text fixes on its own, or with the article's date and a clear tense.
import type { Span } from '../../types.ts';
import { splitSentences } from '../sentences.ts';
import { parseAnchor, toNum, validDay } from './calendar.ts';
import { RULES, refOf, type Ctx, type LastRef, type TimeType } from './rules.ts';
import { tenseAt, type Tense } from './tense.ts';

export interface TimeExpression {
  text: string;
  /** JS string index of the first character, end exclusive. */
  start: number;
  end: number;
  /** TimeML TIMEX3 value: 2019-10-06, 2019-10, 2019, 2019-W41, 2019-Q3, P3D, PT2H, PRESENT_REF, XXXX-10-06 … */
  value: string;
  type: TimeType;
  /** A full calendar day (or finer) that the text fixes unambiguously. */
  sure: boolean;
}

interface Candidate {
  start: number;
  end: number;
  rule: number;
  match: RegExpExecArray;
}

function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  RULES.forEach((rule, i) => {
    rule.re.lastIndex = 0;
    for (let m; (m = rule.re.exec(text));) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const span = rule.trim?.(m) ?? { start: m.index, end: m.index + m[0].length };
      out.push({ ...span, rule: i, match: m });
    }
  });
  return out;
}

/** Longest first (an earlier rule wins a tie), then no overlaps: "Monday, Oct. 6, 2019" beats "Monday". */
function choose(cands: Candidate[]): Candidate[] {
  const order = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || a.rule - b.rule || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of order) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const FULL_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^(?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)(T\d{2}:\d{2})$/;

/**
 * A clock time next to the day it belongs to ("10 p.m. Wednesday", "Monday at 3 p.m.") is one expression
 * on that day.
 */
function joinClocks(text: string, xs: TimeExpression[]): TimeExpression[] {
  const out: TimeExpression[] = [];
  for (let i = 0; i < xs.length; i++) {
    const a = xs[i];
    const b = xs[i + 1];
    if (b) {
      const gap = text.slice(a.end, b.start);
      const ca = CLOCK.exec(a.value);
      const cb = CLOCK.exec(b.value);
      if (
        /^(?:\s*,)?\s*(?:(?:[ECMP][SD]T|GMT|UTC|BST|CET)\b,?\s*)?(?:on\s+|at\s+)?$/.test(gap) &&
        ((ca && FULL_DAY.test(b.value)) || (cb && FULL_DAY.test(a.value)))
      ) {
        const day = ca ? b : a;
        const clock = (ca ?? cb)![1];
        out.push({ text: text.slice(a.start, b.end), start: a.start, end: b.end, value: day.value + clock, type: 'TIME', sure: day.sure });
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

export function resolveTimes(text: string, anchor: string | Date | null): TimeExpression[] {
  return text ? resolveTimesIn(text, anchor, splitSentences(text)) : [];
}

/** resolveTimes for a caller that has already split the text into sentences (annotate does). */
export function resolveTimesIn(text: string, anchor: string | Date | null, sentences: Span[]): TimeExpression[] {
  if (!text) return [];
  const day = parseAnchor(anchor);
  const sentenceAt = (pos: number) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= pos) lo = mid + 1;
      else if (sentences[mid].start > pos) hi = mid - 1;
      else return sentences[mid];
    }
    return { start: 0, end: text.length };
  };
  let last: LastRef | null = null;
  const found: TimeExpression[] = [];
  for (const c of choose(candidates(text))) {
    let tense: Tense | undefined;
    const ctx: Ctx = {
      text,
      anchor: day,
      last,
      tense: () => {
        if (tense === undefined) {
          const s = sentenceAt(c.start);
          tense = tenseAt(text, c.start, c.end, s.start, s.end);
        }
        return tense;
      },
    };
    const r = RULES[c.rule].resolve(c.match, ctx);
    if (!r) continue;
    const ref = r.type === 'DATE' && !RULES[c.rule].derived ? refOf(r.value) : null;
    if (ref) last = ref;
    found.push({ text: text.slice(c.start, c.end), start: c.start, end: c.end, ...r });
  }
  return joinClocks(text, found);
}

// How far into an article its event is looked for: news puts what happened, and when, in the first two
// sentences. In the bundled Wikinews demo corpus (477 articles) the second sentence ends at a median of 280
// characters and at 425 for the 90th percentile, so 600 characters cap a run-on lead without cutting a
// normal one.
const EVENT_WINDOW_CHARS = 600;
const EVENT_WINDOW_SENTENCES = 2;

/**
 * The most likely day (YYYY-MM-DD) of the event an article reports: the first sure full-day date in its
 * opening sentences that is not after the article's date; null when the opening fixes none.
 */
export function eventDay(text: string, anchor: string | Date | null): string | null {
  const day = parseAnchor(anchor);
  const sentences = splitSentences(text);
  const limit = Math.min(EVENT_WINDOW_CHARS, sentences[EVENT_WINDOW_SENTENCES - 1]?.end ?? text.length, text.length);
  const head = text.slice(0, Math.max(limit, Math.min(text.length, sentences[0]?.end ?? 0)));
  for (const t of resolveTimes(head, anchor)) {
    if (!t.sure) continue;
    const v = t.value.slice(0, 10);
    if (!FULL_DAY.test(v)) continue;
    const [y, m, d] = v.split('-').map(Number);
    if (!validDay(y, m, d)) continue;
    if (day && toNum({ y, m, d }) > toNum(day)) continue;
    return v;
  }
  return null;
}
