// Turns the files given to `storyline import` into ingest inputs: JSONL article lines, .json articles
// (one object or an array), .txt files (first line is the title), .html pages (through the extract
// stage) and RSS/Atom/JSON feeds (through the feed parser). Every problem names its file (and line)
// and the rest of the files go on: a directory entry that cannot be read (a symlink loop, a dangling
// link, no permission, a FIFO) is skipped and reported, and a JSONL line over the byte cap is skipped
// without being held in memory whole.
import { closeSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sanitizeHtml from 'sanitize-html';
import { StorylineError, errorMessage } from '../errors.ts';
import { requireStrings } from '../io/read.ts';
import { parseFeed } from '../sources/feed/index.ts';
import { extractArticle } from '../extract/index.ts';
import type { IngestInput } from './ingest.ts';

export interface ReadProblem {
  input: string;
  error: string;
  /** The file or directory could not be read at all (as opposed to being read and found bad). */
  unreadable?: boolean;
}

/**
 * Longest JSONL line read, in bytes: room for the longest text ingest accepts (MAX_TEXT_CHARS, 300k
 * characters) even if every character were written as a 6-byte \uXXXX escape (1.8 MB), plus the other
 * fields. A longer line cannot hold an article ingest would take, so it is skipped unparsed, without
 * being assembled in memory (one 200 MB line used to hold import for minutes).
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
/**
 * Largest file read whole (a .json array, a page, a feed, a text file), in bytes; JSONL files of any size
 * are read line by line. The same cap as gzip inflation in io/read.ts: real feeds and pages are a few MB.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Bytes read at a time from a JSONL file; also how much of a file too large to read whole is sniffed for its kind. */
const CHUNK_BYTES = 1024 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

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

/** Why a path cannot be read, in words (the errno alone, ENOENT for a link that dangles, misleads). */
function unreadableReason(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symlink loop';
  if (code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return `dangling symlink (to ${readlinkSync(path)})`;
    } catch {
      // Gone between the two calls: said plainly below.
    }
    return 'no such file or directory';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return errorMessage(err);
}

/**
 * Walks `dir` for files of the known types. Directories are identified by device and inode: a link back
 * to a directory being walked is a loop (reported, not followed); one reached twice by other links is
 * walked once. Every entry that cannot be read is reported and skipped; the rest are listed.
 */
function listFiles(dir: string, out: string[], problems: ReadProblem[], ancestors: Set<string>, walked: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    problems.push({ input: dir, error: unreadableReason(dir, err), unreadable: true });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      problems.push({ input: p, error: unreadableReason(p, err), unreadable: true });
      continue;
    }
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (ancestors.has(key)) {
        problems.push({ input: p, error: 'symlink loop (links back to a directory that contains it)', unreadable: true });
        continue;
      }
      if (walked.has(key)) continue;
      walked.add(key);
      ancestors.add(key);
      listFiles(p, out, problems, ancestors, walked);
      ancestors.delete(key);
    } else if (TEXT_EXT.has(extname(name).toLowerCase())) {
      // Reading a FIFO or a device would block or never end.
      if (!st.isFile()) problems.push({ input: p, error: 'not a regular file', unreadable: true });
      else out.push(p);
    }
  }
}

type Kind = 'jsonl' | 'json' | 'txt' | 'html' | 'feed';

function kindOf(path: string, body: string): Kind {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  const head = body
    .slice(0, 2048)
    .replace(/^\uFEFF/, '')
    .trimStart();
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

/**
 * Splits a byte stream into lines (LF, a trailing CR dropped) and hands each to `onLine` with its number;
 * a line longer than `maxBytes` goes to `onTooLong` instead, and its bytes are dropped as they arrive.
 */
export function splitLines(chunks: Iterable<Buffer>, maxBytes: number, onLine: (n: number, text: string) => void, onTooLong: (n: number) => void): void {
  const decoder = new TextDecoder('utf-8');
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let n = 1;
  const end = () => {
    if (tooLong) onTooLong(n);
    else {
      let text = decoder.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (n === 1) text = text.replace(/^\uFEFF/, '');
      onLine(n, text);
    }
    parts = [];
    size = 0;
    tooLong = false;
    n++;
  };
  const take = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > maxBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  for (const chunk of chunks) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      take(chunk.subarray(from, nl));
      end();
      from = nl + 1;
    }
    // Copied: the reader reuses its buffer for the next chunk.
    if (from < chunk.length) take(Buffer.from(chunk.subarray(from)));
  }
  if (size > 0 || tooLong) end();
}

function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) return;
      yield buf.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

function readJsonl(chunks: Iterable<Buffer>, name: string, out: ReadResult): void {
  splitLines(
    chunks,
    MAX_LINE_BYTES,
    (n, text) => {
      const raw = text.trim();
      if (!raw) return;
      const label = `${name}:${n}`;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        out.problems.push({ input: label, error: 'not valid JSON' });
        return;
      }
      const problem = checkArticle(value);
      if (problem) out.problems.push({ input: label, error: problem });
      else out.inputs.push(fromRecord(value as IngestInput, label));
    },
    (n) => out.problems.push({ input: `line ${n} of ${name}`, error: `longer than ${mb(MAX_LINE_BYTES)}, skipped` }),
  );
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

async function readOne(path: string, name: string, out: ReadResult): Promise<void> {
  const before = out.inputs.length;
  if (statSync(path).size > MAX_FILE_BYTES) {
    // Only JSONL is read in pieces; anything else would be parsed whole.
    if (kindOf(path, readHead(path)) !== 'jsonl') {
      throw new StorylineError('cli', 'too_large', `larger than ${mb(MAX_FILE_BYTES)} (only JSONL files may be larger)`, { input: name });
    }
    readJsonl(fileChunks(path), name, out);
    if (out.inputs.length > before) out.files++;
    return;
  }
  const bytes = readFileSync(path);
  const body = bytes.toString('utf8');
  switch (kindOf(path, body)) {
    case 'jsonl': {
      readJsonl([bytes], name, out);
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
        const before = out.problems.length;
        const root = new Set([`${st.dev}:${st.ino}`]);
        listFiles(p, files, out.problems, root, new Set(root));
        if (files.length === 0 && out.problems.length === before) {
          out.problems.push({ input: p, error: 'no .jsonl, .json, .txt, .html or feed files in the directory' });
        }
      } else if (!st.isFile()) {
        out.problems.push({ input: p, error: 'not a regular file', unreadable: true });
        continue;
      } else files.push(p);
    } catch (err) {
      const reason = unreadableReason(p, err);
      // A path named on the command line that does not exist is a typo, reported as before; the rest
      // (a dangling link, a loop, no permission) could not be read.
      out.problems.push({ input: p, error: reason, unreadable: reason !== 'no such file or directory' });
      continue;
    }
    for (const f of files) {
      try {
        await readOne(f, f, out);
      } catch (err) {
        if (err instanceof StorylineError) out.problems.push({ input: f, error: `${err.stage}.${err.code}: ${err.message}` });
        // A failure of the file system (permission, I/O), not of the content.
        else if ((err as NodeJS.ErrnoException).code) out.problems.push({ input: f, error: unreadableReason(f, err), unreadable: true });
        else out.problems.push({ input: f, error: errorMessage(err) });
      }
    }
  }
  return out;
}
