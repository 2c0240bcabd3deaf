// The feed model every format is mapped onto. Strings are null when the feed does not give them, so
// downstream code never has to tell "missing" from "empty".

export interface FeedEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface FeedItem {
  id: string | null;
  title: string | null;
  link: string | null;
  /** ISO 8601 UTC (e.g. 2024-01-02T03:04:05.000Z). */
  published: string | null;
  author: string | null;
  /** Full content (HTML as the feed gives it). */
  content: string | null;
  summary: string | null;
  enclosures?: FeedEnclosure[];
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
  /** What the caller should tell the feed's owner (items dropped over the cap); absent when nothing. */
  warnings?: string[];
}

/** What the parser learned on the way, for diagnostics and the bench; not part of the CLI output. */
export interface FeedDiagnostics {
  format: 'rss' | 'atom' | 'rdf' | 'json' | 'cdf';
  /** Encoding the text was decoded with (lower-case, canonical name). */
  encoding: string;
  /** True when the document was not well-formed and had to be repaired, or bytes did not match the declared encoding. */
  bozo: boolean;
  /** Repairs that were applied before the parse succeeded. */
  repairs: string[];
}

export interface ParsedFeedWithDiagnostics extends ParsedFeed {
  diagnostics: FeedDiagnostics;
}

export interface ParseFeedOptions {
  /** Where the feed came from; relative links are resolved against it. */
  url?: string;
  /** HTTP Content-Type header, used for its charset. */
  contentType?: string;
  /** Items kept from one document (default MAX_FEED_ITEMS); the rest are dropped with a warning. */
  maxItems?: number;
  /** Largest document accepted (default MAX_FEED_BYTES); a larger one is a sources.feed_too_large error. */
  maxBytes?: number;
}
