// Shared pieces of the benchmark harness: where the shared data lives (from eval/data.ts), the row format
// every stage reports, and the skip rule (a missing data set prints a message instead of failing silently).
import { SHARED_DATA } from '../eval/data.ts';

// The data locator is eval/data.ts (tests import it from there too); re-exported for the bench stages.
export { SHARED_DATA, dataset } from '../eval/data.ts';

export interface BenchRow {
  /** Pipeline stage, e.g. "cluster". */
  stage: string;
  /** What is measured, e.g. "pairwise F1". */
  metric: string;
  /** The project's figure. */
  project: number | string;
  /** The baseline's figure from the same run (null when there is no meaningful baseline). */
  baseline: number | string | null;
  /** What the baseline is, e.g. "plain TF-IDF single pass". */
  baselineName: string;
  /** Data set and its size, e.g. "ecbplus (772 docs)". */
  dataset: string;
}

export interface BenchSkip {
  stage: string;
  skipped: string;
}

export type BenchResult = BenchRow | BenchSkip;

export function skip(stage: string, name: string): BenchSkip {
  return { stage, skipped: `data set ${name} not found under ${SHARED_DATA}; skipped` };
}

export function fmt(v: number | string | null): string {
  if (v === null) return '-';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
