// Public surface of the sources stage, for the store, server and pipeline to import from one place.
export { parseFeed, parseFeedDetailed, parseFeedDate, dedupeItems } from './feed/index.ts';
export type { FeedItem, FeedEnclosure, ParsedFeed, ParsedFeedWithDiagnostics, ParseFeedOptions, FeedDiagnostics } from './feed/index.ts';
export { fetchUrl, FetchError, DEFAULT_USER_AGENT, type FetchOptions, type FetchResult } from './fetch.ts';
export { fetchWithRetry, parseRetryAfter, backoffDelay, isRetryable, type RetryOptions, type BackoffOptions } from './retry.ts';
export { HostLimiter, type LimiterOptions } from './limiter.ts';
export { RobotsCache, parseRobots, isAllowed } from './robots.ts';
export { isPrivateAddress, type LookupFn } from './net.ts';
export { pollFeed, documentBaseUrl, type PollSource, type PollResult } from './poll.ts';
export { canonicalizeUrl } from './url.ts';
export { parseOpml, serialiseOpml, opmlFeeds, opmlFromFeeds, type OpmlDocument, type OpmlOutline, type OpmlFeed } from './opml.ts';
export { nextCheckInterval, type ScheduleInput, type ScheduleOptions } from './schedule.ts';
