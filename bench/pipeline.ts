// Documents/s through the live path's CPU stages, annotate (sentences, entities, quotes) then cluster
// with those entities, over the Wikinews demo corpus and ECB+; beside clustering alone (the clusterer's
// own fast proper-noun fallback, no annotate) on the same documents in the same run, so the ratio shows
// what the full nlp pass costs. Peak RSS of the process is reported too.
import { join } from 'node:path';
import { dataset, skip, type BenchResult } from './common.ts';
import { loadEcbPlus, loadWikinews } from '../eval/cluster/eval.ts';
import { StoryClusterer } from '../src/cluster/stream.ts';
import { annotate } from '../src/nlp/annotate.ts';
import type { ClusterDoc } from '../src/types.ts';

function loadDocs(): ClusterDoc[] {
  const docs: ClusterDoc[] = [];
  const wn = dataset('wikinews');
  if (wn) docs.push(...loadWikinews(wn).articles.map(({ id, title, text, published }) => ({ id, title, text, published })));
  const ecb = dataset('ecbplus');
  if (ecb) docs.push(...loadEcbPlus(join(ecb, 'documents.jsonl.gz')).map(({ id, title, text }) => ({ id, title, text, published: null })));
  return docs;
}

function docsPerSecond(docs: ClusterDoc[], withAnnotate: boolean): number {
  const c = new StoryClusterer();
  const t0 = performance.now();
  for (const d of docs) {
    if (withAnnotate) {
      const ann = annotate({ id: d.id, text: d.text, title: d.title });
      c.add({ ...d, entities: ann.entities });
    } else {
      c.add(d);
    }
  }
  return docs.length / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<BenchResult[]> {
  const docs = loadDocs();
  if (docs.length === 0) return [skip('pipeline', 'wikinews/ecbplus')];
  // Warm-up: loads the NER model and JIT-compiles both paths before timing.
  annotate({ id: 'warm', text: docs[0].text, title: docs[0].title });
  docsPerSecond(docs.slice(0, 20), false);
  const baseline = docsPerSecond(docs, false);
  const project = docsPerSecond(docs, true);
  const name = `wikinews + ecbplus (${docs.length} docs)`;
  return [
    { stage: 'pipeline', metric: 'docs/s annotate+cluster', project, baseline, baselineName: 'cluster alone (no annotate)', dataset: name },
    {
      stage: 'pipeline',
      metric: 'peak RSS MiB (process so far)',
      project: process.resourceUsage().maxRSS / 1024,
      baseline: null,
      baselineName: '-',
      dataset: name,
    },
  ];
}
