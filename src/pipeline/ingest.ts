// The ingest pipeline: store → fold copies → annotate → cluster → brief, one article at a time, with
// the batch carrying on past a bad article. One Ingestor per store holds the live clusterer and
// serialises batches, so two callers (the first-start import and a feed poll, say) never run two
// diverging clusterers over the same database.
import type { Annotation, Brief, BriefArticle, ClusterDoc, StoredBrief } from '../types.ts';
import type { Logger } from 'pino';
import type { NewArticle, Store } from '../store/store.ts';
import { deriveArticleId } from '../store/ids.ts';
import { StorylineError, errorMessage } from '../errors.ts';
import { defaultStages, type Clusterer, type Stages } from './stages.ts';
import { buildBrief } from '../brief/build.ts';
import { scanWatchlists } from './watch/scan.ts';

export interface IngestInput extends NewArticle {
  /** How errors name this input ("feeds.jsonl:12"); defaults to the id, URL or title. */
  label?: string;
}

export interface IngestOptions {
  stages?: Stages;
  log?: Logger;
  /** Rebuild the briefs of the stories this batch touched (default true). */
  briefs?: boolean;
  /** Called after each article with the count done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface IngestError {
  input: string;
  error: string;
  code: string | null;
  /**
   * `input`: the input itself was refused (malformed, over a limit) and will be refused again; `store`:
   * it could not be stored (or its brief written) for a reason of the database's, so it is missing and a
   * rerun may store it; `state`: the clusterer state was not saved (not a loss: what came after the last
   * save is replayed on the next start; likewise the watchlist match scan, which the next batch resumes).
   */
  kind: 'input' | 'store' | 'state';
}

export interface IngestResult {
  added: number;
  /** Inputs whose id was already stored (nothing changed). */
  duplicates: number;
  /** Added articles folded into an earlier article's copy group. */
  copies: number;
  errors: IngestError[];
  /** Live ids of the stories that gained articles or merged in this batch. */
  storiesTouched: string[];
  briefsBuilt: number;
  /** Watchlist matches the scan after this batch recorded (pipeline/watch/scan.ts). */
  watchMatches: number;
}

/** Newest articles a brief is written from; bounds the cost of rebuilding a very long-running story. */
export const BRIEF_MAX_ARTICLES = 80;

/**
 * Longest title accepted, in characters. Headlines run to about 300 (the demo corpus's longest is 167);
 * a longer one is a body pasted into the wrong field, and titles are shown whole on every list and page.
 */
export const MAX_TITLE_CHARS = 2_000;
/**
 * Longest article text accepted, in characters: three times the longest article of the demo corpus
 * (103k; long-form features run 50-100k). Annotation is the cost that grows with it, faster than linearly
 * (0.7 s at 100k characters, 16.5 s at 1M, measured on Wikinews text), and it runs before the article can
 * be stored: a text of 200 MB would hold one import (or a feed poll) for hours.
 */
export const MAX_TEXT_CHARS = 300_000;
/**
 * Most entities one article may carry. Each is looked up and resolved against the stored names inside
 * the commit, which holds the writer lock; news text gives about 1,300 per 100k characters, so any text
 * within MAX_TEXT_CHARS stays under it, and more is a list of names rather than an article.
 */
export const MAX_ENTITIES_PER_ARTICLE = 5_000;
/** Most quotes one article may carry: news text gives about 320 per 100k characters; rows per commit stay bounded. */
export const MAX_QUOTES_PER_ARTICLE = 2_000;

/** Error codes of inputs refused for what they are: the same input would be refused again. */
const INPUT_ERROR_CODES = new Set(['bad_article', 'empty_text', 'too_long', 'too_many_entities', 'too_many_quotes']);

/**
 * Whether `err` refuses the input itself, so that trying it again would fail the same way: one of the
 * input codes above, or an error of a processing stage (extract, nlp, cluster, brief) rather than of the
 * store. Job queues use it to put such a job in the dead state at once instead of retrying it.
 */
export function isRefusedInput(err: unknown): boolean {
  return err instanceof StorylineError && (INPUT_ERROR_CODES.has(err.code) || err.stage !== 'store');
}

export function labelOf(a: IngestInput, index: number): string {
  if (a && typeof a === 'object') {
    if (a.label) return a.label;
    if (typeof a.id === 'string' && a.id) return a.id;
    if (typeof a.url === 'string' && a.url) return a.url;
    if (typeof a.title === 'string' && a.title.trim()) return `"${a.title.trim().slice(0, 60)}"`;
  }
  return `article #${index + 1}`;
}

/** Dates the clusterer and the ranking can compare; an unreadable date is dropped, not fatal. */
export function normaliseDate(d: string | null | undefined): string | null {
  if (typeof d !== 'string' || !d.trim()) return null;
  const s = d.trim();
  // Date.parse rolls "2024-02-30" over to March; a day that does not exist is no date at all.
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const t = Date.parse(s);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s ? s : null;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The article as ingest stores it (trimmed title, normalised date, derived id), or the input error. */
export function validateInput(a: IngestInput, label: string): NewArticle {
  if (!a || typeof a !== 'object') throw new StorylineError('store', 'bad_article', 'expected an article object', { input: label });
  if (typeof a.title !== 'string') throw new StorylineError('store', 'bad_article', 'title must be a string', { input: label });
  if (typeof a.text !== 'string') throw new StorylineError('store', 'bad_article', 'text must be a string', { input: label });
  if (!a.text.trim()) throw new StorylineError('store', 'empty_text', 'article has no text', { input: label });
  if (a.title.length > MAX_TITLE_CHARS) {
    throw new StorylineError(
      'store',
      'too_long',
      `title longer than ${MAX_TITLE_CHARS.toLocaleString('en')} characters (${a.title.length.toLocaleString('en')})`,
      { input: label },
    );
  }
  if (a.text.length > MAX_TEXT_CHARS) {
    throw new StorylineError(
      'store',
      'too_long',
      `text longer than ${MAX_TEXT_CHARS.toLocaleString('en')} characters (${a.text.length.toLocaleString('en')})`,
      { input: label },
    );
  }
  for (const f of ['id', 'url', 'canonicalUrl', 'published', 'source', 'lang', 'byline', 'sourceId'] as const) {
    const v = a[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new StorylineError('store', 'bad_article', `${f} must be a string`, { input: label });
    }
  }
  const { label: _l, ...rest } = a;
  const title = rest.title.trim() || rest.text.trim().split('\n')[0].slice(0, 120);
  const article: NewArticle = { ...rest, title, published: normaliseDate(rest.published) };
  article.id = rest.id?.trim() || deriveArticleId(article);
  return article;
}

export function checkAnnotation(annotation: Pick<Annotation, 'entities' | 'quotes'>, label: string): void {
  if (annotation.entities.length > MAX_ENTITIES_PER_ARTICLE) {
    throw new StorylineError(
      'store',
      'too_many_entities',
      `${annotation.entities.length.toLocaleString('en')} entities, more than the ${MAX_ENTITIES_PER_ARTICLE.toLocaleString('en')} an article may carry`,
      { input: label },
    );
  }
  if (annotation.quotes.length > MAX_QUOTES_PER_ARTICLE) {
    throw new StorylineError(
      'store',
      'too_many_quotes',
      `${annotation.quotes.length.toLocaleString('en')} quotes, more than the ${MAX_QUOTES_PER_ARTICLE.toLocaleString('en')} an article may carry`,
      { input: label },
    );
  }
}

/** Saved states before the watermark existed were written after every batch: taken as up to date. */
const LEGACY_STATE_FORMAT = 'storyline-ingest-1';
const STATE_FORMAT = 'storyline-ingest-2';
interface SavedState {
  format: typeof STATE_FORMAT;
  clusterer: unknown;
  renamed: [string, string][];
  /** Store sequence of the newest article the saved clusterer has seen; later ones are replayed on load. */
  watermark: number;
}

export interface IngestorOptions {
  /** Save the clusterer state once this many articles were stored since the last save (default 2,000). */
  saveEveryArticles?: number;
  /** …or once the oldest unsaved article is this old, checked at the end of a batch (default 60 s). */
  saveEveryMs?: number;
  /**
   * What a save may cost per article it covers, in ms (default 0.125). The state grows with the stories
   * and words seen, and a save with it (about 0.25 s at 10k stored articles, over a second at 100k); once
   * one save took longer than saveEveryArticles × this, the count rule waits for (save ms / this) articles,
   * so saving keeps the same share of ingest time as the store grows.
   */
  saveBudgetMsPerArticle?: number;
  log?: Logger;
  /** Clock for the time rule (tests). */
  now?: () => number;
  /** Clock that times saves, in ms (tests; default performance.now): a save's cost, never the time rule's clock. */
  costClock?: () => number;
}

export const SAVE_EVERY_ARTICLES = 2_000;
export const SAVE_EVERY_MS = 60_000;
export const SAVE_BUDGET_MS_PER_ARTICLE = 0.125;
const REPLAY_PAGE = 500;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Articles prepared (validated, fingerprinted, annotated) ahead of the ordered step, per pool thread: two
 * keep every thread busy while the main thread commits, and the window stays small in memory.
 */
const LOOKAHEAD_PER_THREAD = 2;

/** An input made ready for the ordered step, or why it cannot be. */
type Prepared =
  | { label: string; error: unknown }
  | { label: string; duplicate: true }
  | { label: string; duplicate: false; article: NewArticle; fp: ReturnType<Stages['fingerprint']>; annotation: Annotation };

function clusterDoc(
  id: string,
  a: { title: string; text: string; published?: string | null; lang?: string | null },
  entities: ClusterDoc['entities'],
): ClusterDoc {
  return { id, title: a.title, text: a.text, published: a.published ?? null, lang: a.lang ?? null, entities };
}

export class Ingestor {
  private readonly store: Store;
  private readonly stages: Stages;
  private readonly saveEvery: number;
  private readonly saveAfterMs: number;
  private readonly saveBudget: number;
  /** Wall time the last state save took (export + store), ms. */
  private lastSaveMs = 0;
  private readonly now: () => number;
  private readonly costClock: () => number;
  private readonly log: Logger | undefined;
  private clusterer: Clusterer | null = null;
  private mergesApplied = 0;
  /**
   * Store ids for clusterer story ids that are not the store's: a story id that was already taken in the
   * store when the clusterer handed it out (its state was older than the database, as after a lost state),
   * or a replayed article whose new story came out under another id than the one stored.
   */
  private renamed = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The state is saved every few thousand articles, not per batch: at 100k stored articles one save costs
   * most of a second. Crash safety comes from the watermark instead: whatever was stored after the saved
   * state is replayed into the clusterer on load.
   */
  private unsaved = 0;
  private unsavedSince: number | null = null;
  /** Stories replay went through; their briefs may not have been rebuilt before the crash. */
  private replayTouched = new Set<string>();
  /**
   * Store sequence up to which the clusterer has seen every stored article: its own, those replayed on
   * load and those other writers stored, caught up under the writer lock before each article. A saved
   * state's watermark, so a state saved by any writer covers exactly what its clusterer saw.
   */
  private seenSeq = 0;

  constructor(store: Store, stages: Stages = defaultStages(), opts: IngestorOptions = {}) {
    this.store = store;
    this.stages = stages;
    this.saveEvery = opts.saveEveryArticles ?? SAVE_EVERY_ARTICLES;
    this.saveAfterMs = opts.saveEveryMs ?? SAVE_EVERY_MS;
    this.saveBudget = opts.saveBudgetMsPerArticle ?? SAVE_BUDGET_MS_PER_ARTICLE;
    this.now = opts.now ?? Date.now;
    this.costClock = opts.costClock ?? (() => performance.now());
    this.log = opts.log;
  }

  /** Runs batches one after another, whoever calls. */
  ingest(inputs: IngestInput[], opts: IngestOptions = {}): Promise<IngestResult> {
    return this.enqueue(() => this.run(inputs, opts));
  }

  /** Stored articles after which the count rule saves the state next (saveEveryArticles, stretched as saves grow). */
  get saveInterval(): number {
    return Math.max(this.saveEvery, Math.ceil(this.lastSaveMs / this.saveBudget));
  }

  /** Saves the clusterer state if anything is unsaved; call before closing the store. */
  flush(): Promise<void> {
    return this.enqueue(async () => {
      if (this.clusterer && this.unsaved > 0) await this.saveState(this.clusterer);
    });
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveState(clusterer: Clusterer): Promise<void> {
    // Not latestArticleSeq(): another process may have stored articles this clusterer has not caught up on.
    const watermark = this.seenSeq;
    // Timed with the cost clock, not the time rule's (which a test may run on a clock of its own): this is
    // a cost, not an age.
    const started = this.costClock();
    const state: SavedState = { format: STATE_FORMAT, clusterer: clusterer.exportState(), renamed: [...this.renamed], watermark };
    await this.store.saveClusterState(state);
    this.lastSaveMs = this.costClock() - started;
    this.unsaved = 0;
    this.unsavedSince = null;
  }

  private noteStored(): void {
    this.unsaved++;
    this.unsavedSince ??= this.now();
  }

  private async loadClusterer(log: Logger | undefined): Promise<Clusterer> {
    if (!this.clusterer) {
      const saved = (await this.store.loadClusterState()) as {
        format?: unknown;
        clusterer?: unknown;
        renamed?: [string, string][];
        watermark?: unknown;
      } | null;
      const known = saved !== null && typeof saved === 'object' && (saved.format === STATE_FORMAT || saved.format === LEGACY_STATE_FORMAT);
      if (saved !== null && !known) {
        // Written by another version of storyline (or not by storyline): not trusted, not fatal. Replaying the
        // stored articles rebuilds the same clusterer and keeps every stored story; the operator should know
        // why this start is slower and what was set aside.
        const format = saved !== null && typeof saved === 'object' ? String(saved.format ?? 'none') : typeof saved;
        log?.warn(
          { format, expected: STATE_FORMAT },
          `saved cluster state has format "${format}", which this version does not read; rebuilding it from the stored articles (their stories are kept)`,
        );
      }
      const clusterer = this.stages.createClusterer(known ? saved.clusterer : null);
      this.renamed = new Map(known && Array.isArray(saved.renamed) ? saved.renamed : []);
      // Merges already in the saved state were applied before it was saved.
      this.mergesApplied = clusterer.merges().length;
      // No state at all: the whole store is replayed, so a first crash before the first save loses nothing.
      let from = 0;
      if (known) from = saved.format === STATE_FORMAT && typeof saved.watermark === 'number' ? saved.watermark : await this.store.latestArticleSeq();
      // Under the writer lock so no article is committed half-way through it by another writer.
      await this.store.withWriterLock(() => this.replay(clusterer, from, log, 'resume'));
      this.clusterer = clusterer;
    }
    return this.clusterer;
  }

  /**
   * Feeds the clusterer what was stored after its saved state, in store order, as ingest fed it. The
   * clusterer is deterministic, so it reproduces the stored assignments; where one differs the stored story
   * is kept (a new clusterer story is mapped onto it through `renamed`).
   */
  private async replay(clusterer: Clusterer, from: number, log: Logger | undefined, why: 'resume' | 'catch-up'): Promise<void> {
    const started = this.now();
    let seq = from;
    let replayed = 0;
    let differed = 0;
    for (;;) {
      const page = await this.store.articlesSince(seq, REPLAY_PAGE);
      if (page.length === 0) break;
      for (const r of page) {
        seq = r.seq;
        // Stored outside ingest: never clustered.
        if (!r.storyId) continue;
        const id = r.article.id;
        // A copy joined its original's story without being clustered (see run()).
        if (r.canonicalId && r.canonicalId !== id && (await this.store.storyOf(r.canonicalId))) continue;
        const annotation = await this.store.getAnnotation(id);
        if (!annotation) continue;
        const assigned = clusterer.add(clusterDoc(id, r.article, annotation.entities));
        replayed++;
        const stored = (await this.store.resolveStory(r.storyId)) ?? r.storyId;
        const mine = await this.store.resolveStory(this.storeId(assigned.story));
        if (mine !== stored) {
          if (assigned.isNew || mine === null) this.renamed.set(assigned.story, r.storyId);
          else differed++;
        }
        // Another writer's articles: it writes their briefs itself.
        if (why === 'resume') this.replayTouched.add(stored);
        this.noteStored();
        // Re-applying is harmless (a merge already done is a no-op) and covers a crash between an
        // article's commit and its merge.
        await this.applyMerges(clusterer, this.replayTouched, log);
      }
      this.seenSeq = seq;
      await yieldToLoop();
    }
    this.seenSeq = Math.max(this.seenSeq, seq);
    if (replayed > 0 && why === 'resume') {
      log?.info({ replayed, differed, from, to: seq, ms: this.now() - started }, 'cluster state resumed: articles stored after the saved state replayed');
    } else if (replayed > 0) log?.debug({ replayed, from, to: seq }, 'caught up with articles another writer stored');
    if (differed > 0) log?.warn({ differed }, 'replayed articles the clusterer placed in another story than stored; stored stories kept');
  }

  private async run(inputs: IngestInput[], opts: IngestOptions): Promise<IngestResult> {
    const log = opts.log;
    const s = this.stages;
    let clusterer = await this.loadClusterer(log ?? this.log);
    const result: IngestResult = { added: 0, duplicates: 0, copies: 0, errors: [], storiesTouched: [], briefsBuilt: 0, watchMatches: 0 };
    const touched = new Set<string>();
    const fail = (input: string, err: unknown, kind: IngestError['kind']) => {
      result.errors.push({ input, error: errorMessage(err), code: err instanceof StorylineError ? err.code : null, kind });
      log?.warn({ input, err: errorMessage(err) }, 'article skipped');
    };

    // Annotation is most of an article's cost and reads nothing stored: it runs outside the lock, and with
    // a stage pool for up to `ahead` articles at once. Everything after it (copy folding, clustering,
    // commit) still takes the articles strictly in input order, so the stories are those of one thread.
    const ahead = Math.max(1, s.parallelism ?? 1) * LOOKAHEAD_PER_THREAD;
    const prepared: Promise<Prepared>[] = [];
    const prepare = (i: number): Promise<Prepared> => {
      const label = labelOf(inputs[i], i);
      return (async (): Promise<Prepared> => {
        const article = validateInput(inputs[i], label);
        const id = article.id!;
        if (await this.store.getArticle(id)) return { label, duplicate: true };
        const fp = s.fingerprint(article.text, article.title);
        const annotation = await s.annotate({ id, title: article.title, text: article.text, published: article.published });
        checkAnnotation(annotation, label);
        return { label, duplicate: false, article, fp, annotation };
      })().catch((err: unknown) => ({ label, error: err }));
    };
    for (let i = 0; i < inputs.length; i++) {
      for (let k = prepared.length; k < Math.min(inputs.length, i + ahead); k++) prepared.push(prepare(k));
      const ready = await prepared[i];
      // Released as soon as it is used: a long batch keeps only the look-ahead window in memory.
      delete prepared[i];
      const label = ready.label;
      // Until the article reaches the writer lock, a failure is the input's own.
      let storing = false;
      // Whether the clusterer took this article (or a merge) that the database may not have.
      let clustered = false;
      try {
        if ('error' in ready) throw ready.error;
        if (ready.duplicate) {
          result.duplicates++;
        } else {
          const { article, fp, annotation } = ready;
          const id = article.id!;
          storing = true;
          // Dropped after a failed commit (below): loaded again from the saved state and the database.
          clusterer = await this.loadClusterer(log ?? this.log);
          const outcome = await this.store.withWriterLock(async () => {
            // What other writers stored since this clusterer last looked is fed to it first, so it clusters
            // this article as one writer would, and hands out story ids no one else has.
            await this.replay(clusterer, this.seenSeq, log, 'catch-up');
            // Stored by another writer while this one annotated it.
            if (await this.store.getArticle(id)) return 'duplicate' as const;
            const copy = await s.findCopy(
              {
                exactCopy: (k) => this.store.findExactCopy(k),
                copyCandidates: (b) => this.store.findCopyCandidates(b),
                headlineOf: async (a) => (await this.store.getArticle(a))?.title ?? null,
              },
              fp,
            );
            const canonical = copy?.of ?? null;
            // A copy joins its original's story rather than being clustered on its own: the same text
            // would only reinforce the story's centroid with a duplicate.
            let storyId = canonical ? await this.store.storyOf(canonical) : null;
            if (!storyId) {
              clustered = true;
              const assigned = clusterer.add(clusterDoc(id, article, annotation.entities));
              if (assigned.isNew && !this.renamed.has(assigned.story) && (await this.store.resolveStory(assigned.story)) !== null) {
                this.renamed.set(assigned.story, `${assigned.story}-${Date.now().toString(36)}`);
                log?.warn({ story: assigned.story }, 'clusterer state was behind the database; story id renamed');
              }
              storyId = this.storeId(assigned.story);
            }
            const stored = await this.store.commitArticle({
              article,
              textKey: fp.textKey,
              copy: { canonicalId: canonical ?? id, bands: fp.bands, signature: fp.signature },
              annotation,
              storyId,
            });
            // Nothing else clustered was committed since the catch-up: the lock is held.
            this.seenSeq = await this.store.latestArticleSeq();
            if (stored) {
              this.noteStored();
              result.added++;
              if (canonical) result.copies++;
              touched.add(storyId);
            }
            await this.applyMerges(clusterer, touched, log);
            return stored ? ('added' as const) : ('duplicate' as const);
          });
          if (outcome === 'duplicate') result.duplicates++;
        }
      } catch (err) {
        fail(label, err, storing && !(err instanceof StorylineError && INPUT_ERROR_CODES.has(err.code)) ? 'store' : 'input');
        // The clusterer holds an article (and maybe merges) whose commit failed, or may not have: kept, it
        // would differ from the database for good (the article counted twice when retried, a story id
        // handed out twice). It is dropped and rebuilt from the saved state and what was stored since,
        // before the next article; the catch-up replay then holds exactly what the database has.
        if (clustered) this.clusterer = null;
      }
      opts.onProgress?.(i + 1, inputs.length);
      // Let the server answer requests between articles when ingest shares its process.
      await yieldToLoop();
    }

    const due = this.unsaved >= this.saveInterval || (this.unsavedSince !== null && this.now() - this.unsavedSince >= this.saveAfterMs);
    if (due && this.clusterer) {
      try {
        await this.saveState(this.clusterer);
      } catch (err) {
        fail('cluster state', err, 'state');
      }
    }
    if (opts.briefs !== false && this.replayTouched.size) {
      for (const id of this.replayTouched) touched.add(id);
      this.replayTouched.clear();
    }

    const live = new Set<string>();
    for (const id of touched) {
      const r = await this.store.resolveStory(id);
      if (r) live.add(r);
    }
    result.storiesTouched = [...live];
    if (opts.briefs !== false) {
      // Once per story per batch, however many of its articles the batch brought; as many at once as the
      // stage pool has threads (each story's brief is its own, so the order does not matter).
      const ids = [...live];
      let next = 0;
      const rebuildNext = async () => {
        while (next < ids.length) {
          const storyId = ids[next++];
          try {
            if (await rebuildBrief(this.store, storyId, s)) result.briefsBuilt++;
          } catch (err) {
            // A brief the brief stage cannot write from these articles is theirs; any other failure is the store's.
            fail(`story ${storyId}`, err, err instanceof StorylineError && err.stage === 'brief' ? 'input' : 'store');
          }
          await yieldToLoop();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(ids.length, s.parallelism ?? 1)) }, rebuildNext));
    }
    // After clustering: the articles are filed under their stories, which watchlists can follow.
    if (result.added > 0) {
      try {
        result.watchMatches = (await scanWatchlists(this.store)).matched;
      } catch (err) {
        fail('watchlist matches', err, 'state');
      }
    }
    return result;
  }

  private storeId(clustererId: string): string {
    return this.renamed.get(clustererId) ?? clustererId;
  }

  private async applyMerges(clusterer: Clusterer, touched: Set<string>, log: Logger | undefined): Promise<void> {
    const all = clusterer.merges();
    for (; this.mergesApplied < all.length; this.mergesApplied++) {
      const m = all[this.mergesApplied];
      try {
        const from = this.storeId(m.from);
        const into = this.storeId(m.into);
        await this.store.mergeStories(from, into);
        touched.delete(from);
        touched.add(into);
      } catch (err) {
        // A story whose every article failed to store never reached the database; nothing to move.
        if (err instanceof StorylineError && err.code === 'unknown_story') log?.debug({ merge: m }, 'merge of unstored story ignored');
        else throw err;
      }
    }
  }
}

/** Briefs need the articles' annotations; those missing one (never expected) are left out. */
export async function briefArticles(store: Store, storyId: string, max = BRIEF_MAX_ARTICLES): Promise<BriefArticle[]> {
  const story = await store.getStory(storyId);
  if (!story) throw new StorylineError('store', 'unknown_story', 'no such story', { input: storyId });
  const ids = story.articleIds.slice(-max);
  const out: BriefArticle[] = [];
  for (const a of await store.getArticles(ids)) {
    const annotation = await store.getAnnotation(a.id);
    if (!annotation) continue;
    out.push({ id: a.id, title: a.title, text: a.text, published: a.published, source: a.sourceName, annotation });
  }
  return out;
}

function sameBrief(a: Brief, b: Brief): boolean {
  // A brief with no writer mark predates the writer setting and is extractive.
  const strip = (x: Brief) =>
    JSON.stringify({ h: x.headline, l: x.lead, d: x.developments, t: x.timeline, c: x.coverage, p: x.people, w: x.writer ?? 'extractive' });
  return strip(a) === strip(b);
}

/**
 * Writes a new brief version for the story; false when the brief came out unchanged (no new version).
 * With a writer model configured, `stages.buildBrief` asks it too; the writer falls back to the extractive
 * brief on any failure of its own, so only an extractive failure makes this throw.
 */
export async function rebuildBrief(store: Store, storyId: string, stages: Pick<Stages, 'buildBrief'>): Promise<boolean> {
  const articles = await briefArticles(store, storyId);
  if (articles.length === 0) return false;
  const brief = await stages.buildBrief(articles);
  const last = await store.getBrief(storyId);
  if (last && sameBrief(last, brief)) return false;
  await store.saveBrief(storyId, brief);
  return true;
}

/**
 * The story's brief rebuilt from its articles for a topic statement: not stored, numbered as the latest
 * stored version it stands in for. Null when no article of the story has the annotation a brief needs.
 */
export async function focusedBrief(store: Store, id: string, focus: string): Promise<StoredBrief | null> {
  const articles = await briefArticles(store, id);
  if (!articles.length) return null;
  try {
    const brief = buildBrief(articles, { focus });
    const latest = await store.getBrief(id);
    return { ...brief, storyId: id, version: latest?.version ?? 0, createdAt: new Date().toISOString() };
  } catch (err) {
    if (err instanceof StorylineError && err.stage === 'brief') return null;
    throw err;
  }
}

const ingestors = new WeakMap<Store, Ingestor>();

/** The one Ingestor of a store (created with `stages` on first use). */
export function ingestorFor(store: Store, stages?: Stages): Ingestor {
  let ing = ingestors.get(store);
  if (!ing) {
    ing = new Ingestor(store, stages);
    ingestors.set(store, ing);
  }
  return ing;
}

export function ingestArticles(store: Store, inputs: IngestInput[], opts: IngestOptions = {}): Promise<IngestResult> {
  return ingestorFor(store, opts.stages).ingest(inputs, opts);
}

/** Saves the clusterer state of the store's Ingestor, if one ran; call before closing the store. */
export async function flushIngest(store: Store): Promise<void> {
  await ingestors.get(store)?.flush();
}
