// First start: an empty database gets the bundled demo corpus, imported in the background in small
// batches so the server answers (and the front page fills up) while the import runs. The corpus is
// recorded as a source; its last_success stays empty until the import completes, so an import cut
// short by a restart resumes (ids are stable, so articles already stored are skipped).
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import { errorMessage } from '../errors.ts';
import { ingestorFor, type IngestResult } from './ingest.ts';
import type { Stages } from './stages.ts';
import { DEMO_CORPUS_PATH, DEMO_SOURCE_NAME, loadDemoCorpus } from './corpus.ts';

export const DEMO_SOURCE_URL = 'corpus:wikinews';

export interface BootstrapOptions {
  corpusPath?: string;
  stages?: Stages;
  /** Articles in the first batch: small, so the first stories show within seconds. */
  firstBatch?: number;
  batchSize?: number;
  /** Live progress, updated as batches finish (the server shows it as a banner). */
  progress?: ImportProgress;
}

export interface ImportProgress {
  importing: boolean;
  imported: number;
  total: number;
}

export interface BootstrapSummary {
  added: number;
  duplicates: number;
  errors: number;
  stories: number;
  ms: number;
}

export interface BootstrapHandle {
  /** False when the database already had articles (nothing to do). */
  started: boolean;
  /** Settles when the background import ends; never rejects (failures are logged). */
  done: Promise<BootstrapSummary | null>;
}

export async function bootstrapIfEmpty(store: Store, log: Logger, opts: BootstrapOptions = {}): Promise<BootstrapHandle> {
  const sources = await store.listSources();
  const corpusSource = sources.find((s) => s.url === DEMO_SOURCE_URL);
  const interrupted = corpusSource !== undefined && corpusSource.lastSuccess === null;
  if (!interrupted && (await store.countArticles()) > 0) return { started: false, done: Promise.resolve(null) };
  const path = opts.corpusPath ?? DEMO_CORPUS_PATH;
  // Set before the first await so a page served right after start already shows the banner.
  if (opts.progress) opts.progress.importing = true;
  const done = runImport(store, log, path, opts).catch((err) => {
    if (opts.progress) opts.progress.importing = false;
    log.error({ err: errorMessage(err), corpus: path }, 'demo corpus import failed');
    return null;
  });
  return { started: true, done };
}

async function runImport(store: Store, log: Logger, path: string, opts: BootstrapOptions): Promise<BootstrapSummary> {
  const started = Date.now();
  const src = await store.upsertSource({ url: DEMO_SOURCE_URL, kind: 'corpus', title: DEMO_SOURCE_NAME });
  const inputs = loadDemoCorpus(path).map((a) => ({ ...a, sourceId: src.id }));
  const progress = opts.progress ?? { importing: false, imported: 0, total: 0 };
  Object.assign(progress, { importing: true, imported: 0, total: inputs.length });
  const ingestor = ingestorFor(store, opts.stages);
  const first = opts.firstBatch ?? 24;
  const size = opts.batchSize ?? 48;
  log.info({ corpus: path, articles: inputs.length }, 'database is empty: importing the demo corpus in the background');
  const total: BootstrapSummary = { added: 0, duplicates: 0, errors: 0, stories: 0, ms: 0 };
  for (let i = 0; i < inputs.length;) {
    const n = i === 0 ? first : size;
    const r: IngestResult = await ingestor.ingest(inputs.slice(i, i + n), { log });
    i += n;
    progress.imported = Math.min(i, inputs.length);
    total.added += r.added;
    total.duplicates += r.duplicates;
    total.errors += r.errors.length;
    total.stories = await store.countStories();
    log.info(
      { added: r.added, briefs: r.briefsBuilt, errors: r.errors.length },
      `imported ${Math.min(i, inputs.length)}/${inputs.length} articles, ${total.stories} stories`,
    );
  }
  // The demo import is a few thousand articles at most: one state save at its end, not one per batch.
  await ingestor.flush().catch((err) => log.warn({ err: errorMessage(err) }, 'cluster state not saved after the demo import'));
  total.ms = Date.now() - started;
  progress.importing = false;
  await store.updateSourceHealth(src.id, {
    lastSuccess: new Date().toISOString(),
    lastError: total.errors ? `${total.errors} articles could not be imported` : null,
  });
  log.info({ ...total }, 'demo corpus import finished');
  return total;
}
