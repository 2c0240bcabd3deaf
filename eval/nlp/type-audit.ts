// Hand-checked audit of what the entity tagger files under People and Organisations on the demo corpus
// (text that is not CoNLL: 2004–2024 Wikinews). Shared by the nlp bench and eval/nlp/people-audit.ts.
//
// Sample: the articles listed in testdata/people-sample-articles.txt (every 8th line of
// corpus/wikinews/articles.jsonl, from the first: 60 articles, chosen by position, not by what they name).
// Labels: testdata/people-sample.tsv (PERSON) and testdata/org-sample.tsv (ORG), one distinct canonical name
// per line, "name<TAB>P" (it is what it is listed as) or "name<TAB>N<TAB>what it is"; "article id|name" labels
// one article's use of a name. Names only, our own judgement, no article text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityMention, EntityType } from '../../src/types.ts';

export interface DemoDoc {
  id: string;
  title?: string;
  text: string;
}

const TESTDATA = join(import.meta.dirname, 'testdata');
const ROOT = join(import.meta.dirname, '..', '..');

export function readDemoCorpus(): DemoDoc[] {
  const raw = readFileSync(join(ROOT, 'corpus', 'wikinews', 'articles.jsonl'), 'utf8');
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DemoDoc);
}

export function sampleIds(): string[] {
  return readFileSync(join(TESTDATA, 'people-sample-articles.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Hand labels of one file: key (name, or "article id|name") → whether it is of the type it is listed under. */
export function readLabels(file: string): Map<string, { ok: boolean; what: string }> {
  const labels = new Map<string, { ok: boolean; what: string }>();
  for (const line of readFileSync(join(TESTDATA, file), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [name, label, what = ''] = line.split('\t');
    if (label !== 'P' && label !== 'N') throw new Error(`${file}: label of "${name}" must be P or N, got "${label}"`);
    labels.set(name, { ok: label === 'P', what });
  }
  return labels;
}

export interface TypeAudit {
  type: EntityType;
  articles: number;
  /** Distinct (article, canonical name) pairs listed under the type. */
  listed: number;
  labelled: number;
  wrong: string[];
  unlabelled: string[];
  /** Right among the labelled. */
  precision: number;
}

/** Distinct canonical names per article and type, as an entity list on a story page shows them. */
export function namesByArticle(
  docs: DemoDoc[],
  recognize: (text: string, title?: string) => EntityMention[],
  types: EntityType[],
): Map<string, Map<EntityType, string[]>> {
  const out = new Map<string, Map<EntityType, string[]>>();
  for (const d of docs) {
    const ms = recognize(d.text, d.title);
    out.set(d.id, new Map(types.map((t) => [t, [...new Set(ms.filter((m) => m.type === t).map((m) => m.canonical))].sort()])));
  }
  return out;
}

export function auditType(names: Map<string, Map<EntityType, string[]>>, type: EntityType, labels: Map<string, { ok: boolean }>): TypeAudit {
  const ids = sampleIds();
  let listed = 0;
  let labelled = 0;
  const wrong: string[] = [];
  const unlabelled: string[] = [];
  for (const id of ids) {
    for (const n of names.get(id)?.get(type) ?? []) {
      listed++;
      const l = labels.get(`${id}|${n}`) ?? labels.get(n);
      if (!l) unlabelled.push(`${id}|${n}`);
      else {
        labelled++;
        if (!l.ok) wrong.push(n);
      }
    }
  }
  return { type, articles: ids.length, listed, labelled, wrong, unlabelled, precision: labelled ? (labelled - wrong.length) / labelled : 0 };
}
