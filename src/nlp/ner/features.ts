// Feature extraction for the NER sequence tagger. Shared by training (scripts/train-ner.ts) and tagging
// (model.ts) so the two can never drift apart. Features are plain strings; the perceptron maps them to
// per-tag weights.
import { headClass } from './lexicon.ts';

export const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type ConllType = (typeof ENTITY_TYPES)[number];

/**
 * BIO tag set: index 0 is O, then B/I for each type. BIO rather than BILOU because a greedy decoder under
 * BILOU constraints cannot leave an entity it has opened without an L tag, and then swallows whole clauses
 * ("State Antony Blinken and South Korea" as one ORG); under BIO any token may end the entity.
 */
export const TAGS: string[] = ['O'];
for (const t of ENTITY_TYPES) for (const p of ['B', 'I']) TAGS.push(`${p}-${t}`);
export const TAG_INDEX = new Map(TAGS.map((t, i) => [t, i]));

/** Whether tag `next` may follow tag `prev` under BIO (prev = -1 at sentence start). */
export function allowed(prev: number, next: number): boolean {
  const n = TAGS[next];
  if (!n.startsWith('I-')) return true;
  const p = prev < 0 ? 'O' : TAGS[prev];
  return p !== 'O' && p.slice(2) === n.slice(2);
}

export function shape(w: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of w) {
    let c: string;
    if (/\p{Lu}/u.test(ch)) c = 'X';
    else if (/\p{Ll}/u.test(ch)) c = 'x';
    else if (/\d/.test(ch)) c = 'd';
    else c = ch;
    if (c === last) {
      if (++run > 2) continue;
    } else run = 1;
    last = c;
    out += c;
  }
  return out;
}

/** Gazetteer: lower-cased token sequences (joined with a space) → set of CoNLL types. */
export class Gazetteer {
  readonly entries = new Map<string, Set<ConllType>>();
  maxLen = 1;

  add(phrase: string, type: ConllType): void {
    const key = phrase.toLowerCase();
    let s = this.entries.get(key);
    if (!s) this.entries.set(key, (s = new Set()));
    s.add(type);
    this.maxLen = Math.max(this.maxLen, key.split(' ').length);
  }

  /** Per token, the gazetteer hits as BILOU-position features ("gz=B-LOC"), longest match first. */
  match(lower: string[]): string[][] {
    const out: string[][] = lower.map(() => []);
    for (let i = 0; i < lower.length; i++) {
      for (let len = Math.min(this.maxLen, lower.length - i); len >= 1; len--) {
        const types = this.entries.get(len === 1 ? lower[i] : lower.slice(i, i + len).join(' '));
        if (!types) continue;
        for (const t of types) {
          if (len === 1) out[i].push(`gz=U-${t}`);
          else {
            out[i].push(`gz=B-${t}`);
            for (let k = i + 1; k < i + len - 1; k++) out[k].push(`gz=I-${t}`);
            out[i + len - 1].push(`gz=L-${t}`);
          }
        }
        break;
      }
    }
    return out;
  }

  toJSON(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [k, v] of this.entries) o[k] = [...v].join(',');
    return o;
  }

  static fromJSON(o: Record<string, string>): Gazetteer {
    const g = new Gazetteer();
    for (const [k, v] of Object.entries(o)) for (const t of v.split(',')) g.add(k, t as ConllType);
    return g;
  }
}

function isAllCaps(words: string[]): boolean {
  let upper = 0;
  let letters = 0;
  for (const w of words) {
    if (!/\p{L}/u.test(w)) continue;
    letters++;
    if (w === w.toUpperCase()) upper++;
  }
  return letters >= 3 && upper / letters > 0.8;
}

/**
 * What the rest of the document says about a word's casing: a capitalised word that also appears in lower
 * case mid-sentence is likely a common word; an ALL-CAPS headline word can borrow the casing it has in
 * the body. Both are cheap, per-document, and help most where Reuters-trained features are weakest.
 */
export class DocContext {
  private readonly lowerSeen = new Set<string>();
  private readonly casing = new Map<string, Map<string, number>>();

  constructor(sentences: string[][]) {
    for (const words of sentences) {
      const caps = isAllCaps(words);
      words.forEach((w, i) => {
        if (i === 0 || caps || !/\p{L}/u.test(w)) return;
        const l = w.toLowerCase();
        if (w === l) this.lowerSeen.add(l);
        else {
          let m = this.casing.get(l);
          if (!m) this.casing.set(l, (m = new Map()));
          m.set(w, (m.get(w) ?? 0) + 1);
        }
      });
    }
  }

  seenLower(l: string): boolean {
    return this.lowerSeen.has(l);
  }

  /** Most frequent mid-sentence spelling of a word in the document, or null. */
  truecase(l: string): string | null {
    const m = this.casing.get(l);
    if (!m) return this.lowerSeen.has(l) ? l : null;
    let best: string | null = null;
    let n = 0;
    for (const [w, c] of m) {
      if (c > n) {
        best = w;
        n = c;
      }
    }
    return best;
  }
}

const NO_DOC = new DocContext([]);

/** Longest capitalised run a head-word feature is given for; longer runs are Title Case lines, not names. */
const MAX_RUN = 6;

/**
 * Per token, what the head words of the capitalised run it stands in say ("Cerise Avenue": both words get
 * rl=STREET; "University of North Carolina": rf=ORG). A run is consecutive capitalised words; for rf it is
 * joined over a lower-case "of" or "&" between two of them, for rl it is not ("Carl Lipo of Binghamton
 * University" is a person of an organisation, and only "Binghamton University" ends in the head).
 */
function headFeatures(words: string[], lower: string[], caps: boolean): string[][] {
  const out: string[][] = words.map(() => []);
  if (caps) return out;
  const cap = (i: number) => i >= 0 && i < words.length && /^\p{Lu}/u.test(words[i]);
  const runs = (join: boolean, each: (a: number, b: number) => void) => {
    let i = 0;
    while (i < words.length) {
      if (!cap(i)) {
        i++;
        continue;
      }
      let b = i + 1;
      while (b < words.length && (cap(b) || (join && (lower[b] === 'of' || lower[b] === '&') && cap(b + 1)))) b++;
      if (b - i >= 2 && b - i <= MAX_RUN) each(i, b);
      i = b;
    }
  };
  words.forEach((_, k) => {
    const own = cap(k) ? headClass(lower[k]) : null;
    if (own) out[k].push('hd=' + own);
  });
  runs(false, (a, b) => {
    const last = headClass(lower[b - 1]);
    if (last) for (let k = a; k < b; k++) out[k].push('rl=' + last + (k === b - 1 ? '|head' : k === a ? '|first' : '|in'));
  });
  runs(true, (a, b) => {
    const first = headClass(lower[a]);
    if (first && lower.slice(a, b).includes('of')) for (let k = a + 1; k < b; k++) out[k].push('rf=' + first);
  });
  return out;
}

/** Tag-independent features of every token of a sentence. */
export function staticFeatures(words: string[], gaz: Gazetteer, doc: DocContext = NO_DOC): string[][] {
  const lower = words.map((w) => w.toLowerCase());
  const shapes = words.map(shape);
  const gz = gaz.match(lower);
  const caps = isAllCaps(words);
  const heads = headFeatures(words, lower, caps);
  const n = words.length;
  const at = (a: string[], i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : a[i]);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i];
    const l = lower[i];
    const f = [
      'b',
      'w=' + w,
      'l=' + l,
      's=' + shapes[i],
      'p1=' + l.slice(0, 1),
      'p2=' + l.slice(0, 2),
      'p3=' + l.slice(0, 3),
      'x2=' + l.slice(-2),
      'x3=' + l.slice(-3),
      'x4=' + l.slice(-4),
      'l-1=' + at(lower, i - 1),
      'l+1=' + at(lower, i + 1),
      'l-2=' + at(lower, i - 2),
      'l+2=' + at(lower, i + 2),
      's-1=' + at(shapes, i - 1),
      's+1=' + at(shapes, i + 1),
      's-1s=' + at(shapes, i - 1) + '|' + shapes[i],
      'ss+1=' + shapes[i] + '|' + at(shapes, i + 1),
      'll+1=' + l + '|' + at(lower, i + 1),
      'l-1l=' + at(lower, i - 1) + '|' + l,
      'x3+1=' + at(lower, i + 1).slice(-3),
      'x3-1=' + at(lower, i - 1).slice(-3),
      'w-1=' + at(words, i - 1),
      'w+1=' + at(words, i + 1),
      'p4=' + l.slice(0, 4),
      'x5=' + l.slice(-5),
      'l-1l+1=' + at(lower, i - 1) + '|' + at(lower, i + 1),
    ];
    if (i === 0) f.push('first', 'first|s=' + shapes[i]);
    if (caps) f.push('caps', 'caps|l=' + l);
    if (w.includes('-')) f.push('hyph');
    if (w !== l && doc.seenLower(l)) f.push('doclower', 'doclower|first=' + (i === 0));
    if (caps || i === 0) {
      const tc = doc.truecase(l);
      f.push('tc=' + (tc === null ? '?' : shape(tc)));
      if (tc !== null && caps) f.push('tcw=' + tc);
    }
    f.push(...heads[i]);
    for (const g of gz[i]) f.push(g, g + '|s=' + shapes[i]);
    for (const g of i > 0 ? gz[i - 1] : []) f.push('-1' + g);
    for (const g of i + 1 < n ? gz[i + 1] : []) f.push('+1' + g);
    out.push(f);
  }
  return out;
}

/** Features that depend on the tags already chosen to the left. */
export function dynamicFeatures(words: string[], i: number, p1: number, p2: number): string[] {
  const t1 = p1 < 0 ? '<s>' : TAGS[p1];
  const t2 = p2 < 0 ? '<s>' : TAGS[p2];
  return ['t-1=' + t1, 't-2t-1=' + t2 + '|' + t1, 't-1w=' + t1 + '|' + words[i].toLowerCase()];
}

/**
 * Second-stage ("stacked") features: what the first-stage tagger said about the same word elsewhere in
 * the document. News names an entity in full once ("Peter Blackburn") and then shortens it or puts it in
 * an ambiguous spot ("Blackburn said", a headline); the other occurrences settle the type.
 * `firstPass[s][i]` is the first-stage tag index of token i of sentence s.
 */
export function stackFeatures(doc: string[][], firstPass: number[][]): string[][][] {
  const typeOf = (t: number) => (t === 0 ? 'O' : TAGS[t].slice(2));
  const counts = new Map<string, Map<string, number>>();
  const inLong = new Map<string, Set<string>>();
  doc.forEach((words, s) => {
    let open = -1;
    words.forEach((w, i) => {
      const l = w.toLowerCase();
      if (!/\p{L}/u.test(l)) return;
      const ty = typeOf(firstPass[s][i]);
      let m = counts.get(l);
      if (!m) counts.set(l, (m = new Map()));
      m.set(ty, (m.get(ty) ?? 0) + 1);
      const tag = TAGS[firstPass[s][i]];
      const next = i + 1 < words.length ? TAGS[firstPass[s][i + 1]] : 'O';
      if (tag.startsWith('B-')) open = i;
      if (tag !== 'O' && !next.startsWith('I-') && open >= 0 && open < i) {
        for (let k = open; k <= i; k++) {
          const lk = words[k].toLowerCase();
          let set = inLong.get(lk);
          if (!set) inLong.set(lk, (set = new Set()));
          set.add(ty);
        }
        open = -1;
      }
    });
  });
  return doc.map((words, s) =>
    words.map((w, i) => {
      const own = firstPass[s][i];
      const f: string[] = [];
      const l = w.toLowerCase();
      const m = counts.get(l);
      if (!m) return f;
      const ownType = typeOf(own);
      let bestType = '';
      let bestN = 0;
      let others = 0;
      for (const [ty, n0] of m) {
        const n = ty === ownType ? n0 - 1 : n0;
        if (n <= 0) continue;
        others += n;
        f.push('dp=' + ty);
        if (n > bestN) {
          bestN = n;
          bestType = ty;
        }
      }
      if (others > 0) f.push('dpmax=' + bestType, 'dpmax|s=' + bestType + '|' + shape(w));
      for (const ty of inLong.get(l) ?? []) f.push('dl=' + ty);
      return f;
    }),
  );
}
