// What the clusterer reads from one document: stemmed content words of the text and the title, named
// entities by type, and the numbers and dates it mentions. When nlp has not run, a fast proper-noun
// pass (capitalised token runs not at a sentence start) stands in for the entity tagger, so clustering
// a raw JSONL file stays well above 1,000 docs/s instead of paying for the full tagger.
import { FUNCTION_WORDS } from '../text/stopwords.ts';
import { stemmer } from 'stemmer';
import type { EntityMention } from '../types.ts';

// Function words and newsroom boilerplate: they carry no story identity and would flood the index.
const STOP = new Set([
  ...FUNCTION_WORDS,
  ...(
    "tell one two three new year years per cent percent it's " +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week last first since ago around however ' +
    'including many much well back people time news reported report reports reuters ap afp associated press'
  ).split(/\s+/),
]);

// Words that start sentences or titles in capitals without naming anything.
const CAP_STOP = new Set(
  (
    'the a an this that these those it he she they we i in on at for and but or if when after before as by from with his her their ' +
    'our its there here what who why how while during since about according mr mrs ms dr monday tuesday wednesday thursday friday ' +
    'saturday sunday january february march april may june july august september october november december'
  ).split(/\s+/),
);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = new RegExp(`\\b(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\\.?\\s+(\\d{1,2})\\b`, 'gi');

/**
 * Words seen lately and their stems. A long stream's vocabulary outgrows any fixed cache: it is emptied when
 * full (and refills with the words in use now) rather than left full of old words, which made every new
 * word a miss once a stream had passed ~80k documents.
 */
const STEM_CACHE_SIZE = 200_000;
const stemCache = new Map<string, string>();
function stem(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = /^[a-z]+$/.test(w) ? stemmer(w) : w;
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** Stemmed content words; digits-only tokens are left to numberKeys. */
export function contentTerms(text: string, english: boolean): string[] {
  const out: string[] = [];
  const toks = text.toLowerCase().match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  for (let t of toks) {
    t = t.replace(/['’]s$/, '').replace(/['’-]+$/, '');
    if (t.length < 2 || STOP.has(t)) continue;
    out.push(english ? stem(t) : t);
  }
  return out;
}

/**
 * Numbers and calendar dates: "7.1", "18,000" → "18000", "june 5". Years and counts that recur in a
 * story ("magnitude 6.3", "killed 212") separate look-alike events that share every other word.
 */
export function numberKeys(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])\d[\d,]*(?:\.\d+)?(?![\p{L}\p{N}])/gu)) {
    const v = m[0].replace(/,(?=\d{3}\b)/g, '').replace(/,$/, '');
    // One-digit counts ("two", "3 people") are everywhere; keep them only with a decimal part.
    if (v.length < 2 && !v.includes('.')) continue;
    out.push(v);
  }
  for (const m of text.matchAll(MONTH_RE)) out.push(`${m[1].slice(0, 3).toLowerCase()} ${Number(m[2])}`);
  return out;
}

export type EntityClass = 'main' | 'misc';

export interface EntityKey {
  key: string;
  cls: EntityClass;
}

/** Entity keys from nlp mentions: the canonical name and, for multi-word names, each name word. */
export function entityKeysFromMentions(mentions: EntityMention[]): EntityKey[] {
  const out: EntityKey[] = [];
  for (const m of mentions) {
    const cls: EntityClass = m.type === 'MISC' ? 'misc' : 'main';
    pushName(out, m.canonical || m.text, cls);
  }
  return out;
}

function pushName(out: EntityKey[], name: string, cls: EntityClass): void {
  const parts = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (parts.length === 0) return;
  out.push({ key: parts.join(' '), cls });
  // A surname alone ("Reid") must still meet "Tara Reid"; single words weigh in through their own idf.
  if (parts.length > 1) for (const p of parts) if (p.length > 2 && !CAP_STOP.has(p)) out.push({ key: p, cls });
}

/**
 * Proper nouns without a tagger: runs of capitalised words, allowing "of"/"de"-style joiners inside.
 * A run at a sentence start drops its first word when that word stands alone (so "Rescuers reached"
 * yields nothing, while "Tara Reid checked in" still yields "Tara Reid"); leading function words
 * ("The", "In") are dropped too. One regex finds only the capitalised runs, which keeps this cheap.
 */
export function properNounKeys(text: string): EntityKey[] {
  const out: EntityKey[] = [];
  for (const m of text.matchAll(CAP_RUN)) {
    let r = m[0].split(/\s+/);
    let atStart = true;
    for (let i = m.index - 1; i >= 0; i--) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '(' || ch === "'" || ch === '‘') continue;
      atStart = ch === '\n' || '.!?:;"“”—-'.includes(ch);
      // "U.S. Navy": a full stop after a single capital is an abbreviation, not a sentence end.
      if (ch === '.' && i > 0 && /\p{Lu}/u.test(text[i - 1]) && (i < 2 || !/\p{L}/u.test(text[i - 2]))) atStart = false;
      break;
    }
    while (r.length && CAP_STOP.has(r[0].toLowerCase())) {
      r = r.slice(1);
      atStart = false;
    }
    while (r.length && JOINER.test(r[r.length - 1])) r = r.slice(0, -1);
    if (atStart && r.length === 1) continue;
    const cleaned = r.map((w) => w.replace(/['’]s$/, '').replace(/[.'’-]+$/, '')).filter(Boolean);
    if (cleaned.length === 0 || (cleaned.length === 1 && (cleaned[0].length < 2 || /^\d/.test(cleaned[0])))) continue;
    pushName(out, cleaned.join(' '), 'main');
  }
  return out;
}

const JOINER = /^(of|de|la|del|von|van|the|and)$/;
// A word: a capitalised word, or an initialism with full stops ("U.S."); a full stop after a word ends the run.
const CAP_WORD = String.raw`\p{Lu}(?:\.(?:\p{Lu}\.)+|[\p{L}\p{N}'’&-]*)`;
const CAP_RUN = new RegExp(String.raw`(?<![\p{L}\p{N}])${CAP_WORD}(?:[ \t]+(?:(?:of|de|la|del|von|van|the|and)[ \t]+)*${CAP_WORD})*`, 'gu');
