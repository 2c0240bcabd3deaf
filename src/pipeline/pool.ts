// A pool of worker threads for the pure, CPU-bound stages: annotation (the nlp stage, most of an
// article's cost) and brief building. The ordered part of ingest (copy folding, clustering, commits)
// stays on the calling thread; the pool only computes, so its answers are the same as in-thread ones and
// the stories do not depend on the number of threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { StorylineError, type Stage } from '../errors.ts';
import type { Annotation, Brief, BriefArticle, BriefOptions } from '../types.ts';
import type { AnnotateInput } from '../nlp/annotate.ts';

export type PoolOp = 'annotate' | 'brief';
export interface PoolRequest {
  id: number;
  op: PoolOp;
  arg: unknown;
}
export type PoolReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; stage?: Stage; code?: string; input?: string } };

/** Default thread count for `--jobs`: one per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** Parses a `--jobs` value: a whole number from 1 to MAX_JOBS. */
export const MAX_JOBS = 64;
export function parseJobs(v: string | number | undefined): number {
  if (v === undefined) return defaultJobs();
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) {
    throw new StorylineError('cli', 'bad_jobs', `--jobs must be a whole number from 1 to ${MAX_JOBS}`, { input: String(v) });
  }
  return n;
}

// The worker runs TypeScript: it registers tsx itself, because loader hooks registered with
// module.register() in the main thread (as bin/storyline.js does) are not inherited by worker threads
// on Node 20, while `--import tsx` from execArgv is; starting it with no execArgv and registering once
// works under both.
// (An eval worker is a CommonJS script; tsx's ESM entry is loaded by URL so nothing resolves relative to it.)
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_URL = new URL('./pool-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); });`;

/**
 * Threads that may die in a row, none having answered a task, before the pool gives up: a thread that
 * cannot even start (a broken install) would otherwise be replaced once per task, forever.
 */
const MAX_DEATHS_IN_A_ROW = 3;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class StagePool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending & { slot: Slot }>();
  private nextId = 1;
  private closed = false;
  private deathsInRow = 0;
  private broken: Error | null = null;

  constructor(size: number) {
    this.size = size;
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, { eval: true, execArgv: [] });
    const slot: Slot = { worker, busy: 0 };
    // An idle pool must not keep the process alive: the thread is referenced only while it has work.
    worker.unref();
    worker.on('message', (r: PoolReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      this.deathsInRow = 0;
      if (--slot.busy === 0) worker.unref();
      if (r.ok) p.resolve(r.value);
      else
        p.reject(
          r.error.stage && r.error.code
            ? new StorylineError(r.error.stage, r.error.code, r.error.message, { input: r.error.input })
            : new Error(r.error.message),
        );
    });
    const fail = (err: unknown) => {
      // A thread that died (out of memory, a crash in a stage) fails its own tasks; the next task gets a new thread.
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const error = err instanceof Error ? err : new Error(String(err));
      if (++this.deathsInRow >= MAX_DEATHS_IN_A_ROW) this.broken = error;
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`stage worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private pick(): Slot {
    let best: Slot | null = null;
    for (const s of this.slots) if (!best || s.busy < best.busy) best = s;
    if (!best || (best.busy > 0 && this.slots.length < this.size)) best = this.spawn();
    return best;
  }

  run<T>(op: PoolOp, arg: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new StorylineError('store', 'pool_closed', 'stage pool is closed'));
    if (this.broken)
      return Promise.reject(new StorylineError('store', 'pool_broken', `stage worker threads keep dying: ${this.broken.message}`, { cause: this.broken }));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot });
      if (slot.busy++ === 0) slot.worker.ref();
      slot.worker.postMessage({ id, op, arg } satisfies PoolRequest);
    });
  }

  annotate(doc: AnnotateInput): Promise<Annotation> {
    return this.run('annotate', doc);
  }

  buildBrief(articles: BriefArticle[], opts?: BriefOptions): Promise<Brief> {
    return this.run('brief', [articles, opts]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
