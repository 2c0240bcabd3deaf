// Text helpers of the brief writer: set overlap, wire-residue cleaning, pronoun openings, and anchoring of
// relative dates to the article's publication date (words, stems and vectors are in src/text/). Hand-written
// because they are the product's own edge: news-specific residue patterns and exact, offset-preserving rules.
import type { TimeMention } from '../types.ts';
import { resolveTimes } from '../nlp/time/index.ts';

/** Share of the smaller set's items found in the other set: catches a sentence restated inside a longer one. */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [s, l] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of s) if (l.has(x)) n++;
  return n / s.size;
}

// ---------------------------------------------------------------------------------------------------
// Wire residue

// Lines that are production notes, credits or markup, never news.
const JUNK_LINE = [
  /for use by (clients|subscribers)/i,
  /^\s*\(?(visit|see) .* (online|on the web|service)/i,
  /^\s*(photo|image|picture|file photo|credit|caption|video|graphic)s?\s*[:|]/i,
  /\b(AP|Reuters|AFP|Getty Images?) (photo|images?)\b/i,
  /^\s*(story|photos?) (filed|by) /i,
  /^\s*(end|more|optional trim|editors? note|adv\d*)\b[\s.:-]*$/i,
  /^\s*\(?(c|©)\s*\d{4}\b/i,
  /\b(copyright|all rights reserved)\b/i,
  /^\s*(NYT|nyt)-\d/,
  /^\s*[-=*_#$]{3,}/,
  /&[A-Z]{2};/,
  /\$\$\$/,
  /^\s*(related|sources?|external links?|see also)\s*:?\s*$/i,
  /^\s*\(\(\s*[A-Z][\w .'-]*\)\)\s*$/,
  // Editorial notices of wiki-hosted news pages, not news.
  /\b(this article requires pre-publication review|article last amended|this article (is|has been) (archived|protected)|please review this article)\b/i,
];

export function isJunkSentence(text: string): boolean {
  if (JUNK_LINE.some((re) => re.test(text))) return true;
  // A quote's original-language text runs on after its note with no end mark: the sentence is not English.
  if (LANGUAGE_NOTE.test(text)) return true;
  if (MANGLED_POUND.test(text.replace(/\([^()]*\)/g, ''))) return true;
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length < 12) return true;
  // Shouted lines are section slugs or headers, not sentences.
  if (letters.length > 15 && letters === letters.toUpperCase()) return true;
  return false;
}

// Datelines: "WASHINGTON (AP) --", "PINE RIDGE, S.D. (AP) -", "LONDON, June 3 (Reuters) -", "(Reuters) -",
// "BEIJING, Jan. 5 (Xinhua) --", "MOSCOW —". Only at the start of a sentence.
const DATELINE = [
  /^\s*[A-Z][A-Za-z.'\- ]{0,40}(,\s*[A-Z][A-Za-z.]*\.?(\s+[A-Z][A-Za-z.]*\.?)?)?(,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\((AP|Reuters|AFP|Xinhua|UPI|Bloomberg|dpa|DPA|CNN|BBC|NYT)\)\s*(--?|—|–|:|_)?\s*/,
  /^\s*\((AP|Reuters|AFP|Xinhua|UPI|Bloomberg|dpa)\)\s*(--?|—|–|:|_)?\s*/,
  // Any outlet's tag after an upper-case place name: "PORT ELLERY (CW) --".
  /^\s*[A-Z][A-Z.'\- ]{1,40}(,\s*[A-Za-z. ]{2,20})?\s*\([A-Za-z]{1,12}\)\s*(--?|—|–|:|_)\s*/,
  /^\s*[A-Z][A-Z.'\- ]{2,30}(,\s*[A-Z][A-Za-z.]*\.?(\s+[A-Z][A-Za-z.]*\.?)?)?\s*(--|—|–)\s*/,
  /^\s*\(\(\s*[A-Z][\w .'-]*\)\)\s*:?\s*/, // interview speaker labels like ((WN))
  /^\s*[A-Z][A-Za-z.]+( [A-Z][A-Za-z.]+){0,3}:\s+(?=[A-Z"“])/, // "Q:", "Interviewer:" labels
];

// Wikinews marks a quote's original language with "((es))" and, in the demo corpus's plain-text form,
// follows it with "Spanish language: ‍" and the original words, whose end nothing marks.
const LANGUAGE_NOTE = /\(\([a-z]{2,3}\)\)\s*[A-Z][a-z]+ language:/;
const LANGUAGE_TAG = /\s*\(\([a-z]{2,3}\)\)/g;
// A pound sign lost in conversion leaves "# 86bn": a bracket holding one goes, a sentence with one elsewhere is dropped.
const MANGLED_POUND = /(?:^|[\s(,])#\s?\d/;

const LEAKED_HEADING =
  /^((?:[A-Z0-9][\w'’-]*|[a-z][\w'’-]*)(?:\s+[\w'’-]+){0,5}\s+)(?=(?:On|In|At|By|Since|Last|Earlier|Late on|Early on)\s+(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|January|February|March|April|May|June|July|August|September|October|November|December|\d)|(?:Yesterday|Today|Earlier today)\b)/;

/** A sentence without datelines, interview labels and stray markup; whitespace collapsed. */
export function cleanSentence(text: string): string {
  let t = text
    .replace(/&[A-Z]{2};/g, ' ')
    .replace(/``|''/g, '"')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // An interview speaker's label ("((Aparna Garg)) Yeah, it is okay.") goes whatever the length of the answer.
  t = t.replace(/^\(\(\s*[^()]{1,40}\)\)\s*:?\s*/, '');
  t = t.replace(LANGUAGE_TAG, '');
  t = t.replace(/\s*\([^()]*(?:^|[\s(,])#\s?\d[^()]*\)/g, '');
  for (const re of DATELINE) {
    const m = re.exec(t);
    if (m && m[0].length < t.length - 20) {
      t = t.slice(m[0].length);
      break;
    }
  }
  t = t.replace(/^\s*[-–—_:]+\s*/, '');
  // A subheading run into the first sentence ("The new iPod On Wednesday, Apple introduced …"): a date
  // opener capitalised mid-sentence after a few words marks where the sentence really starts.
  const heading = LEAKED_HEADING.exec(t);
  if (heading && !hasVerb(heading[1])) t = t.slice(heading[1].length);
  if (/^[a-z]/.test(t) && !/^[a-z][A-Z]/.test(t)) t = t[0].toUpperCase() + t.slice(1);
  return t.trim();
}

/** A title without outlet suffixes and trailing periods. */
const SMALL = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'for', 'by', 'with', 'from', 'as', 'vs']);

export function cleanTitle(title: string): string {
  // Wire slugs come in capitals; a headline in a brief reads in title case.
  if (/[A-Z]{4}/.test(title) && title === title.toUpperCase())
    title = title.toLowerCase().replace(/[a-z][a-z']*/g, (w, at: number) => (at > 0 && SMALL.has(w) ? w : w[0].toUpperCase() + w.slice(1)));
  return title
    .replace(/\s+/g, ' ')
    .replace(/\s+[|–—-]\s+(AP|Reuters|BBC News|CNN|Wikinews.*|The [A-Z][\w ]+)$/, '')
    .replace(/[.\s]+$/, '')
    .trim();
}

// ---------------------------------------------------------------------------------------------------
// Pronouns

const PERSONAL = new Set(['he', 'she', 'they', 'it', 'his', 'her', 'their', 'its', 'him', 'them', 'we', 'our', 'i', 'us']);
// Demonstratives act as pronouns when a verb or punctuation follows ("This follows …"), not before a noun ("This week").
const DEMONSTRATIVE = new Set(['this', 'that', 'these', 'those']);
const PRONOUN_NEXT =
  /^(is|was|are|were|has|had|have|will|would|could|can|may|might|should|comes|came|follows|followed|means|meant|includes|included|led|leads|prompted|marks|marked|happened|occurred|shows|showed|[,;:.])\b/i;

/**
 * Quantifiers stand for people or things named before when a verb follows ("Neither were U.S. citizens",
 * "Both served", "Many were hurt") or "of them"/"of us" does; before a noun they are determiners ("Both
 * parties", "Some people say"). Seen on the demo corpus: 'Both served', 'Both will', 'Many were', 'Some
 * are', 'Some had', 'All, including Mufti Abdul Qawi, were acquitted' and 'Some/All/None of them' open sentences that mean nothing without the one before.
 */
const QUANTIFIER = new Set(['neither', 'either', 'both', 'none', 'each', 'all', 'many', 'most', 'some', 'several', 'few']);
const QUANTIFIER_OF = /^\W*[A-Za-z]+\s+of\s+(?:them|us)\b/i;

/** The pronoun a sentence opens with ("He", "Their", "This" used as a pronoun, "Neither were"), or null. */
export function openingPronoun(text: string): string | null {
  const m = /^\W*([A-Za-z]+)('s)?\s*(\S*)/.exec(text);
  if (!m) return null;
  const w = m[1].toLowerCase();
  // "US", "IT" in capitals are a country and a trade, not pronouns.
  if (m[1].length > 1 && m[1] === m[1].toUpperCase()) return null;
  if (PERSONAL.has(w) && !m[2]) return m[1];
  if (DEMONSTRATIVE.has(w)) {
    const next = m[3] || '.';
    if (PRONOUN_NEXT.test(next)) return m[1];
    // "This suggests", "That indicates": a singular demonstrative before a verb form (nouns there rarely end in -s).
    if ((w === 'this' || w === 'that') && /^[a-z]{3,}(?<!s)s$|^[a-z]{3,}ed$/.test(next)) return m[1];
  }
  if (QUANTIFIER.has(w) && !m[2]) {
    const next = m[3] || '.';
    if (PRONOUN_NEXT.test(next) || /^[,;:]/.test(next) || /^[a-z]{3,}ed$/.test(next) || QUANTIFIER_OF.test(text)) return m[1];
  }
  return null;
}

const GENDERED = new Set(['he', 'she', 'his', 'her', 'him']);
export function isPersonPronoun(p: string): boolean {
  return GENDERED.has(p.toLowerCase());
}

/** Replaces a personal pronoun at the start of `text` with `name` ("His" → "Name's"). */
export function replaceOpeningPronoun(text: string, name: string): string {
  const m = /^(\W*)([A-Za-z]+)\b/.exec(text)!;
  const w = m[2].toLowerCase();
  const possessive = w === 'his' || w === 'their' || w === 'its' || (w === 'her' && !/^\W*her\s+(?:,|\.|and|to|that)/i.test(text));
  const rep = possessive ? `${name}'s` : name;
  return m[1] + rep + text.slice(m[0].length);
}

// ---------------------------------------------------------------------------------------------------
// Dates

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function parseDay(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function dayLabel(d: Date, ref: Date): string {
  const base = `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return d.getUTCFullYear() === ref.getUTCFullYear() ? base : `${base}, ${d.getUTCFullYear()}`;
}

function insideQuote(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const straight = (before.match(/"/g) ?? []).length;
  return straight % 2 === 1 || (before.match(/“/g) ?? []).length > (before.match(/”/g) ?? []).length;
}

/** A time expression with offsets into the text being anchored (start < 0: stated there but not located). */
export type DatedSpan = Pick<TimeMention, 'start' | 'end' | 'text' | 'value' | 'sure'>;

// Day words that only the article's date turns into a day; an expression with a month name or a year in it
// ("June 1", "October 6, 2019") already tells the reader the day.
const RELATIVE_DAY = /\b(yesterday|today|tonight|tomorrow|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i;
const DAY_WORD_END =
  /^.*?\b(?:yesterday|today|tonight|tomorrow|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b(?:\s+(?:morning|afternoon|evening|night))?/i;
const STATES_DAY =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{4}\b|\d{1,2}\/\d{1,2}/i;

/** How many days before its article a stated day shows a sentence was written earlier (Wikinews posts late). */
const WRITTEN_BEFORE_DAYS = 7;

/**
 * Anchors relative day words to calendar days with the one time resolver (src/nlp/time): "on Tuesday" →
 * "on Tuesday (June 18)", "yesterday" → "on June 17" (see DEICTIC). A day is written in only when the resolver
 * is sure of it, never inside quoted speech, never when the sentence already states that day, and never
 * twice in one sentence. `times` are the sentence's resolved expressions (offsets into `text`); without
 * them the sentence is resolved on its own against `published`. `now` is the date the brief is read
 * against: a day gets its year only when that differs.
 */
export function anchorDates(text: string, published: string | null, now?: Date, times?: DatedSpan[]): string {
  const pub = parseDay(published);
  if (!pub) return text;
  const ref = now ?? pub;
  const found = times ?? resolveTimes(text, published);
  const dayOf = (t: DatedSpan) => (/^\d{4}-\d{2}-\d{2}/.test(t.value) ? t.value.slice(0, 10) : null);
  // What the sentence already says in so many words.
  const stated = new Set(
    found
      .filter((t) => STATES_DAY.test(t.text))
      .map(dayOf)
      .filter((x): x is string => !!x),
  );
  const inserts: { at: number; end: number; label: string }[] = [];
  for (const t of [...found].sort((x, y) => x.start - y.start)) {
    const d = dayOf(t);
    if (!d || !t.sure || t.start < 0 || !RELATIVE_DAY.test(t.text) || STATES_DAY.test(t.text)) continue;
    if (stated.has(d) || insideQuote(text, t.start)) continue;
    // A day the sentence states in the week before its article, other than this one ("at 16:15 UTC, June
    // 1st, … filed for bankruptcy earlier today" in an article of June 4): the sentence was written on
    // another day than the article's, so its relative words have no sure day.
    if ([...stated].some((x) => x !== d && x <= published!.slice(0, 10) && (pub.getTime() - parseDay(x)!.getTime()) / 86_400_000 <= WRITTEN_BEFORE_DAYS))
      continue;
    // "until Friday" looks ahead whatever the verb's tense; a day before the article there means the
    // resolver read an adjective ("stay closed") as the past, so no day is printed rather than a wrong one.
    if (/\b(?:until|till|through)\s+$/i.test(text.slice(0, t.start)) && published && d < published.slice(0, 10)) continue;
    // Already followed by its date: "Tuesday (June 18)", "Friday, June 21", "today, November 13, 2004".
    if (/^\s*\(|^,?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|^,?\s+\d{1,2}\s+[A-Z][a-z]+/i.test(text.slice(t.end))) continue;
    // A possessive ("Tuesday's pleas") takes no date in the middle.
    if (/^['’]s\b/.test(text.slice(t.end))) continue;
    // Inside a parenthesis ("(0000 UTC Thursday morning)") a second one would nest.
    if (insideParenthesis(text, t.start)) continue;
    stated.add(d);
    const label = dayLabel(parseDay(d)!, ref);
    const deictic = DEICTIC.exec(text.slice(t.start));
    if (deictic) {
      inserts.push({ at: t.start, end: t.start + deictic[0].length, label: deicticAsDate(text, t.start, deictic, label) });
      continue;
    }
    // The date goes after the day word and its part of day, before a clock time joined to it ("on Sunday
    // at 10:00 a.m." → "on Sunday (September 12) at 10:00 a.m.").
    const word = DAY_WORD_END.exec(t.text);
    const at = word ? t.start + word[0].length : t.end;
    inserts.push({ at, end: at, label: ` (${label})` });
  }
  let out = text;
  for (const x of inserts.reverse()) out = out.slice(0, x.at) + x.label + out.slice(x.end);
  return out;
}

// "Yesterday", "today", "tonight" and "tomorrow" speak from the day the article was written; a brief is read
// on another day, after articles of other days, so it names the day instead ("yesterday (August 28)" told the
// reader of a four-month story nothing "on August 28" does not, and read as if it were the day before today).
const DEICTIC = /^(?:(earlier|later|late|early)\s+)?(yesterday|today|tonight|tomorrow)(?:\s+(morning|afternoon|evening|night))?\b/i;
/** A preposition already before the day word: "as of yesterday" becomes "as of June 3", not "as of on June 3". */
const PREPOSITION_BEFORE = /\b(?:as of|since|until|till|by|from|before|after|on|for|through|of)\s+$/i;

function deicticAsDate(text: string, at: number, m: RegExpExecArray, label: string): string {
  const part = m[3]?.toLowerCase() ?? (m[2].toLowerCase() === 'tonight' ? 'night' : null);
  const day = part ? `the ${part} of ${label}` : label;
  // "late yesterday" keeps its "late"; "earlier today" needs no "earlier" once the day is named.
  const mod = m[1] && /^(?:late|early)$/i.test(m[1]) ? `${m[1].toLowerCase()} ` : '';
  const phrase = mod + (PREPOSITION_BEFORE.test(text.slice(0, at)) ? day : `on ${day}`);
  // A capital says the day word opened the sentence or its clause.
  return /^[A-Z]/.test(m[0]) ? phrase[0].toUpperCase() + phrase.slice(1) : phrase;
}

function insideParenthesis(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return (before.match(/\(/g) ?? []).length > (before.match(/\)/g) ?? []).length;
}

/**
 * The article's time expressions inside source span [start, end), located in `text` (that span after
 * cleaning: whitespace collapsed, a dateline or opener cut): the k-th occurrence of an expression in the
 * source is the k-th in the text. One that cleaning removed keeps start -1, its value still stated.
 */
export function timesInSpan(source: string, start: number, end: number, times: readonly TimeMention[], text: string): DatedSpan[] {
  const out: DatedSpan[] = [];
  const norm = (x: string) => x.replace(/\s+/g, ' ');
  for (const t of times) {
    if (t.start < start || t.end > end) continue;
    const expr = norm(t.text);
    let k = 0;
    for (let i = source.indexOf(t.text, start); i >= 0 && i < t.start; i = source.indexOf(t.text, i + 1)) k++;
    let at = -1;
    for (let i = 0, from = 0; i <= k; i++) {
      at = text.indexOf(expr, from);
      if (at < 0) break;
      from = at + 1;
    }
    // A match inside a longer word ("Sunday" in "Sundays") is not the expression.
    if (at >= 0 && (/\w/.test(text[at - 1] ?? '') || /\w/.test(text[at + expr.length] ?? ''))) at = -1;
    out.push({ text: expr, value: t.value, sure: t.sure, start: at, end: at < 0 ? -1 : at + expr.length });
  }
  return out;
}

const VERBISH =
  /\b(is|was|are|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|do|does|did|says|said|say|told|warns?|warned|urged?|agreed?|announced?|called|made|took|gave|won|lost|fell|rose|met|left|began|came|went|got|saw|sent|paid|led|held|found|kept|put|set|ran|hit|cut|[a-z]{3,}ed|[a-z]{3,}s)\b/i;
function hasVerb(text: string): boolean {
  // Skip the first word: a capitalised subject ending in -s is not a verb.
  return VERBISH.test(text.replace(/^\W*\S+/, ''));
}

/** Cuts a sentence to at most `max` words at the latest clause boundary; null if no sensible cut exists. */
export function compress(text: string, max: number): string | null {
  const ws = text.split(/\s+/);
  if (ws.length <= max) return text;
  const head = ws.slice(0, max).join(' ');
  // Prefer a clause boundary in the second half of the allowed span, so the result still says something.
  const cuts = [...head.matchAll(/(,|;| —| --| –|:)\s/g)].map((m) => m.index!);
  const min = Math.floor(head.length * 0.45);
  // A cut must keep a verb, or the result is a bare noun phrase ("The primary UK index, the FTSE 100").
  const cut = cuts.filter((c) => c >= min && hasVerb(head.slice(0, c))).pop();
  if (cut === undefined) return null;
  return head.slice(0, cut).replace(/[\s,;:—–-]+$/, '') + '.';
}

/** Shortens to a headline of at most `max` words: first clause, then a plain word cut. */
/** Shortest clause a cut headline may keep before falling back to a plain cut at the word limit. */
const MIN_CLAUSE_HEADLINE_WORDS = 6;

export function headlineOf(text: string, max: number): string {
  let t = text
    .replace(/[.!?]+["'”’]?$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const ws = t.split(' ');
  if (ws.length <= max) return t;
  const c = compress(t, max);
  if (c) return c.replace(/\.$/, '');
  // Next best: end at the last clause boundary that fits ("… with Wikinews as Red Hat announces …"; commas
  // are left out, as they mostly close an appositive before the verb), so
  // the line keeps a whole clause instead of stopping mid-phrase.
  const boundary = /(?:[;:]|\s(?:as|while|after|before|because|when|amid|since|whereas|following))\s/gi;
  let best = 0;
  for (const m of t.matchAll(boundary)) {
    const words = t.slice(0, m.index).split(' ').length;
    if (words > max) break;
    if (words >= MIN_CLAUSE_HEADLINE_WORDS) best = m.index!;
  }
  if (best) return t.slice(0, best).replace(/[,;:]$/, '');
  t = ws.slice(0, max).join(' ');
  // A cut headline must not end on a word that needs a continuation ("left at and near").
  const dangling =
    /\s+(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|as|its|their|his|her|near|into|over|also|again|is|was|were|are|be|been|has|have|had|will|would|which|who)$/i;
  // Nor on a possessive whose noun fell beyond the cut ("to clear the nation's"): the noun phrase goes.
  for (let i = 0; i < 4 && (dangling.test(t) || /['’]s$/.test(t)); i++) t = t.replace(/\s+\S+['’]s$/, '').replace(dangling, '');
  // An infinitive whose object fell beyond the cut ("Sunak's effort to clear") goes too.
  t = t.replace(/\s+to\s+\w+$/, '');
  return t.replace(/[,;:]$/, '');
}

// Subordinators and discourse markers that can stand before the subject: "If it …", "But he …",
// "However, they …", "Despite this, the …". Each hides a reference to an earlier sentence.
const SUBORDINATOR =
  /^\W*(If|When|Whenever|While|Whilst|Although|Though|Because|As|After|Before|Since|Once|Unless|Until|Whether|Even if|Even though|Now that|So that)\s+/i;
const MARKER =
  /^\W*(But|And|So|Yet|Or|However|Meanwhile|Still|Also|Instead|Indeed|Nevertheless|Nonetheless|Moreover|Furthermore|Then|Later|Now|Even so|As a result|In addition|Additionally|In response|In turn|Therefore|Thus|Hence|Otherwise|Besides|Likewise|Similarly|Separately)\b,?\s+/i;
const REFERRING_PHRASE =
  /^\W*(Despite|After|Before|Following|Because of|In response to|Due to|Given|Besides|Beyond|Apart from|In addition to|As a result of|Like|Unlike|Since)\s+(this|that|these|those|it|them|him|her)\b/i;
const SUBJECT_PRONOUN = /^(he|she|it|they|we|i|his|her|its|their|our)\b(?!'s)/i;

/**
 * The pronoun a sentence leans on before its own content starts: an opening pronoun, or one right after
 * a discourse marker ("But he"), a subordinator ("If it doesn't …"), a referring phrase ("Despite this,")
 * or as the subject after a leading subordinate clause ("When the talks ended, they …"). Null when none.
 */
export function leadingPronoun(text: string): string | null {
  const direct = openingPronoun(text);
  if (direct) return direct;
  let t = text;
  for (let i = 0; i < 2; i++) {
    const m = MARKER.exec(t);
    if (!m) break;
    t = t.slice(m[0].length);
    const p = openingPronoun(t);
    if (p) return p;
  }
  const r = REFERRING_PHRASE.exec(t);
  if (r) return r[2];
  const s = SUBORDINATOR.exec(t);
  if (s) {
    const rest = t.slice(s[0].length);
    const inner = SUBJECT_PRONOUN.exec(rest) ?? (openingPronoun(rest) ? [openingPronoun(rest)!] : null);
    if (inner) return inner[0];
    // The main clause after the subordinate one: its subject is the first word after the clause's comma.
    const comma = /^[^,;:"“”]{1,120},\s+/.exec(rest);
    if (comma) {
      const main = rest.slice(comma[0].length);
      const p = SUBJECT_PRONOUN.exec(main) ?? (openingPronoun(main) ? [openingPronoun(main)!] : null);
      if (p) return p[0];
    }
  }
  return null;
}
