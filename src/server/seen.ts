// "New since you last looked": one cookie holds, per story, when this browser last opened the story
// page. Hand-written because the format is the product's own: compact (base64url story id, seconds in
// base 36), bounded (newest visits kept, oldest dropped, so the cookie never nears the 4 KB limit), and
// tolerant (a tampered, truncated or ancient value costs only the entries it spoils, never the page).

export const SEEN_COOKIE = 'sl_seen';
/** Longest value written; browsers keep at least 4096 bytes per cookie, name and attributes included. */
export const SEEN_MAX_BYTES = 3000;
/** A raw value longer than this is not ours (or was tampered with) and is ignored whole. */
const MAX_RAW = 8192;
/** How long a browser keeps the cookie (seconds): half a year without a visit forgets the stories. */
export const SEEN_MAX_AGE = 180 * 24 * 3600;
// No visit before the project existed is real, nor one more than a day ahead of the server's clock.
const EARLIEST = Date.UTC(2020, 0, 1);
const SKEW = 24 * 3600 * 1000;
const ENTRY = /^([A-Za-z0-9_-]{1,400})~([0-9a-z]{1,10})$/;

/** Story id → time of the last visit (ms since the epoch), read from the cookie value; garbage is skipped. */
export function parseSeen(raw: string | undefined | null, now = Date.now()): Map<string, number> {
  const out = new Map<string, number>();
  if (!raw || raw.length > MAX_RAW) return out;
  for (const part of raw.split('.')) {
    const m = ENTRY.exec(part);
    if (!m) continue;
    const id = Buffer.from(m[1], 'base64url').toString('utf8');
    // base64url decoding never throws: a value that does not round-trip was not written by us.
    if (!id || Buffer.from(id, 'utf8').toString('base64url') !== m[1]) continue;
    const t = parseInt(m[2], 36) * 1000;
    if (!Number.isFinite(t) || t < EARLIEST || t > now + SKEW) continue;
    if ((out.get(id) ?? 0) < t) out.set(id, t);
  }
  return out;
}

/** The cookie value for `seen`: newest visits first, as many as fit in SEEN_MAX_BYTES. */
export function serialiseSeen(seen: Map<string, number>): string {
  const entries = [...seen].sort((a, b) => b[1] - a[1]);
  let out = '';
  for (const [id, t] of entries) {
    const e = `${Buffer.from(id, 'utf8').toString('base64url')}~${Math.floor(t / 1000).toString(36)}`;
    const next = out ? `${out}.${e}` : e;
    if (next.length > SEEN_MAX_BYTES) continue;
    out = next;
  }
  return out;
}
