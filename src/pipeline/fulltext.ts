// Full text for feed items that carry only a teaser. Many feeds publish a paragraph and a link; clustering
// and briefs need the article body, so the linked page is fetched (politely: body and time limits, the
// per-host limiter, robots.txt with its Crawl-delay) and run through the extractor. A page the extractor
// calls thin (consent wall, paywall, stub) is not better than the summary, so the summary is kept and
// the caller marks the article partial.
import { errorMessage, StorylineError } from '../errors.ts';
import { fetchUrl, type FetchOptions } from '../sources/fetch.ts';
import { decodeHtml, extractArticle, type ExtractedPage } from '../extract/index.ts';

/**
 * Below either bound the feed text is taken for a teaser. 600 characters is about three short news
 * paragraphs; the word bound catches long-worded summaries that still say almost nothing.
 */
export const FULLTEXT_MIN_CHARS = 600;
export const FULLTEXT_MIN_WORDS = 80;

/** Article pages larger than this are not worth reading (the extractor refuses 5 MB of HTML anyway). */
const PAGE_MAX_BYTES = 3 * 1024 * 1024;

export interface FullTextThresholds {
  minChars?: number;
  minWords?: number;
}

/** True when feed text this short should be replaced by the page's own text. */
export function needsFullText(text: string, t: FullTextThresholds = {}): boolean {
  const s = text.trim();
  if (s.length < (t.minChars ?? FULLTEXT_MIN_CHARS)) return true;
  const words = s.split(/\s+/).length;
  return words < (t.minWords ?? FULLTEXT_MIN_WORDS);
}

export type FullTextResult =
  | { status: 'full'; page: ExtractedPage; finalUrl: string }
  /** The page was read but holds no more than a teaser (consent/paywall/stub). */
  | { status: 'thin'; page: ExtractedPage; finalUrl: string }
  | { status: 'failed'; error: { code: string; message: string } };

/**
 * Fetches and extracts one article page. Never throws: a failure is a result, so one bad page costs the
 * item its full text and nothing else.
 */
export async function fetchFullText(url: string, fetchOpts: FetchOptions = {}): Promise<FullTextResult> {
  try {
    const res = await fetchUrl(url, {
      maxBytes: PAGE_MAX_BYTES,
      totalTimeoutMs: 30_000,
      ...fetchOpts,
      // Validators belong to the feed, never to a page.
      etag: null,
      lastModified: null,
      accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1',
    });
    const type = (res.contentType ?? '').toLowerCase();
    // No Content-Type is common on small servers; anything declared as something else is not a page.
    if (type && !/\b(text\/html|application\/xhtml\+xml)\b/.test(type)) {
      throw new StorylineError('sources', 'not_html', `page is ${type.split(';')[0]}, not HTML`, { input: res.finalUrl });
    }
    const { html } = decodeHtml(res.body, { contentType: res.contentType, input: res.finalUrl });
    const page = extractArticle(html, { url: res.finalUrl });
    return { status: page.thin || !page.text.trim() ? 'thin' : 'full', page, finalUrl: res.finalUrl };
  } catch (err) {
    const code = err instanceof StorylineError ? err.code : 'unexpected';
    const message = err instanceof StorylineError ? err.message : errorMessage(err);
    return { status: 'failed', error: { code, message } };
  }
}
