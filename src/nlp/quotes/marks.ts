// Finds quoted passages by their quotation marks, in every style news text uses: straight "…", curly “…”,
// guillemets «…», low-high „…“, and single ‘…’ / '…' when they cannot be apostrophes. Hand-written:
// the pairing rules (apostrophes, quotes that run over several paragraphs) are the product's own edge.

export interface QuoteSpan {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just past the closing mark (or the paragraph end for an unclosed quote). */
  end: number;
  /** The quoted words, marks excluded. */
  innerStart: number;
  innerEnd: number;
  /** True for double quotes and guillemets; single quotes are mostly labels and scare quotes. */
  double: boolean;
}

const OPEN_DOUBLE: Record<string, string> = { '\u201c': '\u201d', '\u00ab': '\u00bb', '\u201e': '\u201c', '"': '"' };
const OPEN_SINGLE: Record<string, string> = { '\u2018': '\u2019', "'": "'" };
// Single quotes longer than this are more likely stray apostrophes than a quotation.
const MAX_SINGLE_WORDS = 30;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

// Tokenised archives (ECB+ and other wire collections rebuilt from tokens) set marks off with spaces:
// '“ I ’ m certain, ” King said', '"I don't feel anything, " she said'. A curly opener is an opener whatever
// follows it; a straight mark after a space closes the quote when punctuation ends the quoted words before it
// and a space or the line end follows it (an opener has the quoted word right after it).
function spacedOpen(text: string, i: number): boolean {
  return (text[i] === '\u201c' || text[i] === '\u201e' || text[i] === '\u00ab') && text[i + 1] === ' ' && /[\p{L}\d]/u.test(text[i + 2] ?? '');
}

function spacedClose(text: string, i: number): boolean {
  return text[i - 1] === ' ' && /[,.?!'\u2019]/.test(text[i - 2] ?? '') && (i + 1 >= text.length || /\s/.test(text[i + 1]));
}

/** Characters after which a mark opens a quote rather than closing one. */
function opensAfter(ch: string | undefined): boolean {
  return ch === undefined || /[\s([{\u2014\u2013\-:\u201c"\u2018/]/.test(ch);
}

function paragraphEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** Next paragraph's first non-space offset after the line break at `nl`, or -1. */
function nextParagraphStart(text: string, nl: number): number {
  let i = nl;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i < text.length ? i : -1;
}

function findDoubleClose(text: string, from: number, limit: number, open: string, close: string): number {
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (open === '"') {
      if (ch === '"' && (!isSpace(text[i - 1]) || spacedClose(text, i))) return i;
      if (ch === '\u201d') return i;
    } else if (ch === close || (open === '\u201c' && ch === '"' && !isSpace(text[i - 1]))) return i;
  }
  return -1;
}

function findSingleClose(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch !== '\u2019' && ch !== "'") continue;
    // An apostrophe inside a word ("don't", "Korea's") is not a close.
    if (/\p{L}/u.test(text[i + 1] ?? '')) continue;
    if (isSpace(text[i - 1])) continue;
    // Plural possessive ("the leaders' summit") looks like a close; a close is followed by punctuation or space
    // and the quoted run must not be long.
    return i;
  }
  return -1;
}

/** Every quoted passage of `text`, in order, outermost only. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    // Two apostrophes (or two backticks) stand for a double quote in some wire and newspaper archives.
    if ((text.startsWith("''", i) || text.startsWith('``', i)) && opensAfter(text[i - 1]) && !isSpace(text[i + 2])) {
      const span = matchPaired(text, i);
      if (span) {
        out.push(span);
        i = span.end;
        continue;
      }
    }
    const closeDouble = OPEN_DOUBLE[ch];
    if (closeDouble !== undefined && opensAfter(text[i - 1]) && (!isSpace(text[i + 1]) || spacedOpen(text, i))) {
      const span = matchDouble(text, i, ch, closeDouble);
      if (span) {
        out.push(span);
        i = span.end;
        continue;
      }
    } else if (OPEN_SINGLE[ch] !== undefined && opensAfter(text[i - 1]) && /[\p{L}\d]/u.test(text[i + 1] ?? '')) {
      const limit = paragraphEnd(text, i);
      const close = findSingleClose(text, i + 1, limit);
      if (close > i + 1) {
        const words = text
          .slice(i + 1, close)
          .trim()
          .split(/\s+/).length;
        if (words <= MAX_SINGLE_WORDS) {
          out.push({ start: i, end: close + 1, innerStart: i + 1, innerEnd: close, double: false });
          i = close + 1;
          continue;
        }
      }
    }
    i++;
  }
  return out;
}

function matchDouble(text: string, open: number, openCh: string, closeCh: string): QuoteSpan | null {
  let from = open + 1;
  for (;;) {
    const limit = paragraphEnd(text, from);
    const close = findDoubleClose(text, from, limit, openCh, closeCh);
    if (close >= 0) return { start: open, end: close + 1, innerStart: open + 1, innerEnd: trimEnd(text, open + 1, close), double: true };
    // Unclosed at the paragraph end: by convention the quote goes on when the next paragraph opens with a
    // quotation mark (the speaker keeps talking); otherwise it stops at the paragraph end.
    const next = limit < text.length ? nextParagraphStart(text, limit) : -1;
    if (next >= 0 && OPEN_DOUBLE[text[next]] !== undefined) {
      from = next + 1;
      continue;
    }
    const over = closeOverLines(text, limit, openCh, closeCh);
    if (over >= 0) return { start: open, end: over + 1, innerStart: open + 1, innerEnd: trimEnd(text, open + 1, over), double: true };
    if (limit - open < 3) return null;
    return { start: open, end: limit, innerStart: open + 1, innerEnd: trimEnd(text, open + 1, limit), double: true };
  }
}

// A text with no blank line anywhere puts one sentence on each line (part of the demo corpus does), so a line
// break there is a sentence break and a quote of several sentences runs over it. Lines searched for its close:
// the longest such quote in the demo corpus sample (eval/nlp/speakers) runs over four.
const MAX_QUOTE_LINES = 6;

/** The close of a quote left open at the line break `nl`, on one of the next lines, when lines are sentences. */
function closeOverLines(text: string, nl: number, openCh: string, closeCh: string): number {
  if (nl >= text.length || /\n[ \t]*\n/.test(text)) return -1;
  let from = nl + 1;
  for (let line = 0; line < MAX_QUOTE_LINES && from < text.length; line++) {
    const limit = paragraphEnd(text, from);
    for (let i = from; i < limit; i++) {
      const ch = text[i];
      if (OPEN_DOUBLE[ch] === undefined && ch !== '\u201d' && ch !== closeCh) continue;
      // The first mark on the way decides: a close (after a word) ends the quote, an opener means it never closed.
      const closes =
        i !== from &&
        (ch === '\u201d' ? openCh !== '\u201e' || !isSpace(text[i - 1]) : !isSpace(text[i - 1]) || spacedClose(text, i)) &&
        (ch === closeCh || ch === '"' || ch === '\u201d');
      return closes && (openCh === '"' || ch !== '"' || openCh === '\u201c') ? i : -1;
    }
    from = limit + 1;
  }
  return -1;
}

function matchPaired(text: string, open: number): QuoteSpan | null {
  let from = open + 2;
  for (;;) {
    const limit = paragraphEnd(text, from);
    let close = -1;
    for (let k = text.indexOf("''", from); k >= 0 && k < limit; k = text.indexOf("''", k + 1)) {
      if (!isSpace(text[k - 1])) {
        close = k;
        break;
      }
    }
    if (close >= 0) return { start: open, end: close + 2, innerStart: open + 2, innerEnd: trimEnd(text, open + 2, close), double: true };
    const next = limit < text.length ? nextParagraphStart(text, limit) : -1;
    if (next >= 0 && (text.startsWith("''", next) || text.startsWith('``', next))) {
      from = next + 2;
      continue;
    }
    if (limit - open < 4) return null;
    return { start: open, end: limit, innerStart: open + 2, innerEnd: trimEnd(text, open + 2, limit), double: true };
  }
}

/** End of the quoted words without trailing spaces and the comma that hands over to the cue. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,]/.test(text[e - 1])) e--;
  return e;
}
