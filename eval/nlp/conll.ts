// Reader for CoNLL-2003 files (gzip, IOB1 tags) used by the NER trainer and the nlp benchmark, and the
// IOB2 span helpers they score with. The data itself is research-only and never enters the repository;
// it is read from ../shared/data. Tag spans the shipped model decodes are src/nlp/ner/spans.ts.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StorylineError } from '../../src/errors.ts';
import type { ConllType } from '../../src/nlp/ner/features.ts';
import type { ConllEntity } from '../../src/nlp/ner/spans.ts';

export type { ConllEntity } from '../../src/nlp/ner/spans.ts';

export interface ConllSentence {
  words: string[];
  /** IOB2 tags ("B-PER", "I-PER", "O"), converted from the file's IOB1. */
  tags: string[];
  doc: number;
}

export function readConll(path: string): ConllSentence[] {
  let text: string;
  try {
    const raw = readFileSync(path);
    text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (err) {
    throw new StorylineError('nlp', 'conll_unreadable', `cannot read CoNLL file: ${(err as Error).message}`, { input: path, cause: err });
  }
  const out: ConllSentence[] = [];
  let doc = -1;
  let words: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (words.length) out.push({ words, tags: iob1to2(tags), doc: Math.max(doc, 0) });
    words = [];
    tags = [];
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) {
      flush();
      continue;
    }
    const cols = line.split(' ');
    if (cols[0] === '-DOCSTART-') {
      flush();
      doc++;
      continue;
    }
    if (cols.length < 2) throw new StorylineError('nlp', 'conll_bad_line', `line ${i + 1}: expected "word ... tag"`, { input: path });
    words.push(cols[0]);
    tags.push(cols[cols.length - 1]);
  }
  flush();
  return out;
}

function iob1to2(tags: string[]): string[] {
  return tags.map((t, i) => {
    if (t === 'O' || t.startsWith('B-')) return t;
    const type = t.slice(2);
    const prev = i > 0 ? tags[i - 1] : 'O';
    return prev.slice(2) === type ? t : 'B-' + type;
  });
}

/** Entity spans (token indices) from IOB2 tags. */
export function spansFromBio(tags: string[]): ConllEntity[] {
  const out: ConllEntity[] = [];
  let cur: ConllEntity | null = null;
  tags.forEach((t, i) => {
    if (t.startsWith('B-') || (t.startsWith('I-') && (!cur || cur.type !== t.slice(2)))) {
      if (cur) out.push(cur);
      cur = { start: i, end: i + 1, type: t.slice(2) as ConllType };
    } else if (t.startsWith('I-') && cur) cur.end = i + 1;
    else {
      if (cur) out.push(cur);
      cur = null;
    }
  });
  if (cur) out.push(cur);
  return out;
}

/** BIO tag strings for a sentence's entity spans. */
export function bio(n: number, spans: ConllEntity[]): string[] {
  const out = new Array<string>(n).fill('O');
  for (const s of spans) {
    out[s.start] = 'B-' + s.type;
    for (let k = s.start + 1; k < s.end; k++) out[k] = 'I-' + s.type;
  }
  return out;
}
