// Public surface of the extract stage.
export { extractArticle, MAX_HTML_CHARS, MAX_DOM_DEPTH, THIN_TEXT_CHARS, type ExtractedPage, type ExtractOptions } from './extract.ts';
export { decodeHtml, charsetFromContentType, type DecodedHtml } from './charset.ts';
export { sanitizeForDisplay } from './sanitize.ts';
export { toIsoDate } from './meta.ts';
