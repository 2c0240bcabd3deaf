// Where the shared evaluation data lives (../shared/data beside the checkout, or STORYLINE_SHARED_DATA):
// one locator for the benchmarks, the fitting and training scripts, and the tests that read that data
// (they skip with a message when it is absent). Product code under src/ never imports eval/.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.STORYLINE_SHARED_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data'));

/** Path of a shared data set, or null (and the caller skips) when it is absent. */
export function dataset(name: string): string | null {
  const p = join(SHARED_DATA, name);
  return existsSync(p) ? p : null;
}
