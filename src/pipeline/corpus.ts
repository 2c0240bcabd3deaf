// The bundled demo corpus (English Wikinews) and the attribution its licence requires wherever it is
// shown. The UI footer renders DEMO_ATTRIBUTION_HTML.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorylineError } from '../errors.ts';
import type { IngestInput } from './ingest.ts';

export const DEMO_SOURCE_NAME = 'Wikinews';

export const DEMO_CORPUS_PATH = join(import.meta.dirname, '..', '..', 'corpus', 'wikinews', 'articles.jsonl');

export const DEMO_ATTRIBUTION =
  "News articles from Wikinews (https://en.wikinews.org), the free news source, used under the Creative Commons Attribution 2.5 licence (https://creativecommons.org/licenses/by/2.5/); articles published before 25 September 2005 are in the public domain. Text converted to plain text (markup, captions and images removed); see each article's Wikinews URL for the original.";

export const DEMO_ATTRIBUTION_HTML =
  'News articles from <a href="https://en.wikinews.org">Wikinews</a>, the free news source, used under the ' +
  '<a href="https://creativecommons.org/licenses/by/2.5/">Creative Commons Attribution 2.5 licence</a>; ' +
  'articles published before 25 September 2005 are in the public domain. Text converted to plain text ' +
  '(markup, captions and images removed); see each article&#39;s Wikinews URL for the original.';

interface CorpusRecord {
  id: string;
  url: string;
  title: string;
  published: string;
  text: string;
}

/** Reads the demo corpus as ingest inputs, oldest first (the order a news stream would have seen them). */
export function loadDemoCorpus(path = DEMO_CORPUS_PATH): IngestInput[] {
  if (!existsSync(path)) throw new StorylineError('store', 'corpus_missing', 'demo corpus not found', { input: path });
  const out: IngestInput[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let r: CorpusRecord;
    try {
      r = JSON.parse(lines[i]) as CorpusRecord;
    } catch (err) {
      throw new StorylineError('store', 'corpus_corrupt', `line ${i + 1} is not valid JSON`, { input: path, cause: err });
    }
    out.push({
      id: r.id,
      url: r.url,
      title: r.title,
      text: r.text,
      published: r.published,
      source: DEMO_SOURCE_NAME,
      lang: 'en',
      label: `${path}:${i + 1}`,
    });
  }
  out.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  return out;
}
