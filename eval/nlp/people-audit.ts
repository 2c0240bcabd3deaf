// Audit of what the entity tagger files under People, on text that is not CoNLL:
//   node --import tsx eval/nlp/people-audit.ts [--out FILE] [--gva]
// 1. The demo corpus (corpus/wikinews, 477 articles): every distinct PERSON canonical name per article (what a
//    brief lists under People), written to --out as JSON for the hand-checked sample, and scored against the
//    hand labels in eval/nlp/testdata/people-sample.tsv (names only: our own judgement, no article text).
// 2. With --gva, the GVA stream (../shared/data/gva-stream, evaluation only, never copied): street names
//    ("<Capitalised words> Avenue|Street|Road|…") found by a pattern independent of the tagger, and how many of
//    them the tagger calls a PERSON (this is what broke the clusterer's person-clash feature).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dataset } from '../data.ts';
import { recognizeEntities } from '../../src/nlp/entities.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, gva: { type: 'boolean', default: false } } });

interface Doc {
  id: string;
  title?: string;
  text: string;
}
const readJsonl = (buf: Buffer) => buf.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Doc);

const corpus = readJsonl(readFileSync(join(import.meta.dirname, '..', '..', 'corpus', 'wikinews', 'articles.jsonl')));
const t0 = Date.now();
const people: Record<string, string[]> = {};
for (const d of corpus) {
  const names = new Set(recognizeEntities(d.text, d.title ? { title: d.title } : {}).filter((m) => m.type === 'PERSON').map((m) => m.canonical));
  people[d.id] = [...names].sort();
}
const pairs = Object.values(people).flat();
console.log(`demo corpus: ${corpus.length} articles, ${pairs.length} (article, person) pairs, ${new Set(pairs).size} distinct names, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (values.out) writeFileSync(values.out, JSON.stringify(people, null, 1));

// Hand labels: "name<TAB>P" for a person, "name<TAB>N<TAB>what it is" for anything else.
const labels = new Map<string, boolean>();
for (const line of readFileSync(join(import.meta.dirname, 'testdata', 'people-sample.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [name, label] = line.split('\t');
  labels.set(name, label === 'P');
}
const sampleIds = new Set(readFileSync(join(import.meta.dirname, 'testdata', 'people-sample-articles.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
let listed = 0;
let non = 0;
const unlabelled = new Set<string>();
const nonPersons: string[] = [];
for (const id of sampleIds) {
  for (const n of people[id] ?? []) {
    listed++;
    const l = labels.get(`${id}|${n}`) ?? labels.get(n);
    if (l === undefined) unlabelled.add(n);
    else if (!l) {
      non++;
      nonPersons.push(n);
    }
  }
}
console.log(`sample: ${sampleIds.size} articles, ${listed} names under People, ${non} not persons${unlabelled.size ? `, ${unlabelled.size} unlabelled: ${[...unlabelled].join(' | ')}` : ''}`);
console.log(`  not persons: ${nonPersons.join(' | ')}`);

if (values.gva) {
  const dir = dataset('gva-stream');
  if (!dir) console.log('gva-stream not found: skipped');
  else {
    const docs = readJsonl(gunzipSync(readFileSync(join(dir, 'stream.jsonl.gz'))));
    // Suffixes that name a street and hardly anything else ("Court", "Place", "Way" and "St." are left out:
    // "District Court", "St. Louis").
    const STREET = /\b(?:\p{Lu}[\p{L}'.-]*\s+){1,3}(?:Avenue|Ave\.?|Street|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Lane|Parkway|Pkwy\.?|Highway|Hwy\.?|Terrace|Circle)\b/gu;
    let streets = 0;
    let asPerson = 0;
    let asPlace = 0;
    const examples = new Map<string, number>();
    const t1 = Date.now();
    for (const d of docs) {
      const ms = recognizeEntities(d.text);
      for (const m of d.text.matchAll(STREET)) {
        const a = m.index;
        const b = a + m[0].length;
        streets++;
        // The street counts as a PERSON when a PERSON mention covers its suffix word (the part that makes it a street).
        const suffixAt = b - m[0].split(/\s+/).pop()!.length;
        const hit = ms.find((e) => e.start < b && e.end > suffixAt);
        if (hit?.type === 'PERSON') {
          asPerson++;
          examples.set(hit.text, (examples.get(hit.text) ?? 0) + 1);
        } else if (hit?.type === 'PLACE') asPlace++;
        else if (!hit && ms.some((e) => e.type === 'PERSON' && e.start >= a && e.end <= suffixAt)) {
          // "Cerise" of "Cerise Avenue" tagged alone as a person: still a street read as a name.
          asPerson++;
          const e = ms.find((x) => x.type === 'PERSON' && x.start >= a && x.end <= suffixAt)!;
          examples.set(e.text + ' (of ' + m[0] + ')', (examples.get(e.text + ' (of ' + m[0] + ')') ?? 0) + 1);
        }
      }
    }
    const top = [...examples].sort((x, y) => y[1] - x[1]).slice(0, 15).map(([k, n]) => `${k} ×${n}`);
    console.log(`gva: ${docs.length} articles, ${streets} street names, ${asPerson} tagged PERSON, ${asPlace} PLACE, ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    console.log(`  PERSON e.g.: ${top.join(' | ')}`);
  }
}
