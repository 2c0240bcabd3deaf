// Admission for costly store reads (ranking every story, a search, a brief rebuilt for a focus). They
// run synchronously on the event loop (better-sqlite3), so fifty of them in flight meant a health check
// or a story page queued behind all fifty. Here at most `concurrency` of them run at a time and the rest
// wait their turn; each turn is handed over through setImmediate, which lets the event loop read the
// sockets in between, so a cheap request waits for at most the costly ones running, not for all of
// them. A queue longer than `maxQueue` is refused (503) rather than grown without bound.
import { StorylineError } from '../errors.ts';

export interface Gate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Running and waiting, for tests and logs. */
  readonly running: number;
  readonly waiting: number;
}

export function createGate(concurrency: number, maxQueue: number): Gate {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      running++;
      // Not a microtask: the next costly request must not start before pending I/O has been read.
      setImmediate(next);
    }
  };
  return {
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (queue.length >= maxQueue)
          throw new StorylineError('server', 'busy', `the server is busy (${queue.length} costly requests waiting); try again shortly`);
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        running++;
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
