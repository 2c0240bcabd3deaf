// Syndicated-copy detection: an exact key over normalised text, and MinHash signatures over word
// shingles with LSH band keys, so the store can find near-duplicates with one indexed lookup per band
// instead of comparing a new article with every stored one.
import { createHash } from 'node:crypto';

/** Number of hash functions in a signature. */
export const NUM_HASHES = 128;
/** Rows per LSH band: 32 bands of 4 rows puts the 50 % candidate point near Jaccard 0.42, below the threshold. */
export const BAND_ROWS = 4;
export const NUM_BANDS = NUM_HASHES / BAND_ROWS;
/** Words per shingle. Three words keep same-story rewrites (shared names, shared phrases) far apart. */
export const SHINGLE_WORDS = 3;
/**
 * Estimated Jaccard at or above which two texts count as copies. Measured on synthetic edits (trimmed,
 * re-headlined, a paragraph or two dropped) against distinct reports of the same event: copies sit
 * above 0.6, independent reports below 0.2 (see minhash.test.ts and bench/cluster.ts).
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

// Fixed seeds so signatures stored yesterday stay comparable with those computed today.
const SEEDS: Uint32Array = (() => {
  const s = new Uint32Array(NUM_HASHES);
  let x = 0x9e3779b9;
  for (let i = 0; i < NUM_HASHES; i++) {
    x = (x + 0x6d2b79f5) >>> 0;
    s[i] = fmix32(x);
  }
  return s;
})();

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased word tokens (letters and digits, any script); punctuation and spacing differences vanish. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Hash of the normalised text: equal for copies that differ only in case, spacing or punctuation. */
export function exactKey(text: string): string {
  return createHash('sha1').update(words(text).join(' ')).digest('hex');
}

/** MinHash signature over word shingles. Texts shorter than one shingle hash their words as one shingle. */
export function minhashSignature(text: string): Uint32Array {
  const w = words(text);
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  const shingles = new Set<number>();
  if (w.length === 0) return sig;
  if (w.length < SHINGLE_WORDS) shingles.add(fnv1a(w.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= w.length; i++) shingles.add(fnv1a(w.slice(i, i + SHINGLE_WORDS).join(' ')));
  for (const h of shingles) {
    for (let k = 0; k < NUM_HASHES; k++) {
      const v = fmix32(h ^ SEEDS[k]);
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

/** LSH band keys ("<band>:<hex>"); two texts sharing any key are near-duplicate candidates. */
export function lshBands(sig: Uint32Array): string[] {
  if (sig.length !== NUM_HASHES) throw new RangeError(`signature must have ${NUM_HASHES} values, got ${sig.length}`);
  const out: string[] = [];
  for (let b = 0; b < NUM_BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < BAND_ROWS; r++) h = fmix32(Math.imul(h, 31) ^ sig[b * BAND_ROWS + r]);
    out.push(`${b}:${h.toString(16).padStart(8, '0')}`);
  }
  return out;
}

/** Share of equal signature positions, an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('signatures differ in length');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Signature as a compact string for storage, and back. */
export function encodeSignature(sig: Uint32Array): string {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
}
export function decodeSignature(s: string): Uint32Array {
  const buf = Buffer.from(s, 'base64');
  if (buf.length !== NUM_HASHES * 4) throw new RangeError('not a MinHash signature');
  const out = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}
