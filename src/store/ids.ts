// Identities every adapter derives the same way, so the same article or source gets the same id
// whichever database holds it (and a re-import of the same feed adds nothing).
import { createHash } from 'node:crypto';

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/** Article id: from the canonical URL, else the URL, else the title and text. */
export function deriveArticleId(a: { canonicalUrl?: string | null; url?: string | null; title: string; text: string }): string {
  const key = a.canonicalUrl || a.url;
  if (key) return 'a_' + sha1(key.trim()).slice(0, 16);
  return 'a_' + sha1(a.title.trim() + '\n' + a.text.trim()).slice(0, 16);
}

export function deriveSourceId(url: string): string {
  return 'src_' + sha1(url.trim()).slice(0, 12);
}
