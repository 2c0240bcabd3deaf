// The stage functions the ingest pipeline calls, gathered in one object so tests can inject small
// fakes and the pipeline stays independent of how each stage is implemented.
import type { Annotation, Brief, BriefArticle, BriefOptions, ClusterAssignment, ClusterDoc } from '../types.ts';
import { annotate } from '../nlp/annotate.ts';
import { estimateJaccard, exactKey, lshBands, minhashSignature, NEAR_DUPLICATE_THRESHOLD } from '../dedup/minhash.ts';
import { StoryClusterer } from '../cluster/stream.ts';
import { buildBrief } from '../brief/build.ts';
import type { Logger } from 'pino';
import type { WriterConfig } from '../config.ts';
import { withWriter, type BriefWriterOptions } from '../brief/writer/writer.ts';

/** What the pipeline needs from a story clusterer. */
export interface Clusterer {
  add(doc: ClusterDoc): ClusterAssignment;
  exportState(): unknown;
  /** Every merge so far, oldest first. */
  merges(): { from: string; into: string }[];
}

export interface Stages {
  annotate(doc: { id: string; title: string; text: string }): Annotation;
  exactKey(text: string): string;
  minhashSignature(text: string): Uint32Array;
  lshBands(sig: Uint32Array): string[];
  estimateJaccard(a: Uint32Array, b: Uint32Array): number;
  nearDuplicateThreshold: number;
  /** A clusterer resumed from saved state, or a fresh one when there is none. */
  createClusterer(state: unknown | null): Clusterer;
  buildBrief(articles: BriefArticle[], opts?: BriefOptions): Brief | Promise<Brief>;
}

export interface StageOptions {
  /** The optional writer model; without it briefs are purely extractive and no request is ever made. */
  writer?: WriterConfig | null;
  log?: Logger;
  /** Passed to the writer (tests set a small timeout or pause). */
  writerOptions?: Omit<BriefWriterOptions, 'log'>;
}

/** The real stages; with a writer setting, the brief builder hands its brief to the writer model. */
export function defaultStages(opts: StageOptions = {}): Stages {
  return {
    annotate: (doc) => annotate(doc),
    exactKey,
    minhashSignature,
    lshBands,
    estimateJaccard,
    nearDuplicateThreshold: NEAR_DUPLICATE_THRESHOLD,
    createClusterer: (state) => (state === null ? new StoryClusterer() : StoryClusterer.fromState(state)),
    buildBrief: opts.writer ? withWriter(buildBrief, opts.writer, { ...opts.writerOptions, log: opts.log }) : buildBrief,
  };
}
