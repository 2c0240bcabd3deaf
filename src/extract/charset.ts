// Decoding HTML bytes: pages are not all UTF-8 (older European and Asian news sites still serve
// windows-1252, ISO-8859-x, Shift_JIS, GBK...). Precedence follows the HTML standard's sniffing order,
// reduced to what a file on disk carries: byte order mark, then the transport hint (Content-Type),
// then <meta charset> / <meta http-equiv> in the first 1024 bytes, then UTF-8 if the bytes are valid
// UTF-8, else windows-1252 (what browsers assume for legacy Western pages).
import iconv from 'iconv-lite';

/** The HTML standard scans this many leading bytes for a meta charset declaration. */
const META_SCAN_BYTES = 1024;

export interface DecodedHtml {
  html: string;
  charset: string;
  /** Where the charset came from. */
  source: 'bom' | 'header' | 'meta' | 'utf8-valid' | 'fallback';
}

function bomCharset(buf: Uint8Array): { charset: string; skip: number } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  return null;
}

/** Charset named in a Content-Type value, e.g. "text/html; charset=ISO-8859-1". */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return m ? m[1].toLowerCase() : null;
}

function metaCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.subarray(0, META_SCAN_BYTES)).toString('latin1');
  const direct = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i);
  return direct ? direct[1].toLowerCase() : null;
}

function normalise(charset: string, source: DecodedHtml['source']): string {
  const c = charset.toLowerCase();
  // Per the HTML standard a meta tag declaring UTF-16 means UTF-8: the tag itself was readable as ASCII.
  if (source === 'meta' && c.startsWith('utf-16')) return 'utf-8';
  // Browsers treat these labels as windows-1252; so do we.
  if (c === 'iso-8859-1' || c === 'latin1' || c === 'us-ascii' || c === 'ascii') return 'windows-1252';
  return c;
}

export function decodeHtml(buf: Uint8Array, opts: { contentType?: string | null; input?: string } = {}): DecodedHtml {
  const bom = bomCharset(buf);
  if (bom) return { html: iconv.decode(Buffer.from(buf.subarray(bom.skip)), bom.charset), charset: bom.charset, source: 'bom' };

  const candidates: Array<[string | null, DecodedHtml['source']]> = [
    [charsetFromContentType(opts.contentType), 'header'],
    [metaCharset(buf), 'meta'],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const charset = normalise(label, source);
    if (iconv.encodingExists(charset)) return { html: iconv.decode(Buffer.from(buf), charset), charset, source };
    // An unknown label is the page's mistake; fall through to sniffing instead of failing the page.
  }
  try {
    return { html: new TextDecoder('utf-8', { fatal: true }).decode(buf), charset: 'utf-8', source: 'utf8-valid' };
  } catch {
    return { html: iconv.decode(Buffer.from(buf), 'windows-1252'), charset: 'windows-1252', source: 'fallback' };
  }
}
