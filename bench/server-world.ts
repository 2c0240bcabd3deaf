// Stored worlds of 1k and 100k articles for `npm run bench -- server`, generated without running the nlp
// pipeline per article (ingesting 100k articles through it would take hours on this machine):
//  1. the template: the bundled Wikinews demo corpus (477 articles) ingested once through the real pipeline
//     (extract-free ingest: annotate, fold copies, cluster, write briefs) into a SQLite file;
//  2. the world: that template replicated round after round, each round's articles under new ids
//     (`<id>~r<round>`), published and fetched dates shifted by ROUND_SHIFT_DAYS per round, in the stories of
//     their template article (`<story>~r<round>`), each written through the store's commit API
//     (`commitArticle`: the article, its copy group, its stored annotation, its story) in batches under the
//     writer lock, then each replicated story's brief saved with its citations pointing at the replicas.
//     Copy keys and LSH bands are per round, so rounds are not copies of each other, while a template's
//     copies stay copies within their round. Articles are spread over SOURCES feeds in FOLDERS folders, so
//     the Google Reader API has subscriptions and tags to list.
// Both the template and each world are cached under the OS tmp dir in a folder keyed by WORLD_VERSION (bump
// it when the generation changes); a cached world opens in well under a second. A schema change needs no
// bump: a cached world written by an older schema is migrated in place the first time it is used.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Brief, BriefSentence, Citation } from '../src/types.ts';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { applyMigrations } from '../src/store/sqlite/migrations.ts';
import type { SourceRecord, Store } from '../src/store/store.ts';
import { loadDemoCorpus } from '../src/pipeline/corpus.ts';
import { ingestArticles } from '../src/pipeline/ingest.ts';
import { exactKey, lshBands, minhashSignature } from '../src/dedup/minhash.ts';
import { createToken } from '../src/server/auth.ts';

/** Bump when the generated store would differ (the generation; schema changes are migrated): old caches are then ignored. */
export const WORLD_VERSION = 1;
/**
 * Days between rounds: the last round keeps the template's dates, each earlier one is a day older, so
 * 100k articles (210 rounds) span seven months of fetching and insertion order follows fetch time.
 */
const ROUND_SHIFT_DAYS = 1;
/** Feeds and their folders the articles are spread over (a reader account of a few dozen subscriptions). */
const SOURCES = 24;
const FOLDERS = 4;
/** Articles committed per writer-lock transaction: one transaction each is ten times slower on a file. */
const BATCH = 2_000;

export const WORLD_DIR = join(tmpdir(), `storyline-bench-server-v${WORLD_VERSION}`);

export interface WorldManifest {
  articles: number;
  storyIds: string[];
  /** The reader account and its token (a throwaway of this cache only). */
  user: string;
  token: string;
  /** Seconds the generation took (when it was made, not when read from the cache). */
  generatedSeconds: number;
}

interface TemplateArticle {
  id: string;
  title: string;
  text: string;
  published: string | null;
  fetched: string;
  storyId: string;
  canonicalId: string;
  annotation: NonNullable<Awaited<ReturnType<Store['getAnnotation']>>>;
  signature: Uint32Array;
  bands: string[];
  textKey: string;
}

async function templatePath(): Promise<string> {
  const path = join(WORLD_DIR, 'template.sqlite');
  if (existsSync(path)) return path;
  mkdirSync(WORLD_DIR, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const store = await openSqliteStore(tmp);
  try {
    const got = await ingestArticles(store, loadDemoCorpus());
    if (got.added === 0) throw new Error(`bench world: the template ingest added no article: ${got.errors[0]?.error ?? 'no error reported'}`);
  } finally {
    await store.close();
  }
  renameSync(tmp, path);
  for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
  return path;
}

async function readTemplate(): Promise<{ articles: TemplateArticle[]; briefs: Map<string, Brief> }> {
  const store = await openSqliteStore(await templatePath());
  try {
    const articles: TemplateArticle[] = [];
    const briefs = new Map<string, Brief>();
    for (const { article } of await store.articlesSince(0, 1_000_000)) {
      const storyId = await store.storyOf(article.id);
      const annotation = await store.getAnnotation(article.id);
      if (!storyId || !annotation) continue;
      const group = await store.copiesOf(article.id);
      const signature = minhashSignature(article.text);
      articles.push({
        id: article.id,
        title: article.title,
        text: article.text,
        published: article.published,
        fetched: article.fetched,
        storyId,
        canonicalId: group[0] ?? article.id,
        annotation,
        signature,
        bands: lshBands(signature),
        textKey: exactKey(article.text),
      });
      if (!briefs.has(storyId)) {
        const b = await store.getBrief(storyId);
        if (b) briefs.set(storyId, b);
      }
    }
    return { articles, briefs };
  } finally {
    await store.close();
  }
}

const shift = (iso: string | null, days: number): string | null => {
  if (!iso) return iso;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + days * 86_400_000).toISOString();
};

function replicaBrief(b: Brief, round: number, known: Set<string>): Brief {
  const cite = (c: Citation): Citation | null => (known.has(c.articleId) ? { ...c, articleId: `${c.articleId}~r${round}` } : null);
  const sentence = (s: BriefSentence): BriefSentence => ({ ...s, citations: s.citations.map(cite).filter((c): c is Citation => c !== null) });
  return {
    headline: sentence(b.headline),
    lead: b.lead.map(sentence),
    developments: b.developments.map((d) => ({
      ...d,
      headline: sentence(d.headline),
      sentences: d.sentences.map(sentence),
      articleIds: d.articleIds.filter((id) => known.has(id)).map((id) => `${id}~r${round}`),
    })),
    timeline: b.timeline.map((t) => ({ ...t, citations: t.citations.map(cite).filter((c): c is Citation => c !== null) })),
    coverage: b.coverage,
    people: b.people,
    ...(b.writer ? { writer: b.writer } : {}),
  };
}

async function generate(path: string, articles: number): Promise<WorldManifest> {
  const started = Date.now();
  const template = await readTemplate();
  const store = await openSqliteStore(path);
  try {
    const sources: SourceRecord[] = [];
    for (let i = 0; i < SOURCES; i++)
      sources.push(
        await store.upsertSource({ url: `https://outlet${i}.example/feed.xml`, kind: 'feed', title: `Outlet ${i}`, folder: `Folder ${i % FOLDERS}` }),
      );
    const storyIds = new Set<string>();
    const rounds = Math.ceil(articles / template.articles.length);
    let done = 0;
    for (let round = 0; done < articles; round++) {
      const inRound = template.articles.slice(0, articles - done);
      for (let from = 0; from < inRound.length; from += BATCH) {
        await store.withWriterLock(async () => {
          for (let k = from; k < Math.min(inRound.length, from + BATCH); k++) {
            const t = inRound[k];
            const src = sources[(done + k) % SOURCES];
            const storyId = `${t.storyId}~r${round}`;
            storyIds.add(storyId);
            await store.commitArticle({
              article: {
                id: `${t.id}~r${round}`,
                url: `https://outlet${(done + k) % SOURCES}.example/r${round}/${encodeURIComponent(t.id)}`,
                title: t.title,
                text: t.text,
                published: shift(t.published, (round - rounds + 1) * ROUND_SHIFT_DAYS),
                fetched: shift(t.fetched, (round - rounds + 1) * ROUND_SHIFT_DAYS)!,
                source: src.title,
                sourceId: src.id,
              },
              textKey: `${t.textKey}~r${round}`,
              copy: { canonicalId: `${t.canonicalId}~r${round}`, bands: t.bands.map((b) => `r${round}:${b}`), signature: t.signature },
              annotation: t.annotation,
              storyId,
            });
          }
        });
      }
      const present = new Set(inRound.map((a) => a.id));
      for (const [storyId, b] of template.briefs) {
        const r = replicaBrief(b, round, present);
        if (r && r.headline.citations.length) await store.saveBrief(`${storyId}~r${round}`, r);
      }
      done += inRound.length;
      if (process.env.STORYLINE_BENCH_PROGRESS) console.log(`[world] round ${round}: ${done} articles, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const { name, token } = await createToken(store, 'bench');
    return { articles, storyIds: [...storyIds], user: name, token, generatedSeconds: (Date.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

async function migrateInPlace(path: string): Promise<number[]> {
  const db = new Database(path);
  try {
    return applyMigrations(db);
  } finally {
    db.close();
  }
}

/** The path of a SQLite store of `articles` articles and its manifest, generated on first use. */
export async function benchWorld(articles: number): Promise<{ path: string; manifest: WorldManifest; cached: boolean }> {
  mkdirSync(WORLD_DIR, { recursive: true });
  const path = join(WORLD_DIR, `world-${articles}.sqlite`);
  const manifestPath = `${path}.json`;
  if (existsSync(path) && existsSync(manifestPath)) {
    // A world cached by an older schema is migrated in place, once (the migrations are the upgrade every
    // install gets; the 100k world took 506 s to generate): timed here so the serving child opens it ready.
    const started = Date.now();
    const applied = await migrateInPlace(path);
    if (applied.length) console.log(`[world] ${path}: migrations ${applied.join(', ')} applied in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { path, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as WorldManifest, cached: true };
  }
  for (const ext of ['', '-wal', '-shm']) rmSync(path + ext, { force: true });
  const manifest = await generate(path, articles);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { path, manifest, cached: false };
}
