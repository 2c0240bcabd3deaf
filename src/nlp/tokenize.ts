// Word tokenizer with exact character offsets. Hand-written because the NER model was trained on
// Penn-Treebank-style tokens (CoNLL-2003: "'s" and "n't" split off, hyphenated words kept whole,
// "U.S." one token) and every entity span must map back to the original string indices.
import type { Span } from '../types.ts';

export interface Token extends Span {
  text: string;
}

// Abbreviations that keep their final period (lower-cased, without the period).
const ABBREV = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'pres',
  'maj',
  'cpl',
  'pvt',
  'mt',
  'ft',
  'inc',
  'ltd',
  'co',
  'corp',
  'plc',
  'bros',
  'vs',
  'etc',
  'no',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'dept',
  'univ',
  'messrs',
  'mme',
  'mlle',
]);

// One alternation, tried left to right at each position:
//  - dotted acronyms and initials ("U.S.", "U.N.", "J.")
//  - numbers with separators ("1,200.50", "3.5%", "1996-08-22")
//  - words with inner apostrophes or hyphens ("Hong-kyun", "O'Neill", "al-Assad"), but not a trailing "'s"/"n't"
//  - contraction tails ("'s", "n't", "'re", ...)
//  - runs of the same punctuation ("...", "--") and any other single non-space character
const TOKEN_RE =
  /(?:\p{Lu}\.){2,}|\p{L}\.(?=\s+\p{Lu})|\d+(?:[.,:\/-]\d+)*%?|(?:\p{L}|\p{M}|\d)+(?:(?:['\u2019]|-|\u2010|\u2011)(?!(?:s|S|t|T|re|ve|ll|d|m)\b)(?:\p{L}|\p{M}|\d)+)*|['\u2019](?:s|S|re|ve|ll|d|m|RE|VE|LL|D|M)\b|([.\-!?])\1+|\S/gu;

/** Splits text into tokens; offsets are JS string indices into `text` (end exclusive). */
export function tokenize(text: string, base = 0): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    let s = m.index;
    let t = m[0];
    // "don't" → "do" + "n't" as in the training data.
    if (t.length > 1 && /[nN]$/.test(t) && /^['\u2019][tT]\b/.test(text.slice(s + t.length))) {
      out.push({ start: base + s, end: base + s + t.length - 1, text: t.slice(0, -1) });
      s = s + t.length - 1;
      const end = s + 3;
      out.push({ start: base + s, end: base + end, text: text.slice(s, end) });
      TOKEN_RE.lastIndex = end;
      continue;
    }
    // Keep the period of a known abbreviation ("Mr.", "Gen.") on the word.
    if (text[s + t.length] === '.' && ABBREV.has(t.toLowerCase())) t = t + '.';
    out.push({ start: base + s, end: base + s + t.length, text: t });
    TOKEN_RE.lastIndex = s + t.length;
  }
  return out;
}
