// Rows of the sources, articles and quotes tables as both adapters read them, and their mapping to the interface's
// records. The column names are the same in SQLite and PostgreSQL; flags come back as 0/1 from SQLite and
// as booleans from PostgreSQL, hence `Flag`.
import { serialize } from 'node:v8';
import { StorylineError, errorMessage } from '../errors.ts';
import type { Article, Quote, QuoteKind, Stance } from '../types.ts';
import { deriveArticleId } from './ids.ts';
import type { NewArticle, SourceRecord, StoryRecord } from './store.ts';

type Flag = boolean | number;

export interface SourceRow {
  id: string;
  url: string;
  title: string | null;
  kind: SourceRecord['kind'];
  etag: string | null;
  last_modified: string | null;
  last_success: string | null;
  last_error: string | null;
  last_error_code: string | null;
  consecutive_failures: number;
  next_check: string | null;
  interval_seconds: number | null;
  created_at: string;
  folder: string | null;
  allow_private: Flag;
}

export interface ArticleRow {
  id: string;
  url: string | null;
  canonical_url: string | null;
  title: string;
  text: string;
  published: string | null;
  fetched: string;
  lang: string | null;
  byline: string | null;
  source_id: string | null;
  source_name: string | null;
  partial: Flag;
  partial_reason: string | null;
}

/** The SourceRecord fields a caller may set, by their column. */
export const SOURCE_COLUMNS: Record<string, keyof SourceRow> = {
  title: 'title',
  kind: 'kind',
  etag: 'etag',
  lastModified: 'last_modified',
  lastSuccess: 'last_success',
  lastError: 'last_error',
  lastErrorCode: 'last_error_code',
  consecutiveFailures: 'consecutive_failures',
  nextCheck: 'next_check',
  intervalSeconds: 'interval_seconds',
  folder: 'folder',
  allowPrivate: 'allow_private',
};

const flag = (x: Flag) => x === true || x === 1;

export function toSource(r: SourceRow): SourceRecord {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    kind: r.kind,
    etag: r.etag,
    lastModified: r.last_modified,
    lastSuccess: r.last_success,
    lastError: r.last_error,
    lastErrorCode: r.last_error_code,
    consecutiveFailures: r.consecutive_failures,
    nextCheck: r.next_check,
    intervalSeconds: r.interval_seconds,
    createdAt: r.created_at,
    folder: r.folder,
    allowPrivate: flag(r.allow_private),
  };
}

export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    url: r.url,
    canonicalUrl: r.canonical_url,
    title: r.title,
    text: r.text,
    published: r.published,
    fetched: r.fetched,
    lang: r.lang,
    byline: r.byline,
    sourceId: r.source_id,
    sourceName: r.source_name,
    partial: flag(r.partial),
    partialReason: r.partial_reason,
  };
}

export interface QuoteRow {
  article_id: string;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  cue: string;
  kind: QuoteKind;
  stance: Stance | null;
}

export function toQuote(r: QuoteRow): Quote & { articleId: string } {
  const q: Quote & { articleId: string } = {
    articleId: r.article_id,
    start: r.start,
    end: r.end,
    text: r.text,
    speaker: r.speaker,
    speakerStart: r.speaker_start,
    speakerEnd: r.speaker_end,
    cue: r.cue,
    kind: r.kind,
  };
  // No stance recorded reads as no field, as the annotation that produced the quote had it.
  if (r.stance) q.stance = r.stance;
  return q;
}

// ---- shared by both adapters beside the row mapping

/** A MinHash signature as stored (bytea / BLOB). */
export function signatureToBytes(sig: Uint32Array): Buffer {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

export function bytesToSignature(b: Buffer): Uint32Array {
  // Copy out: a Buffer's offset into its pool need not be 4-byte aligned.
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Uint32Array(copy.buffer);
}

/** Checks what every stored article must have and returns its id (given, or derived from url and title). */
export function checkedArticleId(a: NewArticle): string {
  if (typeof a.title !== 'string' || typeof a.text !== 'string') {
    throw new StorylineError('store', 'bad_article', 'title and text must be strings', { input: a.id ?? a.url ?? undefined });
  }
  if (!a.text.trim()) throw new StorylineError('store', 'empty_text', 'article has no text', { input: a.id ?? a.url ?? a.title });
  return a.id ?? deriveArticleId(a);
}

/** A story row and its articles (in reading order) as the interface's record. */
export function toStoryRecord(
  s: { id: string; created_at: string },
  rows: { id: string; published: string | null; fetched: string }[],
  mergedInto: string | null,
): StoryRecord {
  const published = rows.map((r) => r.published).filter((p): p is string => !!p);
  const dated = rows.map((r) => r.published ?? r.fetched);
  return {
    id: s.id,
    createdAt: s.created_at,
    updated: dated.length ? dated.reduce((a, b) => (b > a ? b : a)) : null,
    first: published.length ? published.reduce((a, b) => (b < a ? b : a)) : null,
    articleIds: rows.map((r) => r.id),
    articleDates: dated,
    mergedInto,
  };
}

/** The clusterer state as stored: v8 serialisation keeps Maps, Sets and typed arrays that JSON would flatten. */
export function serializeClusterState(state: unknown): Buffer {
  try {
    return serialize(state);
  } catch (err) {
    throw new StorylineError('store', 'bad_cluster_state', `cluster state cannot be serialised: ${errorMessage(err)}`, { cause: err });
  }
}
