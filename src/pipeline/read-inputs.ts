// Turns the files given to `storyline import` into ingest inputs: JSONL article lines, .json articles
// (one object or an array), .txt files (first line is the title), .html pages (through the extract
// stage) and RSS/Atom/JSON feeds (through the feed parser). Every problem names its file (and line)
// and the rest of the files go on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sanitizeHtml from 'sanitize-html';
import { StorylineError, errorMessage } from '../errors.ts';
import { parseJsonl, requireStrings } from '../io/read.ts';
import { parseFeed } from '../sources/feed/index.ts';
import { extractArticle } from '../extract/index.ts';
import type { IngestInput } from './ingest.ts';

export interface ReadProblem {
  input: string;
  error: string;
}

export interface ReadResult {
  inputs: IngestInput[];
  problems: ReadProblem[];
  /** Files that yielded at least one article. */
  files: number;
}

const TEXT_EXT = new Set(['.jsonl', '.ndjson', '.json', '.txt', '.html', '.htm', '.xml', '.rss', '.atom', '.rdf', '.feed']);

/** Plain text of feed item HTML: block ends become paragraph breaks, tags and entities go. */
export function htmlToText(html: string): string {
  const marked = html.replace(/<\s*(br|\/p|\/div|\/li|\/h[1-6]|\/blockquote)\b[^>]*>/gi, '$&\n\n');
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'noscript', 'iframe', 'figcaption'] });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function listFiles(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) listFiles(p, out);
    else if (TEXT_EXT.has(extname(name).toLowerCase())) out.push(p);
  }
}

type Kind = 'jsonl' | 'json' | 'txt' | 'html' | 'feed';

function kindOf(path: string, body: string): Kind {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  const head = body.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  if (ext === '.json' || head.startsWith('{') || head.startsWith('[')) {
    if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(body.slice(0, 4096))) return 'feed';
    // One object per line rather than one document: treat as JSONL whatever the extension.
    const lines = body.trim().split('\n');
    if (ext !== '.json' && lines.length > 1 && lines.every((l) => !l.trim() || l.trim().startsWith('{'))) return 'jsonl';
    return ext === '.json' || head.startsWith('[') ? 'json' : 'jsonl';
  }
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i.test(head) || ['.xml', '.rss', '.atom', '.rdf', '.feed'].includes(ext)) return 'feed';
  if (ext === '.html' || ext === '.htm' || /^<(!doctype html|html)\b/i.test(head)) return 'html';
  return 'txt';
}

function checkArticle(v: unknown): string | null {
  const p = requireStrings(v, ['title', 'text'], ['id', 'url', 'published', 'source', 'lang', 'byline']);
  if (p) return p;
  if (!(v as { text: string }).text.trim()) return 'field "text" is empty';
  return null;
}

function fromRecord(v: IngestInput, label: string): IngestInput {
  return {
    id: v.id ?? undefined,
    url: v.url ?? null,
    title: v.title,
    text: v.text,
    published: v.published ?? null,
    source: v.source ?? null,
    lang: v.lang ?? null,
    byline: v.byline ?? null,
    label,
  };
}

async function readOne(path: string, name: string, out: ReadResult): Promise<void> {
  const body = readFileSync(path, 'utf8');
  const before = out.inputs.length;
  switch (kindOf(path, body)) {
    case 'jsonl': {
      for (const line of parseJsonl<IngestInput>(body, name, checkArticle)) {
        if (line.error) out.problems.push({ input: `${name}:${line.line}`, error: line.error.slice(name.length + String(line.line).length + 3) });
        else out.inputs.push(fromRecord(line.value!, `${name}:${line.line}`));
      }
      break;
    }
    case 'json': {
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        throw new StorylineError('cli', 'bad_input', 'not valid JSON', { input: name });
      }
      const list = Array.isArray(v) ? v : [v];
      list.forEach((item, i) => {
        const label = Array.isArray(v) ? `${name}[${i}]` : name;
        const problem = checkArticle(item);
        if (problem) out.problems.push({ input: label, error: problem });
        else out.inputs.push(fromRecord(item as IngestInput, label));
      });
      break;
    }
    case 'txt': {
      const text = body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const nl = text.indexOf('\n');
      const title = (nl < 0 ? text : text.slice(0, nl)).trim();
      const rest = nl < 0 ? '' : text.slice(nl + 1).trim();
      if (!rest) throw new StorylineError('cli', 'bad_input', 'a text file needs a title line and a body', { input: name });
      out.inputs.push({ title, text: rest, url: pathToFileURL(resolve(path)).href, source: null, label: name });
      break;
    }
    case 'html': {
      const url = pathToFileURL(resolve(path)).href;
      const page = extractArticle(body, { url, input: name });
      if (!page.text?.trim()) throw new StorylineError('extract', 'no_content', 'no article text found in the page', { input: name });
      out.inputs.push({
        title: page.title ?? basename(path),
        text: page.text,
        url: page.canonicalUrl ?? url,
        canonicalUrl: page.canonicalUrl ?? null,
        published: page.published ?? null,
        lang: page.lang ?? null,
        byline: page.byline ?? null,
        source: page.siteName ?? null,
        label: name,
      });
      break;
    }
    case 'feed': {
      const feed = parseFeed(body, {});
      feed.items.forEach((item, i) => {
        const label = `${name}#${i + 1}`;
        const text = htmlToText(item.content ?? item.summary ?? '');
        if (!text) {
          out.problems.push({ input: label, error: 'feed item has no content or summary' });
          return;
        }
        out.inputs.push({
          title: item.title ? item.title : text.split('\n')[0].slice(0, 120),
          text,
          url: item.link,
          id: item.link ? undefined : item.id ? `feed_${item.id}` : undefined,
          published: item.published,
          byline: item.author,
          source: feed.title,
          label,
        });
      });
      if (feed.items.length === 0) throw new StorylineError('sources', 'empty_feed', 'the feed has no items', { input: name });
      break;
    }
  }
  if (out.inputs.length > before) out.files++;
}

/** Reads every path (files, or directories walked for known file types); never throws for one bad file. */
export async function readImportPaths(paths: string[]): Promise<ReadResult> {
  const out: ReadResult = { inputs: [], problems: [], files: 0 };
  for (const p of paths) {
    let files: string[];
    try {
      const st = statSync(p);
      files = [];
      if (st.isDirectory()) {
        listFiles(p, files);
        if (files.length === 0) out.problems.push({ input: p, error: 'no .jsonl, .json, .txt, .html or feed files in the directory' });
      } else files.push(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      out.problems.push({ input: p, error: code === 'ENOENT' ? 'no such file or directory' : errorMessage(err) });
      continue;
    }
    for (const f of files) {
      try {
        await readOne(f, f, out);
      } catch (err) {
        out.problems.push({ input: f, error: err instanceof StorylineError ? `${err.stage}.${err.code}: ${err.message}` : errorMessage(err) });
      }
    }
  }
  return out;
}
