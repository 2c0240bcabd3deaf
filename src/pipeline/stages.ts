// The stage functions the ingest pipeline calls, gathered in one object so tests can inject small
// fakes and the pipeline stays independent of how each stage is implemented.
import type { Annotation, Brief, BriefArticle, BriefOptions, ClusterAssignment, ClusterDoc } from '../types.ts';
import { annotate } from '../nlp/annotate.ts';
import { findCopy, fingerprint, type CopyMatch, type CopySource, type Fingerprint } from '../dedup/copies.ts';
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
  annotate(doc: { id: string; title: string; text: string; published?: string | null }): Annotation;
  /** The copy finder (src/dedup/copies.ts): an article's fingerprint, and the earlier article it copies. */
  fingerprint(text: string, headline?: string): Fingerprint;
  findCopy(source: CopySource, fp: Fingerprint): Promise<CopyMatch | null>;
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
    fingerprint,
    findCopy: (source, fp) => findCopy(source, fp),
    createClusterer: (state) => (state === null ? new StoryClusterer() : StoryClusterer.fromState(state)),
    buildBrief: opts.writer ? withWriter(buildBrief, opts.writer, { ...opts.writerOptions, log: opts.log }) : buildBrief,
  };
}
