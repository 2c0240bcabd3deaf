// Sentence splitting with exact character offsets into the original text (citations point at them).
// Hand-written because the product needs offsets that survive any text, and the abbreviation rules
// are news-specific (titles, initials, month abbreviations).
import type { Sentence } from '../types.ts';

// Abbreviations after which a period does not end a sentence (lower-cased, without the period).
const ABBREVIATIONS = new Set([
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
  'supt',
  'insp',
  'det',
  'maj',
  'cpl',
  'pvt',
  'messrs',
  'mt',
  'ft',
  'ave',
  'blvd',
  'inc',
  'ltd',
  'co',
  'corp',
  'plc',
  'bros',
  'vs',
  'etc',
  'no',
  'nos',
  'vol',
  'pp',
  'approx',
  'est',
  'dept',
  'univ',
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
  'u.s',
  'u.k',
  'u.n',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'al',
  'fig',
  'op',
  'cf',
]);

const CLOSERS = new Set(['"', "'", '\u201d', '\u2019', ')', ']', '\u00bb']);

/** Splits text into sentences; paragraph breaks (blank lines) always end a sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const wrapped = isHardWrapped(text);
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      // A line break ends a sentence when it ends a paragraph, or when the text is one sentence per line.
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      // In text that is not hard-wrapped, a single line break separates a headline or a paragraph.
      if (text[j] === '\n' || endsWithTerminal(text, start, i) || (!wrapped && j < text.length)) {
        push(i);
        continue;
      }
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let j = i + 1;
    while (j < text.length && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    while (j < text.length && CLOSERS.has(text[j])) j++;
    if (j < text.length && !/\s/.test(text[j])) continue;
    let k = j;
    while (k < text.length && /[ \t\r]/.test(text[k])) k++;
    if (k >= text.length) break;
    const next = text[k];
    if (next === '\n') continue; // the line-break rule decides
    if (ch === '.') {
      const word = wordBefore(text, i);
      if (ABBREVIATIONS.has(word.toLowerCase())) continue;
      if (/^[A-Z]$/.test(word)) continue; // an initial: "John F. Kennedy"
      if (/^\d+$/.test(word) && /[a-z]/.test(next)) continue;
    }
    // A new sentence starts with an upper-case letter, a digit, or an opening quote/bracket.
    if (!/[A-Z0-9"'\u201c\u2018(\[\u00ab]/.test(next)) continue;
    push(j);
  }
  push(text.length);
  return out;
}

/**
 * Hard-wrapped text (lines cut near a fixed width, as in plain-text wire copy) breaks lines mid-sentence;
 * elsewhere a single line break ends a headline or paragraph. Most lines of similar, long length = wrapped.
 */
function isHardWrapped(text: string): boolean {
  const lines = text.split('\n');
  if (lines.length < 4) return false;
  let long = 0;
  let counted = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const n = lines[i].trimEnd().length;
    if (n === 0) continue;
    counted++;
    if (n >= 50 && n <= 100) long++;
  }
  return counted >= 3 && long / counted >= 0.6 && text.length / lines.length < 110;
}

function wordBefore(text: string, dot: number): string {
  let s = dot;
  while (s > 0 && /[A-Za-z.]/.test(text[s - 1])) s--;
  return text.slice(s, dot).replace(/^\.+/, '');
}

function endsWithTerminal(text: string, from: number, to: number): boolean {
  let e = to;
  while (e > from && /\s/.test(text[e - 1])) e--;
  while (e > from && CLOSERS.has(text[e - 1])) e--;
  return e > from && /[.!?:]/.test(text[e - 1]);
}
