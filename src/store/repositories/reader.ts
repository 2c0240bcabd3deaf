// The reader repository: API tokens (reader accounts) and the Google Reader API's per-account state.
import type { Article } from '../../types.ts';

/** An API token: only the SHA-256 of the secret is kept; the name is the reader account it belongs to. */
export interface TokenRecord {
  name: string;
  hash: string;
  createdAt: string;
}

/**
 * Reader items (the Google Reader API's) are integers: an article's is its place in the store's insertion
 * order, so it never changes and newer items have higher numbers; a story brief's is this base plus the
 * number allotted to that story version, a range article numbers never reach.
 */
export const READER_STORY_ITEM_BASE = 2 ** 48;

/** Which reader items one account asks for. */
export interface ReaderFilter {
  /** Token name whose read and starred state applies. */
  user: string;
  sourceId?: string;
  /** Sources filed under exactly this OPML folder. */
  folder?: string;
  /** Articles this watchlist matched. */
  watchlistId?: string;
  /** true: read items only; false: unread only. */
  read?: boolean;
  starred?: boolean;
  /** Items fetched at or after / before this ISO time. */
  fetchedFrom?: string;
  fetchedBefore?: string;
}

export interface ReaderItem {
  item: number;
  articleId: string;
  sourceId: string | null;
  fetched: string;
  /** Explicit state, or for an item never marked: read when it is a copy of an article stored before it. */
  read: boolean;
  starred: boolean;
  /** A later copy of another article (delivered read). */
  copy: boolean;
}

export interface ReaderStoryItem {
  item: number;
  storyId: string;
  version: number;
}

export interface ReaderState {
  item: number;
  /** null when never marked. */
  read: boolean | null;
  starred: boolean;
}

export interface TokenRepository {
  addToken(t: TokenRecord): Promise<void>;
  tokenByHash(hash: string): Promise<TokenRecord | null>;
  tokensNamed(name: string): Promise<TokenRecord[]>;
}

export interface ReaderRepository {
  /** Article items of sources matching `f`, newest first (or oldest), strictly past `after` when given. */
  readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]>;
  /** These article items (unknown numbers left out) with their articles, for the account's state. */
  readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]>;
  /** Unread article items per source. */
  readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]>;
  /** Sets read and/or starred on these items (articles or story items) for the account. */
  setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void>;
  /** Marks every unread article item matching `f` read; returns how many. */
  markReaderRead(f: ReaderFilter): Promise<number>;
  /** The item number of each story version, allotted on first ask. */
  readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]>;
  /** The story versions behind these item numbers (unknown ones left out). */
  readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]>;
  /** Recorded state of these items; `starredStories` instead lists every starred story item of the account. */
  readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]>;
}
