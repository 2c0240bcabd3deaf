// Property tests over annotate: real articles from ../shared/data (Wikinews, the GVA news stream) truncated,
// with bytes flipped, passages repeated, stray quote marks, control characters and lone surrogates put in,
// and texts generated from quote marks, speech verbs, titles and names. Whatever comes in, every offset of
// the annotation points into the text and its spans hold the text they claim; nothing but an nlp.* error
// escapes, each case is time bounded and the heap stays bounded. One text at the import limit
// (MAX_TEXT_CHARS) must also annotate in bounded time: it took 61 s before speaker names were memoised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { dataset } from '../../eval/data.ts';
import { cpuMs, expectOwnError, heapMb, mutateAll, mutation, timed } from '../../eval/fuzz/mutate.ts';
import { StorylineError } from '../errors.ts';
import type { Annotation, Span } from '../types.ts';
import { MAX_TEXT_CHARS } from '../pipeline/ingest.ts';
import { annotate } from './annotate.ts';

const ID = 'fuzz-doc';
const SEED = Number(process.env.FUZZ_SEED ?? 17);
/** Per case on a loaded 2-core machine: a real article takes ~50 ms, a 20,000-character mutant under 1 s. */
const CASE_MS = 15_000;
/** Mutants are cut here so that the random cases stay cheap; the limit itself has its own test below. */
const CASE_CHARS = 20_000;
/** A text at the import limit annotated in ~8 s on an idle machine (61 s when speaker resolution was quadratic). */
const LIMIT_MS = 40_000;

const TYPES = new Set(['PERSON', 'ORG', 'PLACE', 'MISC']);
const KINDS = new Set(['direct', 'indirect', 'label', 'denial']);

function inText(s: Span, len: number, what: string) {
  assert.ok(
    Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= len,
    `${what} [${s.start}, ${s.end}) outside a text of ${len}`,
  );
}

function checkContract(a: Annotation, text: string) {
  assert.equal(a.id, ID);
  let prev = 0;
  for (const s of a.sentences) {
    inText(s, text.length, 'sentence');
    assert.ok(s.start >= prev, `sentences overlap or go back at ${s.start}`);
    assert.equal(s.text, text.slice(s.start, s.end), 'a sentence holds the text it points to');
    prev = s.end;
  }
  for (const e of a.entities) {
    inText(e, text.length, 'entity');
    assert.ok(e.end > e.start, 'an entity is not empty');
    assert.equal(e.text, text.slice(e.start, e.end), 'an entity holds the text it points to');
    assert.ok(TYPES.has(e.type), `entity type ${e.type}`);
    assert.equal(typeof e.canonical, 'string');
    assert.ok(e.canonical.length > 0, 'canonical name is not empty');
  }
  for (const q of a.quotes) {
    inText(q, text.length, 'quote');
    assert.ok(KINDS.has(q.kind), `quote kind ${q.kind}`);
    assert.ok(q.speaker === null || (typeof q.speaker === 'string' && q.speaker.length > 0), 'speaker is a name or null');
    assert.equal(q.speakerStart === null, q.speakerEnd === null, 'a speaker span has both ends or neither');
    if (q.speakerStart !== null && q.speakerEnd !== null) inText({ start: q.speakerStart, end: q.speakerEnd }, text.length, 'speaker');
  }
  for (const t of a.times ?? []) {
    inText(t, text.length, 'time');
    assert.equal(t.text, text.slice(t.start, t.end), 'a time expression holds the text it points to');
    assert.equal(typeof t.value, 'string');
  }
  // The annotation goes to the store as JSON: it must survive the round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
}

function property(text: string, published: string | null, what: () => string) {
  const got = timed(CASE_MS, what, () => expectOwnError(() => annotate({ id: ID, text, title: text.slice(0, 80), published }), 'nlp', ID));
  if (!(got instanceof StorylineError)) checkContract(got, text);
}

/** Characters that break naive text handling: quote marks of every kind, controls, lone surrogates, joiners. */
const ODD = fc.constantFrom(
  '"',
  '\u201c',
  '\u201d',
  "'",
  '\u2018',
  '\u2019',
  '\u00ab',
  '\u00bb',
  '``',
  "''",
  '\u0000',
  '\u0007',
  '\uD800',
  '\uDC00',
  '\u200B',
  '\u202E',
  '\uFEFF',
  '\r',
  '\n\n',
  '\t',
  ' said ',
  ' told reporters ',
  'Mr. ',
  'Dr. ',
  ' he ',
  ' she ',
  ' it ',
  '...',
  '\u2026',
  '.\u201d',
  ',\u201d he said.',
  '\u2014',
  ' constructor ',
  ' toString ',
  ' __proto__ ',
  ' valueOf ',
  ' hasOwnProperty ',
);
/** Publication dates a feed may carry: real, odd and broken. */
const PUBLISHED = fc.oneof(
  fc.constant(null),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2019-10-06', '0000-00-00', '9999-12-31T23:59:59Z', 'yesterday', '', 'NaN', '2019-02-30', '2019-13-01', '-000001-01-01T00:00:00Z'),
  fc.string({ maxLength: 30 }),
);

/** Inserts odd characters at string level (utf8 byte mutations cannot make a lone surrogate). */
const oddInsertions = fc.array(fc.tuple(fc.noBias(fc.integer({ min: 0, max: 1_000_000 })), ODD), { maxLength: 6 });

function withOdd(text: string, ins: [number, string][]): string {
  let out = text;
  for (const [at, s] of ins) {
    const i = Math.floor((at / 1_000_000) * out.length);
    out = out.slice(0, i) + s + out.slice(i);
  }
  return out;
}

const wikinews = dataset('wikinews');
const gva = dataset('gva-stream');
const noData = (!wikinews || !gva) && 'shared data (../shared/data/wikinews, gva-stream) not found: mutated real articles not tested';

function realTexts(): { from: string; text: string }[] {
  const wn = readFileSync(join(wikinews!, 'articles.jsonl'), 'utf8').trim().split('\n');
  const stream = gunzipSync(readFileSync(join(gva!, 'stream.jsonl.gz')))
    .toString('utf8')
    .trim()
    .split('\n');
  return [
    ...wn.filter((_, i) => i % 10 === 0).map((l, i) => ({ from: `wikinews/articles.jsonl #${i * 10 + 1}`, text: (JSON.parse(l) as { text: string }).text })),
    ...stream
      .filter((_, i) => i % 60 === 0)
      .map((l, i) => ({ from: `gva-stream/stream.jsonl.gz #${i * 60 + 1}`, text: (JSON.parse(l) as { text: string }).text })),
  ];
}

test('fuzz annotate: mutated real articles give offsets inside the text and spans that hold it', { skip: noData, timeout: 600_000 }, () => {
  const corpus = realTexts();
  const before = heapMb();
  fc.assert(
    fc.property(fc.constantFrom(...corpus.keys()), fc.array(mutation, { minLength: 1, maxLength: 2 }), oddInsertions, PUBLISHED, (k, ms, ins, published) => {
      const { from, text } = corpus[k];
      const mutated = withOdd(mutateAll(Buffer.from(text, 'utf8'), ms).toString('utf8'), ins).slice(0, CASE_CHARS);
      property(mutated, published, () => `${from} with ${JSON.stringify(ms).slice(0, 200)} ${JSON.stringify(ins)} published ${JSON.stringify(published)}`);
    }),
    { numRuns: 50, seed: SEED, endOnFailure: true, includeErrorInReport: true },
  );
  const grown = heapMb() - before;
  assert.ok(grown < 400, `heap grew by ${Math.round(grown)} MB over 50 articles`);
});

test(
  `fuzz annotate: a text at the import limit (${MAX_TEXT_CHARS} characters of real articles) annotates in bounded time`,
  { skip: noData, timeout: 600_000 },
  () => {
    const corpus = realTexts();
    let text = '';
    for (let i = 0; text.length < MAX_TEXT_CHARS; i++) text += corpus[i % corpus.length].text + '\n\n';
    text = text.slice(0, MAX_TEXT_CHARS);
    const t0 = cpuMs();
    const a = annotate({ id: ID, text, published: '2019-10-06' });
    const took = cpuMs() - t0;
    checkContract(a, text);
    assert.ok(a.quotes.length > 100 && a.entities.length > 1000, `a text of real news yields quotes (${a.quotes.length}) and entities (${a.entities.length})`);
    assert.ok(took < LIMIT_MS, `annotating ${MAX_TEXT_CHARS} characters took ${Math.round(took)} ms of CPU (bound ${LIMIT_MS} ms)`);
  },
);

const NAMES = fc.constantFrom(
  'John Smith',
  'Smith',
  'Ms. Jones',
  'Angela Merkel',
  'the minister',
  'the company',
  'Reuters',
  'Acme Corp',
  'Paris',
  'He',
  'She',
  'They',
  'Dr. Lee',
  'Prime Minister Nicola Sturgeon',
);
const VERBS = fc.constantFrom('said', 'told reporters', 'warned', 'denied', 'added', 'says', 'according to', 'claimed', 'urged', 'labeled it as');
const piece = fc.oneof(
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), NAMES, VERBS).map(([q, n, v]) => `\u201c${q},\u201d ${n} ${v}.`),
  fc.tuple(NAMES, VERBS, fc.string({ unit: 'grapheme', maxLength: 40 })).map(([n, v, q]) => `${n} ${v} "${q}`),
  fc.tuple(NAMES, VERBS, fc.string({ maxLength: 30 })).map(([n, v, c]) => `${n} ${v} that ${c}.`),
  fc.constantFrom('On Monday, ', 'last week ', 'in 2019 ', 'three days later ', 'since March 3 ', 'every Tuesday '),
  ODD,
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const generated = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(' '));

test('fuzz annotate: generated quotes, names and dates keep offsets inside the text', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(generated, PUBLISHED, (text, published) =>
      property(text, published, () => `${JSON.stringify(text).slice(0, 400)} published ${JSON.stringify(published)}`),
    ),
    { numRuns: 200, seed: SEED, includeErrorInReport: true },
  );
});

test('fuzz annotate: arbitrary strings (binary, lone surrogates) give an annotation that keeps the contract', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), PUBLISHED, (text, published) => property(text, published, () => JSON.stringify(text))),
    { numRuns: 200, seed: SEED, includeErrorInReport: true },
  );
});

test('annotate: words that name Object.prototype members (a "constructor", "toString") are plain words', () => {
  // "The constructor said" threw "w.toUpperCase is not a function": the tagger's spelling table was an object.
  for (const w of Object.getOwnPropertyNames(Object.prototype)) {
    for (const text of [`The ${w} works.`, `\u201cIt is fine,\u201d ${w} said.`, `${w} said every ${w} morning.`, `Constructor ${w} warned that it ${w}s.`]) {
      const a = annotate({ id: ID, text, published: '2019-10-06' });
      checkContract(a, text);
      for (const q of a.quotes) assert.ok(q.stance === undefined || typeof q.stance === 'string', `stance of ${JSON.stringify(text)}`);
    }
  }
});

test('annotate: a document without string id or text is an nlp.bad_document error naming it', () => {
  for (const doc of [{ id: 'x', text: 3 }, { id: 7, text: 'a' }, { text: 'a' }, { id: 'y', text: null }]) {
    assert.throws(
      () => annotate(doc as never),
      (err: unknown) => err instanceof StorylineError && err.stage === 'nlp' && err.code === 'bad_document',
    );
  }
});
