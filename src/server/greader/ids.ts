// Identifiers of the Google Reader API as clients send them. Items: the long form
// "tag:google.com,2005:reader/item/<16 hex digits>" (what stream/contents answers), the short decimal form
// (what stream/items/ids answers), and, as Reeder and others send, the hex digits alone or unpadded.
// Streams: "user/-/state/com.google/<state>" (any user id in place of "-"), "user/-/label/<folder>",
// "feed/<source id>" and, in subscribe calls, "feed/<feed URL>"; storyline's own: "feed/storyline:stories" (the
// top stories' briefs) and "feed/storyline:watchlist:<id>" (the articles one of the account's watchlists matched).

const LONG_PREFIX = 'tag:google.com,2005:reader/item/';
export const STORIES_STREAM = 'feed/storyline:stories';
const WATCHLIST_PREFIX = 'feed/storyline:watchlist:';

export function longItemId(item: number): string {
  return LONG_PREFIX + item.toString(16).padStart(16, '0');
}

export function shortItemId(item: number): string {
  return String(item);
}

/** The item number of any accepted form, or null (unreadable, or beyond what a JS number holds exactly). */
export function parseItemId(raw: string): number | null {
  const s = raw.trim();
  let n: bigint;
  if (s.startsWith(LONG_PREFIX)) {
    const hex = s.slice(LONG_PREFIX.length);
    if (!/^[0-9a-f]{1,16}$/i.test(hex)) return null;
    n = BigInt('0x' + hex);
  } else if (/^[0-9a-f]{16}$/i.test(s)) {
    // 16 characters is the padded hex form; decimal numbers of ours are at most 15 digits (below 2^49).
    n = BigInt('0x' + s);
  } else if (/^-?\d{1,20}$/.test(s)) {
    n = BigInt(s);
    // The short form is a signed 64-bit integer; clients that keep it signed send negative numbers for
    // ids above 2^63, which storyline never hands out.
    if (n < 0n) return null;
  } else return null;
  return n > 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : null;
}

export type Stream =
  | { kind: 'reading-list' }
  | { kind: 'starred' }
  | { kind: 'read' }
  | { kind: 'kept-unread' }
  | { kind: 'label'; folder: string }
  | { kind: 'stories' }
  | { kind: 'watchlist'; id: string }
  | { kind: 'feed'; ref: string };

export function parseStream(raw: string | undefined): Stream | null {
  if (!raw) return null;
  if (raw === STORIES_STREAM) return { kind: 'stories' };
  if (raw.startsWith(WATCHLIST_PREFIX) && raw.length > WATCHLIST_PREFIX.length) return { kind: 'watchlist', id: raw.slice(WATCHLIST_PREFIX.length) };
  const state = /^user\/[^/]+\/state\/com\.google\/([a-z-]+)$/.exec(raw);
  if (state) {
    const k = state[1];
    return k === 'reading-list' || k === 'starred' || k === 'read' || k === 'kept-unread' ? { kind: k } : null;
  }
  const label = /^user\/[^/]+\/label\/(.+)$/.exec(raw);
  if (label) return { kind: 'label', folder: label[1] };
  if (raw.startsWith('feed/') && raw.length > 5) return { kind: 'feed', ref: raw.slice(5) };
  return null;
}

export const READING_LIST = 'user/-/state/com.google/reading-list';
export const STARRED = 'user/-/state/com.google/starred';
export const READ = 'user/-/state/com.google/read';
export const labelStream = (folder: string) => `user/-/label/${folder}`;
export const feedStream = (sourceId: string) => `feed/${sourceId}`;
export const watchlistStream = (id: string) => `${WATCHLIST_PREFIX}${id}`;
