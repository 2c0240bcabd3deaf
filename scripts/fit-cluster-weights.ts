// Fits the story clusterer's two models on ECB+ and writes src/cluster/weights.json: `nlp`, for documents
// carrying the nlp tagger's entities (what the ingest pipeline gives the clusterer; typed names are features
// there), and `raw`, for plain text without entities (`storyline cluster` over a JSONL file, where a cheap
// proper-noun pass stands in for the tagger). Each model is fitted on documents prepared the way it will see them.
//
//   node --import tsx scripts/fit-cluster-weights.ts            (reads ../shared/data/ecbplus)
//
// Split by topic: the fit only sees the ECB+ train topics; the usual dev topics (2 5 12 18 21 23 34 35)
// are held out and bench/cluster.ts reports on them (bench/cluster-cv.ts refits per fold over all topics).
// How a model is fitted (teacher-forced candidate pairs, logistic regression, thresholds by 2-fold
// cross-validation): eval/cluster/fit.ts. An optional argument writes the weights elsewhere (to compare
// before replacing the shipped file).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataset } from '../bench/common.ts';
import { ECB_HELDOUT_TOPICS, loadEcbPlus, withEntities } from '../eval/cluster/eval.ts';
import { FEATURES } from '../src/cluster/stream.ts';
import { fitModel } from '../eval/cluster/fit.ts';

const dir = dataset('ecbplus');
if (!dir) {
  console.error('fit-cluster-weights: ../shared/data/ecbplus not found');
  process.exit(2);
}
const all = loadEcbPlus(join(dir, 'documents.jsonl.gz'));
const rawTrain = all.filter((d) => !ECB_HELDOUT_TOPICS.has(d.group));
console.log(`train: ${rawTrain.length} docs in ${new Set(rawTrain.map((d) => d.group)).size} topics`);

// ECB+ has no dates, so the join threshold for dated streams cannot be fitted here. It was first picked by a
// grid (0.002-0.1) on DUC 2006 (best pairwise F1 with pairwise P >= 0.95: 0.02), then raised to 0.1 after the
// Wikinews demo corpus chained unrelated running stories at 0.02. On 2026-11-29 it was re-picked with the
// current models by a grid on the Wikinews silver groups alone (best pairwise F1 with P >= 0.8, one step clear
// of the chaining cliff just below 0.05): 0.07. DUC is reported, not tuned on.
const DATED_THRESHOLD = 0.07;

const raw = fitModel('raw', rawTrain, DATED_THRESHOLD);
const t0 = performance.now();
const nlpTrain = withEntities(rawTrain);
console.log(`tagged ${nlpTrain.length} train docs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const nlp = fitModel('nlp', nlpTrain, DATED_THRESHOLD);
const out = {
  note: 'Fitted by scripts/fit-cluster-weights.ts on the ECB+ train topics (dev topics held out): "nlp" on documents carrying the nlp tagger\'s entities (the ingest pipeline), "raw" on plain text (storyline cluster). Join and singleton-absorb thresholds, then the stricter join threshold for young stories (youngThreshold for stories of at most youngSize documents, undated streams only), by 2-fold cross-validation over the train topics; mergeThreshold above 1 = stories never merge. gapDays is not fitted (ECB+ has no dates): fixed prior. datedThreshold (dated doc vs dated story) is hand-set, not refitted: first 0.1 (on DUC 2006 the best pairwise F1 with P >= 0.95 was 0.02, but at 0.02 the Wikinews demo corpus chained unrelated running stories, silver pairwise P 0.49); on 2026-11-29 lowered to 0.07 by a grid on the Wikinews silver groups alone with the current model (nlp: P 0.820, F1 0.623 vs 0.797 / 0.560 at 0.1; raw: 0.815 / 0.629 vs 0.857 / 0.586), one step clear of the chaining cliff below 0.05 (silver P falls to 0.43 at 0.045). The Wikinews silver figure is therefore not blind; DUC figures were printed beside the grid but not used for the choice (they moved the same way).',
  features: [...FEATURES],
  nlp,
  raw,
};
const outPath = process.argv[2] ?? join(import.meta.dirname, '..', 'src', 'cluster', 'weights.json');
writeFileSync(outPath, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${outPath}`, JSON.stringify(out, null, 1));
