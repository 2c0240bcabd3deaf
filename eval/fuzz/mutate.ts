// Mutators for the property tests (fast-check): a real input (a feed, a page) is truncated, has bytes
// flipped, an element repeated or a huge attribute injected. Test helpers only; nothing in src/ imports this.
import fc from 'fast-check';
import { StorylineError } from '../../src/errors.ts';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'duplicate'; at: number; times: number }
  | { kind: 'attribute'; at: number; size: number; char: string }
  | { kind: 'insert'; at: number; text: string };

/**
 * Positions are fractions of the input's length (0..1), so one mutation fits any input. Unbiased (fast-check
 * biases numbers towards their bounds, which would truncate nearly every input to nothing), plus the two ends.
 */
const where = fc.oneof(
  { arbitrary: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_000), weight: 9 },
  { arbitrary: fc.constantFrom(0, 1), weight: 1 },
);

/** Markup fragments a hostile or broken document is made of. */
const FRAGMENTS = [
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&amp;',
  '&#0;',
  '&#xD800;',
  '&bogus;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;',
  '"',
  "'",
  '\u0000',
  '\uFFFE',
  '\uD800',
  '\u202E',
  '<item>',
  '</item>',
  '<entry>',
  '<script>',
  '</script>',
  '<svg onload=x>',
  'javascript:',
  '<a href="',
  '<img src=x onerror=y>',
  '\r\n',
  '\t',
  ' ',
];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: where }),
  fc.record({ kind: fc.constant('flip' as const), at: where, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: where, times: fc.integer({ min: 2, max: 200 }) }),
  fc.record({
    kind: fc.constant('attribute' as const),
    at: where,
    size: fc.integer({ min: 1_000, max: 200_000 }),
    char: fc.constantFrom('a', '"', '&', '<', 'é', ' '),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: where, text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 40 })) }),
);

const ELEMENT = /<(item|entry|p|div|li|a|span|section|article|title|link)\b[^>]*>[\s\S]*?<\/\1>/gi;

/** Applies one mutation to bytes. `duplicate` repeats the element nearest the position (or a slice). */
export function mutate(buf: Buffer, m: Mutation): Buffer {
  const i = Math.min(buf.length, Math.floor(m.at * buf.length));
  switch (m.kind) {
    case 'truncate':
      return buf.subarray(0, i);
    case 'flip': {
      if (buf.length === 0) return buf;
      const out = Buffer.from(buf);
      out[Math.min(i, buf.length - 1)] ^= m.byte || 1;
      return out;
    }
    case 'duplicate': {
      const text = buf.toString('latin1');
      let best: { start: number; end: number } | null = null;
      for (const match of text.matchAll(ELEMENT)) {
        if (best === null || Math.abs(match.index - i) < Math.abs(best.start - i)) best = { start: match.index, end: match.index + match[0].length };
        if (match.index > i) break;
      }
      const { start, end } = best ?? { start: i, end: Math.min(buf.length, i + 200) };
      const piece = buf.subarray(start, end);
      // Keep the result under ~1.5 MB so a case stays cheap (the size caps are tested on their own).
      const times = Math.max(1, Math.min(m.times, Math.floor(1_500_000 / Math.max(1, piece.length))));
      return Buffer.concat([buf.subarray(0, end), ...Array.from({ length: times - 1 }, () => piece), buf.subarray(end)]);
    }
    case 'attribute': {
      // Into the next tag after the position: <tag  x="…huge…" …>
      const text = buf.toString('latin1');
      const lt = text.indexOf('<', i);
      const at = lt >= 0 ? Math.max(lt + 1, text.slice(lt).search(/[\s>/]/) + lt) : i;
      return Buffer.concat([buf.subarray(0, at), Buffer.from(` x="${m.char.repeat(m.size)}" `), buf.subarray(at)]);
    }
    case 'insert':
      return Buffer.concat([buf.subarray(0, i), Buffer.from(m.text, 'utf8'), buf.subarray(i)]);
  }
}

export function mutateAll(buf: Buffer, ms: Mutation[]): Buffer {
  return ms.reduce(mutate, buf);
}

/**
 * Runs `fn` and returns its result, or the StorylineError it threw after checking that the error
 * names `input` and belongs to `stage`. Any other exception is rethrown: the property fails on it.
 */
export function expectOwnError<T>(fn: () => T, stage: StorylineError['stage'], input: string): T | StorylineError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StorylineError) {
      if (err.stage !== stage) throw new Error(`error from stage ${err.stage}, expected ${stage}: ${err.describe()}`);
      if (err.input !== input) throw new Error(`error does not name the input ${JSON.stringify(input)}: ${err.describe()}`);
      return err;
    }
    throw err;
  }
}

/** CPU time this process has used (ms): unlike the wall clock, it does not grow when other processes load the machine. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Fails when one call took more than `ms` of CPU time, naming what was tried. CPU time, because the suite
 * shares its machine (a load of 40 on 2 cores made the same page take 1.4 s or 7 s of wall time).
 */
export function timed<T>(ms: number, what: () => string, fn: () => T): T {
  const t0 = cpuMs();
  const out = fn();
  const took = cpuMs() - t0;
  if (took > ms) throw new Error(`took ${Math.round(took)} ms of CPU (bound ${ms} ms): ${what()}`);
  return out;
}

/** Heap in use after a collection when --expose-gc is on, else as it stands (MB). */
export function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}
