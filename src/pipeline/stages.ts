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
import { StagePool } from './pool.ts';

/** What the pipeline needs from a story clusterer. */
export interface Clusterer {
  add(doc: ClusterDoc): ClusterAssignment;
  exportState(): unknown;
  /** Every merge so far, oldest first. */
  merges(): { from: string; into: string }[];
}

export interface Stages {
  annotate(doc: { id: string; title: string; text: string; published?: string | null }): Annotation | Promise<Annotation>;
  /** The copy finder (src/dedup/copies.ts): an article's fingerprint, and the earlier article it copies. */
  fingerprint(text: string, headline?: string): Fingerprint;
  findCopy(source: CopySource, fp: Fingerprint): Promise<CopyMatch | null>;
  /** A clusterer resumed from saved state, or a fresh one when there is none. */
  createClusterer(state: unknown | null): Clusterer;
  buildBrief(articles: BriefArticle[], opts?: BriefOptions): Brief | Promise<Brief>;
  /**
   * How many annotations or briefs may usefully run at once (the stage pool's threads; 1 or absent: one
   * at a time, in-thread). Ingest looks this many articles ahead, but still clusters in input order.
   */
  parallelism?: number;
}

export interface StageOptions {
  /** The optional writer model; without it briefs are purely extractive and no request is ever made. */
  writer?: WriterConfig | null;
  log?: Logger;
  /** Passed to the writer (tests set a small timeout or pause). */
  writerOptions?: Omit<BriefWriterOptions, 'log'>;
  /**
   * Threads for annotation and brief building (default 1: in this thread). More than 1 starts a
   * StagePool; its idle threads do not keep the process alive.
   */
  jobs?: number;
}

/** The real stages; with a writer setting, the brief builder hands its brief to the writer model. */
export function defaultStages(opts: StageOptions = {}): Stages {
  const jobs = opts.jobs ?? 1;
  const pool = jobs > 1 ? new StagePool(jobs) : null;
  const build: (articles: BriefArticle[], o?: BriefOptions) => Brief | Promise<Brief> = pool ? (articles, o) => pool.buildBrief(articles, o) : buildBrief;
  return {
    annotate: pool ? (doc) => pool.annotate(doc) : (doc) => annotate(doc),
    fingerprint,
    findCopy: (source, fp) => findCopy(source, fp),
    createClusterer: (state) => (state === null ? new StoryClusterer() : StoryClusterer.fromState(state)),
    buildBrief: opts.writer ? withWriter(build, opts.writer, { ...opts.writerOptions, log: opts.log }) : build,
    parallelism: jobs,
  };
}
