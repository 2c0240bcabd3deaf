// The grounding check: a rewrite from the writer model is kept only if every sentence rests on the
// source sentences it cites. Hand-written because this is the product's promise (an offline engine
// never states what no source said) and no library checks a generated text against its evidence at the
// level of single names, numbers and quotations. It is deliberately strict: a false rejection costs
// only fluency (the extractive brief is kept), a false acceptance would put an invented fact under a
// citation. Pure.
import type { RewrittenBrief, RewrittenSentence, SourceSentence } from './prompt.ts';
import { FUNCTION_WORDS } from '../../text/stopwords.ts';
import { isTitleHead } from '../../nlp/roles.ts';
import { recognizeEntities } from '../../nlp/entities.ts';
import { stemmer } from 'stemmer';

export type GroundingCheckName = 'shape' | 'citation' | 'support' | 'name' | 'number' | 'date' | 'quote' | 'length';

export interface GroundingFailure {
  check: GroundingCheckName;
  /** "headline", "lead 2", "development 3 headline", "development 3 sentence 1", or "brief". */
  section: string;
  /** The offending output sentence ('' for whole-brief checks). */
  sentence: string;
  detail: string;
}

export interface GroundingResult {
  ok: boolean;
  failures: GroundingFailure[];
}

export interface GroundingLimits {
  /** Developments of the extractive brief: the rewrite must keep every one. */
  developments: number;
  /** Sentences per extractive section, so a section with content cannot come back empty. */
  leadSentences: number;
  developmentSentences: number[];
  headlineWords: number;
  leadWords: number;
  developmentHeadlineWords: number;
  /** Upper bound on lead + development words, when the caller asked for one. */
  maxWords?: number;
}

const FUNCTION = new Set(FUNCTION_WORDS);
const countWords = (s: string) => (s.match(/\S+/g) ?? []).length;

// ---- text helpers

/** Curly quotes and apostrophes as straight ones, whitespace collapsed: how both sides are compared. */
function plain(s: string): string {
  return s
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `phrase` occurs in `text` as whole words. */
function hasPhrase(text: string, phrase: string, caseInsensitive = false): boolean {
  if (!phrase) return true;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase)}(?![\\p{L}\\p{N}])`, caseInsensitive ? 'iu' : 'u');
  return re.test(text);
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Words with their offsets; internal apostrophes, hyphens and dots stay inside ("O'Brien", "Jong-un", "U.S"). */
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}'.\-]*[\p{L}\p{M}\p{N}])?/gu)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const stripPossessive = (w: string) => w.replace(/'s$/u, '');
const undotted = (s: string) => s.replace(/(?<![\p{L}])(?:\p{Lu}\.){2,}/gu, (a) => a.replace(/\./g, ''));

// ---- quotations

/** Quoted stretches of `text` with their offsets: "…", “…”, ‘…’ and '…' (an apostrophe inside a word is not a quote). */
export function quotedPhrases(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const patterns = [/"([^"]+)"/g, /“([^”]+)”/g, /‘([^’]+)’/g, /(?<![\p{L}\p{N}])'(?=\S)([^']+?)(?<=\S)'(?![\p{L}\p{N}])/gu];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) out.push({ text: m[1], start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

function quoteProblem(quote: string, material: string): string | null {
  const hay = plain(material).toLowerCase();
  // An ellipsis marks words left out: each piece must be there on its own.
  for (const piece of plain(quote)
    .toLowerCase()
    .split(/\s*(?:\.\.\.|…)\s*/)) {
    const p = piece.replace(/^[\s.,;:!?'"-]+|[\s.,;:!?'"-]+$/g, '');
    if (p && !hasPhrase(hay, p)) return `quoted phrase "${quote}" is not in the cited sources`;
  }
  return null;
}

// ---- numbers

const UNITS: Record<string, number> = {
  zero: 0,
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
  dozen: 12,
};
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  hundredth: 100,
  thousandth: 1000,
  millionth: 1e6,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
// "5bn" is always a scale; "5m" and "5k" only after a currency sign ("$5m"): alone, "5m" is more often metres.
const SHORT_SCALES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, tn: 1e12 };

function parseDigits(s: string): number {
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  return Number(s.replace(/,/g, ''));
}

export interface NumberMention {
  raw: string;
  value: number;
}

/**
 * Every number the text states, as a value: digits ("1,200", "4.5", "11th", "1980s"), digits with a
 * scale ("4 million", "$2.5bn"), and written numbers ("forty", "twenty-five", "two hundred and fifty",
 * "a million", "third"). "One" in "one of", "one another" and "no one" is not a count.
 */
export function numbersIn(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const tokens = [...text.matchAll(/([$€£¥]\s?)?(\d+(?:[.,]\d+)*)(st|nd|rd|th|s)?(?:\s?(thousand|million|billion|trillion)\b|(k|m|mn|bn|tn)\b)?|[\p{L}]+/giu)];
  for (let i = 0; i < tokens.length; i++) {
    const m = tokens[i];
    if (m[2] !== undefined) {
      let value = parseDigits(m[2]);
      if (m[4]) value *= SCALES[m[4].toLowerCase()];
      else if (m[5] && (m[1] || m[5].length > 1)) value *= SHORT_SCALES[m[5].toLowerCase()];
      out.push({ raw: m[0].trim(), value });
      continue;
    }
    // Written numbers: a run of number words, joined by hyphens, spaces or "and".
    const parts: string[] = [];
    let j = i;
    let raw = '';
    for (; j < tokens.length; j++) {
      const w = tokens[j][0].toLowerCase();
      if (tokens[j][2] !== undefined) break;
      const isNumberWord = w in UNITS || w in SCALES || w in ORDINALS;
      if (!isNumberWord && !(w === 'and' && parts.length > 0 && j + 1 < tokens.length && tokens[j + 1][0].toLowerCase() in UNITS)) break;
      // Words must touch: "twenty-five" or "two hundred", not "two, three".
      if (j > i) {
        const gap = text.slice(tokens[j - 1].index + tokens[j - 1][0].length, tokens[j].index);
        if (!/^[\s-]+$/.test(gap)) break;
      }
      if (w !== 'and') parts.push(w);
      raw += (raw ? ' ' : '') + tokens[j][0];
      if (w in ORDINALS) {
        j++;
        break;
      }
    }
    if (parts.length === 0) continue;
    const prev = i > 0 ? tokens[i - 1][0].toLowerCase() : '';
    const next = j < tokens.length ? tokens[j][0].toLowerCase() : '';
    if (parts.length === 1 && parts[0] === 'one' && (next === 'of' || next === 'another' || prev === 'no')) {
      i = j - 1;
      continue;
    }
    let total = 0;
    let current = 0;
    for (const p of parts) {
      if (p in UNITS) current += UNITS[p];
      else if (p in ORDINALS) current = ORDINALS[p] >= 100 ? (current || 1) * ORDINALS[p] : current + ORDINALS[p];
      else if (p === 'hundred') current = (current || 1) * 100;
      else {
        total += (current || 1) * SCALES[p];
        current = 0;
      }
    }
    out.push({ raw, value: total + current });
    i = j - 1;
  }
  return out;
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// ---- dates

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)$/i;
const WEEKDAY_WORD = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
const RELATIVE_DAY = /^(yesterday|today|tonight|tomorrow)$/i;

/** Months, weekdays and relative days the text names, as comparable keys ("m:3", "d:tuesday", "r:yesterday"). */
export function dateWordsIn(text: string): { raw: string; key: string }[] {
  const out: { raw: string; key: string }[] = [];
  for (const w of wordsOf(text)) {
    // Capitalised only: "may" and "march" are also a verb, and "Mar"/"May" opening a sentence is left to the name check.
    if (MONTH_WORD.test(w.text) && /^\p{Lu}/u.test(w.text) && !(w.start === 0 && /^(may|march)$/i.test(w.text))) {
      out.push({ raw: w.text, key: `m:${MONTHS.indexOf(w.text.slice(0, 3).toLowerCase()) + 1}` });
    } else if (WEEKDAY_WORD.test(w.text)) out.push({ raw: w.text, key: `d:${w.text.toLowerCase()}` });
    else if (RELATIVE_DAY.test(w.text)) out.push({ raw: w.text, key: `r:${w.text.toLowerCase()}` });
  }
  return out;
}

// ---- names

export interface NameMention {
  text: string;
  start: number;
  end: number;
  /** Opens the sentence (or a quotation), where a capital letter says nothing. */
  initial: boolean;
}

const isCap = (w: string) => /^\p{Lu}/u.test(w);
// Months and weekdays break a run ("on Tuesday March 11"): the date check owns them.
const isNameWord = (w: string) => isCap(w) && !MONTH_WORD.test(w) && !WEEKDAY_WORD.test(w);
const isAcronym = (w: string) => /^\p{Lu}[\p{Lu}.&]+$/u.test(w) && w.replace(/[.&]/g, '').length >= 2;

/**
 * Runs of capitalised words ("Tomas Reyes", "Port Ellery", "NATO"), split at punctuation, without
 * leading or trailing function words ("The", "In"). A single capitalised word opening the sentence is
 * left out here (a capital there says nothing); the entity recogniser covers names in that position.
 */
export function nameRuns(text: string): NameMention[] {
  const words = wordsOf(text);
  const out: NameMention[] = [];
  const initialAt = (w: Word) => /^[\s"“‘'(\[]*$/.test(text.slice(0, w.start)) || /[:"“‘]\s*$/.test(text.slice(Math.max(0, w.start - 3), w.start));
  let run: Word[] = [];
  const flush = () => {
    const functionWord = (w: Word) => FUNCTION.has(w.text.toLowerCase()) && !isAcronym(w.text);
    while (run.length && functionWord(run[0])) run.shift();
    while (run.length && functionWord(run[run.length - 1])) run.pop();
    if (run.length) {
      const initial = initialAt(run[0]);
      if (!(initial && run.length === 1 && !isAcronym(run[0].text))) {
        out.push({ text: text.slice(run[0].start, run[run.length - 1].end), start: run[0].start, end: run[run.length - 1].end, initial });
      }
    }
    run = [];
  };
  for (const w of words) {
    const joined = run.length > 0 && /^\s+$/.test(text.slice(run[run.length - 1].end, w.start));
    if (!isNameWord(w.text) || (run.length > 0 && !joined)) flush();
    if (isNameWord(w.text)) run.push(w);
  }
  flush();
  return out;
}

/**
 * Whether a name is in the material. The whole name, exactly, is best. Otherwise words at either edge
 * that the material uses as ordinary lower-case words ("Council Leader" from "council leader") or as
 * titles ("President") may be set aside, and what remains must be there exactly: "President Putin" is
 * grounded by "President Vladimir Putin", "Tomas Reyes" by "Council leader Tomas Reyes", but "Kim
 * Putin" by no source that has the two apart.
 */
export function nameGrounded(name: string, material: string, initial = false): boolean {
  const m = plain(material);
  const n = stripPossessive(plain(name));
  if (hasPhrase(m, n)) return true;
  // "U.S." and "US" are one name.
  if (/\p{Lu}\./u.test(n + m) && hasPhrase(undotted(m), undotted(n))) return true;
  const words = wordsOf(n);
  if (words.length === 0) return true;
  const common = (w: string, i: number) =>
    (hasPhrase(m, w.toLowerCase()) && !isAcronym(w)) || (isTitleHead(w) && hasPhrase(m, w, true)) || (i === 0 && initial && hasPhrase(m, w, true));
  let a = 0;
  let b = words.length;
  while (a < b && common(words[a].text, a)) a++;
  while (b > a && common(words[b - 1].text, b - 1)) b--;
  if (a === b) return true;
  // The core keeps its own punctuation ("U.S. State", "Workers' Party").
  const core = n.slice(words[a].start, words[b - 1].end);
  // A possessive or plural on the material side ("Reyes's") still names the same thing.
  return hasPhrase(m, core) || new RegExp(`(?<![\\p{L}\\p{N}])${escape(core)}(?:'s|s)(?![\\p{L}\\p{N}])`, 'u').test(m);
}

function entityNames(text: string): NameMention[] {
  try {
    return recognizeEntities(text).map((e) => ({ text: e.text, start: e.start, end: e.end, initial: e.start === 0 }));
  } catch {
    // The recogniser is a second net for names opening a sentence; the capitalisation rule still runs.
    return [];
  }
}

// ---- support

/**
 * Share of a sentence's content words whose stem occurs in the material. A paraphrase keeps most of its
 * source's content words; a sentence resting on the wrong source, or on none ("the storm was caused by
 * climate change"), keeps few. Names and numbers have their own, exact checks, so this one can be loose.
 */
export const MIN_SUPPORT = 0.5;

const contentStems = (s: string) =>
  (
    plain(s)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .filter((w) => !FUNCTION.has(w) && w.length > 1)
    .map((w) => stemmer(w));

export function support(text: string, material: string): number {
  const have = new Set(contentStems(material));
  const ws = contentStems(text);
  return ws.length === 0 ? 1 : ws.filter((w) => have.has(w)).length / ws.length;
}

// ---- the check

/** Why one output sentence is not grounded in `material` (its cited sources), each with the check that failed. */
export function sentenceProblems(text: string, material: string): { check: GroundingCheckName; detail: string }[] {
  const problems: { check: GroundingCheckName; detail: string }[] = [];
  const quotes = quotedPhrases(text);
  const inQuote = (s: number, e: number) => quotes.some((q) => s >= q.start && e <= q.end);
  for (const q of quotes) {
    const p = quoteProblem(q.text, material);
    if (p) problems.push({ check: 'quote', detail: p });
  }
  const seen = new Set<string>();
  for (const n of [...nameRuns(text), ...entityNames(text)]) {
    // Quoted words are checked verbatim above; month names by the date check.
    if (inQuote(n.start, n.end) || seen.has(n.text) || MONTH_WORD.test(n.text) || WEEKDAY_WORD.test(n.text)) continue;
    seen.add(n.text);
    if (!nameGrounded(n.text, material, n.initial)) problems.push({ check: 'name', detail: `name "${n.text}" is not in the cited sources` });
  }
  const have = numbersIn(plain(material)).map((x) => x.value);
  for (const x of numbersIn(plain(text))) {
    if (!have.some((v) => sameValue(v, x.value))) problems.push({ check: 'number', detail: `number "${x.raw}" (${x.value}) is not in the cited sources` });
  }
  const dates = new Set(dateWordsIn(material).map((d) => d.key));
  // A month opening a source sentence still names the month; "may" and "march" in lower case do not.
  for (const w of wordsOf(material)) {
    if (MONTH_WORD.test(w.text) && (isCap(w.text) || (w.text.length > 4 && !/^march$/i.test(w.text)))) {
      dates.add(`m:${MONTHS.indexOf(w.text.slice(0, 3).toLowerCase()) + 1}`);
    }
  }
  for (const d of dateWordsIn(text)) {
    if (!dates.has(d.key)) problems.push({ check: 'date', detail: `date word "${d.raw}" is not in the cited sources` });
  }
  // Last: the specific checks above name what is wrong; this one only says something is.
  const share = support(text, material);
  if (share < MIN_SUPPORT) problems.push({ check: 'support', detail: `only ${Math.round(share * 100)}% of its content words are in the cited sources` });
  return problems;
}

/**
 * Checks a rewrite against the numbered sources it was given: the shape (every development kept, no
 * empty section), lengths, and for every sentence its citations (at least one, all known) and its
 * words (mostly), names, numbers, date words and quotations (all in the sources it cites).
 */
export function checkGrounding(rewrite: RewrittenBrief, sources: SourceSentence[], limits: GroundingLimits): GroundingResult {
  const failures: GroundingFailure[] = [];
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const brief = (check: GroundingCheckName, detail: string) => failures.push({ check, section: 'brief', sentence: '', detail });

  if (rewrite.developments.length !== limits.developments) {
    brief('shape', `${limits.developments} developments given, ${rewrite.developments.length} returned`);
  }
  if (limits.leadSentences > 0 && rewrite.lead.length === 0) brief('shape', 'the lead came back empty');
  rewrite.developments.forEach((d, i) => {
    if ((limits.developmentSentences[i] ?? 0) > 0 && d.sentences.length === 0) brief('shape', `development ${i + 1} came back without sentences`);
  });

  const sentence = (s: RewrittenSentence, section: string, maxWords?: number) => {
    const add = (check: GroundingCheckName, detail: string) => failures.push({ check, section, sentence: s.text, detail });
    if (!s.text.trim()) return add('shape', 'empty sentence');
    if (maxWords !== undefined && countWords(s.text) > maxWords) add('length', `${countWords(s.text)} words, at most ${maxWords}`);
    if (s.sources.length === 0) return add('citation', 'cites no source sentence');
    const unknown = s.sources.filter((n) => !byNumber.has(n));
    if (unknown.length) return add('citation', `cites source${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `[${n}]`).join(', ')} that were not given`);
    const material = s.sources.flatMap((n) => [byNumber.get(n)!.text, ...byNumber.get(n)!.renderings]).join('\n');
    for (const p of sentenceProblems(s.text, material)) add(p.check, `${p.detail} [${s.sources.join(', ')}]`);
  };

  sentence(rewrite.headline, 'headline', limits.headlineWords);
  rewrite.lead.forEach((s, i) => sentence(s, `lead ${i + 1}`));
  const leadWords = rewrite.lead.reduce((n, s) => n + countWords(s.text), 0);
  if (leadWords > limits.leadWords) brief('length', `lead has ${leadWords} words, at most ${limits.leadWords}`);
  rewrite.developments.forEach((d, i) => {
    sentence(d.headline, `development ${i + 1} headline`, limits.developmentHeadlineWords);
    d.sentences.forEach((s, j) => sentence(s, `development ${i + 1} sentence ${j + 1}`));
  });
  if (limits.maxWords !== undefined) {
    const body = leadWords + rewrite.developments.reduce((n, d) => n + d.sentences.reduce((m, s) => m + countWords(s.text), 0), 0);
    if (body > limits.maxWords) brief('length', `body has ${body} words, at most ${limits.maxWords}`);
  }
  return { ok: failures.length === 0, failures };
}
