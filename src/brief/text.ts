// Text helpers of the brief writer: set overlap, wire-residue cleaning, pronoun openings, and anchoring of
// relative dates to the article's publication date (words, stems and vectors are in src/text/). Hand-written
// because they are the product's own edge: news-specific residue patterns and exact, offset-preserving rules.

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

/** A sentence without datelines, interview labels and stray markup; whitespace collapsed. */
export function cleanSentence(text: string): string {
  let t = text.replace(/&[A-Z]{2};/g, ' ').replace(/``|''/g, '"').replace(/\s+/g, ' ').trim();
  for (const re of DATELINE) {
    const m = re.exec(t);
    if (m && m[0].length < t.length - 20) {
      t = t.slice(m[0].length);
      break;
    }
  }
  t = t.replace(/^\s*[-–—_:]+\s*/, '');
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
const PRONOUN_NEXT = /^(is|was|are|were|has|had|have|will|would|could|can|may|might|should|comes|came|follows|followed|means|meant|includes|included|led|leads|prompted|marks|marked|happened|occurred|shows|showed|[,;:.])\b/i;

/** The pronoun a sentence opens with ("He", "Their", "This" used as a pronoun), or null. */
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

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
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

/**
 * Anchors relative day words to the article date: "on Tuesday" → "on Tuesday (June 18)", "yesterday" →
 * "yesterday (June 17)". A bare weekday in news copy refers to the most recent such day on or before the
 * publication date (the wire convention), unless the sentence is in the future tense ("will … on Friday").
 * `now` is the date the brief is read against: the anchor gets a year only when it differs from it.
 */
export function anchorDates(text: string, published: string | null, now?: Date): string {
  const pub = parseDay(published);
  if (!pub) return text;
  const ref = now ?? pub;
  const future = /\b(will|would|is to|are to|plans? to|scheduled|expected to|(?:is|are) expected|expects?|(?:is|are) due|set to|next)\b/i.test(text);
  let out = text.replace(/\b(on |last |this |next |until |by |from )?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b(?!\s*\()(?!,? (January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)/g, (all: string, pre: string | undefined, day: string, _month: string | undefined, offset: number, whole: string) => {
    // Names with a weekday in them ("Super Tuesday", "Good Friday") and quoted speech are not dated text.
    if (!pre && /[A-Z][a-z]+\s+$/.test(whole.slice(Math.max(0, offset - 20), offset)) && !/(^|[.!?]\s+)[A-Z][a-z]+\s+$/.test(whole.slice(0, offset))) return all;
    if (insideQuote(whole, offset)) return all;
    const target = WEEKDAYS.indexOf(day.toLowerCase());
    const p = (pre ?? '').trim().toLowerCase();
    let diff = (pub.getUTCDay() - target + 7) % 7; // days back
    let d: Date;
    if (p === 'next' || p === 'until' || (future && p !== 'last')) {
      const ahead = (target - pub.getUTCDay() + 7) % 7 || 7;
      d = new Date(pub.getTime() + ahead * 86_400_000);
    } else {
      if (p === 'last' && diff === 0) diff = 7;
      d = new Date(pub.getTime() - diff * 86_400_000);
    }
    return `${all} (${dayLabel(d, ref)})`;
  });
  out = out.replace(/\b(yesterday|today|tomorrow)\b(?!\s*\()(?!['’]s)/gi, (all: string, _w: string, offset: number, whole: string) => {
    if (insideQuote(whole, offset)) return all;
    const w = all.toLowerCase();
    const off = w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : 0;
    return `${all} (${dayLabel(new Date(pub.getTime() + off * 86_400_000), ref)})`;
  });
  return out;
}

const VERBISH = /\b(is|was|are|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|do|does|did|says|said|say|told|warns?|warned|urged?|agreed?|announced?|called|made|took|gave|won|lost|fell|rose|met|left|began|came|went|got|saw|sent|paid|led|held|found|kept|put|set|ran|hit|cut|[a-z]{3,}ed|[a-z]{3,}s)\b/i;
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
  let t = text.replace(/[.!?]+["'”’]?$/, '').replace(/\s+/g, ' ').trim();
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
  const dangling = /\s+(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|as|its|their|his|her|near|into|over|also|is|was|were|are|be|been|has|have|had|will|would|which|who)$/i;
  for (let i = 0; i < 4 && dangling.test(t); i++) t = t.replace(dangling, '');
  return t.replace(/[,;:]$/, '');
}

// Subordinators and discourse markers that can stand before the subject: "If it …", "But he …",
// "However, they …", "Despite this, the …". Each hides a reference to an earlier sentence.
const SUBORDINATOR = /^\W*(If|When|Whenever|While|Whilst|Although|Though|Because|As|After|Before|Since|Once|Unless|Until|Whether|Even if|Even though|Now that|So that)\s+/i;
const MARKER = /^\W*(But|And|So|Yet|Or|However|Meanwhile|Still|Also|Instead|Indeed|Nevertheless|Nonetheless|Moreover|Furthermore|Then|Later|Now|Even so|As a result|In addition|Additionally|In response|In turn|Therefore|Thus|Hence|Otherwise|Besides|Likewise|Similarly|Separately)\b,?\s+/i;
const REFERRING_PHRASE = /^\W*(Despite|After|Before|Following|Because of|In response to|Due to|Given|Besides|Beyond|Apart from|In addition to|As a result of|Like|Unlike|Since)\s+(this|that|these|those|it|them|him|her)\b/i;
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
