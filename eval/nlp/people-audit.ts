// Audit of what the entity tagger files under People and Organisations, on text that is not CoNLL:
//   node --import tsx eval/nlp/people-audit.ts [--out FILE] [--sample] [--gva]
// 1. The demo corpus (corpus/wikinews, 477 articles): every distinct PERSON and ORG canonical name per article
//    (what a story page lists), written to --out as JSON, scored against the hand labels of the sample
//    (type-audit.ts), and the tagging cost per article (model loaded before the clock starts). --sample tags
//    the sample articles only (quick; no cost figure).
// 2. With --gva, the GVA stream (../shared/data/gva-stream, evaluation only, never copied): street names
//    ("<Capitalised words> Avenue|Street|Road|…") found by a pattern independent of the tagger, and how many of
//    them the tagger calls a PERSON (this is what broke the clusterer's person-clash feature).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dataset } from '../data.ts';
import { recognizeEntities } from '../../src/nlp/entities.ts';
import { auditType, namesByArticle, readDemoCorpus, readLabels, sampleIds } from './type-audit.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, sample: { type: 'boolean', default: false }, gva: { type: 'boolean', default: false } } });

interface Doc {
  id: string;
  title?: string;
  text: string;
}
const readJsonl = (buf: Buffer) =>
  buf
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Doc);

const inSample = new Set(sampleIds());
const corpus = readDemoCorpus().filter((d) => !values.sample || inSample.has(d.id));
recognizeEntities('Warm-up loads the model.');
const t0 = performance.now();
const names = namesByArticle(corpus, (text, title) => recognizeEntities(text, title ? { title } : {}), ['PERSON', 'ORG']);
const ms = (performance.now() - t0) / corpus.length;
const pairs = [...names.values()].flatMap((m) => m.get('PERSON')!);
console.log(
  `demo corpus: ${corpus.length} articles, ${pairs.length} (article, person) pairs, ${new Set(pairs).size} distinct names, ${ms.toFixed(1)} ms/article (recognizeEntities)`,
);
if (values.out) writeFileSync(values.out, JSON.stringify(Object.fromEntries([...names].map(([id, m]) => [id, Object.fromEntries(m)])), null, 1));
for (const [type, file] of [
  ['PERSON', 'people-sample.tsv'],
  ['ORG', 'org-sample.tsv'],
] as const) {
  const a = auditType(names, type, readLabels(file));
  console.log(
    `sample ${type}: ${a.articles} articles, ${a.listed} names listed, ${a.labelled} labelled, ${a.wrong.length} wrong, precision ${a.precision.toFixed(3)}${a.unlabelled.length ? `; ${a.unlabelled.length} unlabelled: ${a.unlabelled.join(' | ')}` : ''}`,
  );
  console.log(`  wrong: ${a.wrong.join(' | ')}`);
}

if (values.gva) {
  const dir = dataset('gva-stream');
  if (!dir) console.log('gva-stream not found: skipped');
  else {
    const docs = readJsonl(gunzipSync(readFileSync(join(dir, 'stream.jsonl.gz'))));
    // Suffixes that name a street and hardly anything else ("Court", "Place", "Way" and "St." are left out:
    // "District Court", "St. Louis").
    const STREET =
      /\b(?:\p{Lu}[\p{L}'.-]*\s+){1,3}(?:Avenue|Ave\.?|Street|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Lane|Parkway|Pkwy\.?|Highway|Hwy\.?|Terrace|Circle)\b/gu;
    let streets = 0;
    let asPerson = 0;
    let asPlace = 0;
    let asOther = 0;
    const examples = new Map<string, number>();
    const t1 = Date.now();
    let persons = 0;
    for (const d of docs) {
      const ms = recognizeEntities(d.text);
      persons += ms.filter((e) => e.type === 'PERSON').length;
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
        else if (hit) asOther++;
        else if (!hit && ms.some((e) => e.type === 'PERSON' && e.start >= a && e.end <= suffixAt)) {
          // "Cerise" of "Cerise Avenue" tagged alone as a person: still a street read as a name.
          asPerson++;
          const e = ms.find((x) => x.type === 'PERSON' && x.start >= a && x.end <= suffixAt)!;
          examples.set(e.text + ' (of ' + m[0] + ')', (examples.get(e.text + ' (of ' + m[0] + ')') ?? 0) + 1);
        }
      }
    }
    const top = [...examples]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 15)
      .map(([k, n]) => `${k} ×${n}`);
    console.log(
      `gva: ${docs.length} articles, ${streets} street names, ${asPerson} tagged PERSON, ${asPlace} PLACE, ${asOther} ORG or MISC, the rest untagged; ${persons} PERSON mentions in all, ${((Date.now() - t1) / 1000).toFixed(1)} s`,
    );
    console.log(`  PERSON e.g.: ${top.join(' | ')}`);
  }
}
