// One seeded generator for everything that must repeat exactly from run to run: shuffled evaluation
// streams, the points where a kill test strikes, the bytes a damage test overwrites, a benchmark's mix.

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed, the same sequence for the same seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
