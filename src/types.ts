// Domain types shared by every pipeline stage. Each stage folder may add its own internal types;
// what crosses a stage boundary lives here so the stages stay independent of one another.

/** An article as it enters the pipeline (from a feed, a page, a JSONL line or a file). */
export interface ArticleInput {
  id?: string;
  url?: string | null;
  title: string;
  text: string;
  /** ISO 8601 date or date-time; absent when the source gives none. */
  published?: string | null;
  /** Human name of the outlet (e.g. "Wikinews", "Reuters"). */
  source?: string | null;
  lang?: string | null;
  byline?: string | null;
  /** True when only the feed's summary was available (the page was thin, e.g. a paywall, or failed). */
  partial?: boolean;
  /** Why the article is partial: 'too_little_text', 'fetch_failed: <code>' or 'not_fetched'. */
  partialReason?: string | null;
}

/** An article as stored. */
export interface Article {
  id: string;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  text: string;
  published: string | null;
  fetched: string;
  lang: string | null;
  byline: string | null;
  sourceId: string | null;
  /** Outlet name, denormalised for display. */
  sourceName: string | null;
  /** True when only the feed's summary was available; see ArticleInput.partial. */
  partial?: boolean;
  partialReason?: string | null;
}

export type EntityType = 'PERSON' | 'ORG' | 'PLACE' | 'MISC';

/** A span of an article's text; offsets are JavaScript string indices, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  text: string;
}

export interface EntityMention extends Span {
  text: string;
  type: EntityType;
  /** Resolved name shared by every mention of the same entity ("Vladimir Putin" for "Putin"). */
  canonical: string;
  /** Role or title stated in the text ("US Secretary of State"), or null. */
  role: string | null;
}

export type QuoteKind = 'direct' | 'indirect' | 'label' | 'denial';

/**
 * Attribution stance classes, from the cue verb: assigned by src/nlp/stance.ts (stanceOfCue), which lists each
 * class's cue lemmas and label.
 */
export type Stance = 'says' | 'concern' | 'warns' | 'urges' | 'denies' | 'accuses' | 'agrees' | 'supplies';

export interface Quote extends Span {
  /** Content of the quote or reported claim (start/end cover it). */
  text: string;
  /** Resolved speaker name, or null when the text does not allow it. */
  speaker: string | null;
  /** The mention of the source in the text (may be a pronoun). */
  speakerStart: number | null;
  speakerEnd: number | null;
  /** Cue word or phrase ("said", "warned", "labeled … as"). */
  cue: string;
  kind: QuoteKind;
  stance?: Stance;
}

/** A time expression and its TimeML TIMEX3 value, resolved against the article's date (src/nlp/time). */
export interface TimeMention extends Span {
  text: string;
  /** 2019-10-06, 2019-10, 2019, 2019-W41, 2019-Q3, P3D, PT2H, PRESENT_REF, XXXX-10-06 (year unknown) … */
  value: string;
  type: 'DATE' | 'TIME' | 'DURATION' | 'SET';
  /** A full day (or finer) the text fixes unambiguously: the only values a brief may print as dates. */
  sure: boolean;
}

/** What nlp produces for one document. */
export interface Annotation {
  id: string;
  sentences: Sentence[];
  entities: EntityMention[];
  quotes: Quote[];
  /** Time expressions (absent in annotations stored before they were resolved). */
  times?: TimeMention[];
}

/** Where a sentence of a brief came from: the source sentence in an article. */
export interface Citation {
  articleId: string;
  start: number;
  end: number;
}

export interface BriefSentence {
  text: string;
  citations: Citation[];
}

export interface BriefDevelopment {
  headline: BriefSentence;
  sentences: BriefSentence[];
  /** Earliest publication date among the articles behind this development (ISO), if known. */
  date: string | null;
  articleIds: string[];
  /** Set by the server when a cited article arrived after the visitor's last look at the story. */
  new?: boolean;
}

export interface TimelineEntry {
  date: string;
  text: string;
  citations: Citation[];
}

export interface CoverageEntry {
  source: string;
  articles: number;
  first: string | null;
}

export interface Brief {
  headline: BriefSentence;
  lead: BriefSentence[];
  developments: BriefDevelopment[];
  timeline: TimelineEntry[];
  coverage: CoverageEntry[];
  /** Every person named in the brief with the role used for them. */
  people: { name: string; role: string | null }[];
  /**
   * Who wrote the text: 'extractive' (source sentences, lightly edited) or 'model:<name>' (the optional
   * writer model, grounding-checked). Absent when no writer model is configured (extractive).
   */
  writer?: BriefWriter;
}

export type BriefWriter = 'extractive' | `model:${string}`;

export interface StoredBrief extends Brief {
  storyId: string;
  version: number;
  createdAt: string;
}

export interface StorySummary {
  id: string;
  headline: string;
  articles: number;
  sources: number;
  updated: string | null;
  first: string | null;
  score: number;
}

/** A document as the story clusterer sees it. */
export interface ClusterDoc {
  id: string;
  title: string;
  text: string;
  published?: string | null;
  lang?: string | null;
  /** Entities from nlp, when already computed (the clusterer annotates otherwise). */
  entities?: EntityMention[];
}

export interface ClusterAssignment {
  id: string;
  story: string;
  /** Similarity to the story joined (0 for a new story). */
  score: number;
  isNew: boolean;
}

/** One article of a story, with its annotation, as the brief writer sees it. */
export interface BriefArticle {
  id: string;
  title: string;
  text: string;
  published: string | null;
  source: string | null;
  annotation: Annotation;
}

export interface BriefOptions {
  /** Topic statement that steers sentence selection. */
  focus?: string;
  /** Upper bound on the words of the whole brief's body (lead + developments), if set. */
  maxWords?: number;
  /**
   * Articles the reader has already seen (an update brief): sentences that restate them are left out and
   * what they already covered weighs less, so the brief tells what is new. Articles listed in both are known.
   */
  known?: BriefArticle[];
}
