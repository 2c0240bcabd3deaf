// The story page's timeline: the brief's sentences placed on the dates of the events they report, not a
// second list of the development headlines. A sentence is dated by a time expression in the source sentence
// it cites when the time resolver is sure of that day (src/nlp/time: "on Monday" in a past-tense report,
// "June 4", "yesterday", resolved against that article's date); a development with no such sentence appears
// once, under the date its article was published, and says so. Pure: the cited texts come from the caller.
import type { Brief, BriefSentence, Citation } from '../types.ts';
import { resolveTimes } from '../nlp/time/index.ts';
import { citationKey } from './views.ts';

export type EventDating = 'event' | 'planned' | 'reported';

export interface TimelineRow {
  /** YYYY-MM-DD. */
  date: string;
  /** 'event': the day the text gives for it; 'planned': a day the text gives ahead of the report; 'reported': the article's date. */
  dating: EventDating;
  /** The time expression the date was read from ('on Monday', 'June 4'), for 'event' and 'planned'. */
  said: string | null;
  sentence: BriefSentence;
}

/** What the timeline reads about a citation: the source sentence it points at and its article's date. */
export interface CitedText {
  text: string | null;
  published: string | null;
}

export type CitedLookup = (c: Citation) => CitedText | undefined;

const FULL_DAY = /^\d{4}-\d{2}-\d{2}/;

/** The first day the cited sentence fixes, resolved against its article's date, or null. */
function eventIn(src: CitedText | undefined): { day: string; said: string } | null {
  if (!src?.text || !src.published) return null;
  for (const t of resolveTimes(src.text, src.published)) {
    if (t.sure && FULL_DAY.test(t.value)) return { day: t.value.slice(0, 10), said: t.text };
  }
  return null;
}

function dated(s: BriefSentence, cited: CitedLookup): TimelineRow | null {
  for (const c of s.citations) {
    const src = cited(c);
    const ev = eventIn(src);
    if (!ev) continue;
    const anchor = src!.published!.slice(0, 10);
    return { date: ev.day, dating: ev.day > anchor ? 'planned' : 'event', said: ev.said, sentence: s };
  }
  return null;
}

function reported(s: BriefSentence, cited: CitedLookup): TimelineRow | null {
  const days = s.citations.map((c) => cited(c)?.published?.slice(0, 10)).filter((d): d is string => !!d && FULL_DAY.test(d));
  if (!days.length) return null;
  return { date: days.sort()[0], dating: 'reported', said: null, sentence: s };
}

/**
 * The brief's dated events, oldest first: every lead and development sentence whose cited source sentence
 * fixes a day; a development none of whose sentences does appears once, by its headline, under the date
 * its article was published. A source sentence cited twice (a lead sentence that is also a development's)
 * is one event.
 */
export function timelineOf(brief: Pick<Brief, 'lead' | 'developments'>, cited: CitedLookup): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const seen = new Set<string>();
  const push = (r: TimelineRow | null) => {
    if (!r) return false;
    const keys = [r.sentence.text, ...r.sentence.citations.slice(0, 1).map(citationKey)];
    if (keys.some((k) => seen.has(k))) return false;
    for (const k of keys) seen.add(k);
    rows.push(r);
    return true;
  };
  for (const s of brief.lead) push(dated(s, cited));
  for (const d of brief.developments) {
    let any = false;
    for (const s of d.sentences) any = push(dated(s, cited)) || any;
    if (!any)
      push(
        dated(d.headline, cited) ??
          reported(d.headline, cited) ??
          (d.date ? { date: d.date.slice(0, 10), dating: 'reported', said: null, sentence: d.headline } : null),
      );
  }
  // Stable: rows of one day keep the brief's order.
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.date.localeCompare(b.r.date) || a.i - b.i)
    .map((x) => x.r);
}
