// LSH band keys as SQLite integers. The Store interface passes bands as strings ("<band>:<8 hex digits>",
// src/dedup/minhash.ts); stored as text, with the article id beside them, the band table and its index were
// the largest part of a database after the article text (32 rows per article, ~60 bytes each), and at
// 100k articles the lookup had outgrown the page cache. As integers (band number × 2^32 + hash, below 2^37)
// with the article's rowid, a row takes ~14 bytes.

const MINHASH_BAND = /^(\d{1,2}):([0-9a-f]{8})$/;

/**
 * Integer key of one band. Keys in the minhash format map exactly; anything else (another band format
 * from a future caller) is hashed into the negative numbers, where it cannot meet a minhash key. A hash
 * collision only adds a candidate, which the signature check then rejects.
 */
export function bandKey(band: string): number {
  const m = MINHASH_BAND.exec(band);
  if (m) return Number(m[1]) * 2 ** 32 + parseInt(m[2], 16);
  // Two 32-bit FNV-1a hashes with different seeds, combined into 52 bits (safe as a JS number).
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < band.length; i++) {
    const c = band.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return -(1 + (h1 >>> 0) * 2 ** 20 + ((h2 >>> 0) >>> 12));
}
