// Sources bench: feed parsing on feedparser's test feeds and on rss-parser's real-world fixtures.
// Baseline, same run: @rowanmanning/feed-parser called directly on the raw bytes decoded as UTF-8 (no
// charset handling, no repairs, the library's own `new Date()` dates).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { parseFeed as libParseFeed } from '@rowanmanning/feed-parser';
import { dataset, skip, type BenchResult, type BenchRow } from './common.ts';
import { parseFeed, parseFeedDetailed } from '../src/sources/feed/index.ts';

const STAGE = 'sources';
const BASELINE = '@rowanmanning/feed-parser on UTF-8 text';

/** The comparable view of a parse: what both parsers can be asked about. */
interface View {
  title: string | null;
  link: string | null;
  encoding: string | null;
  items: {
    id: string | null;
    title: string | null;
    link: string | null;
    published: string | null;
    author: string | null;
    summary: string | null;
    content: string | null;
    enclosure: string | null;
  }[];
}

function projectView(buf: Buffer, contentType: string | undefined, url: string | undefined): View {
  const f = parseFeedDetailed(buf, { contentType, url });
  return {
    title: f.title,
    link: f.link,
    encoding: f.diagnostics.encoding,
    items: f.items.map((i) => ({ ...i, enclosure: i.enclosures?.[0]?.url ?? null })),
  };
}

function baselineView(buf: Buffer): View {
  const f = libParseFeed(buf.toString('utf8'));
  const iso = (d: Date | null) => (d && !Number.isNaN(d.valueOf()) ? d.toISOString() : null);
  return {
    title: f.title,
    link: f.url,
    encoding: 'utf-8',
    items: f.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.url,
      published: iso(i.published ?? i.updated),
      author: i.authors[0]?.name ?? i.authors[0]?.email ?? null,
      summary: i.description,
      content: i.content,
      enclosure: i.media[0]?.url ?? null,
    })),
  };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(xml|json|rss|atom)$/.test(name)) out.push(p);
  }
  return out;
}

/** The test header comment, decoded whatever the file's encoding (UTF-16/32 files included). */
function headerText(buf: Buffer): string {
  const b = buf.subarray(0, 4);
  let enc: BufferEncoding | 'utf-32le' | 'utf-32be' = 'latin1';
  if ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0x3c && b[1] === 0 && b[2] === 0 && b[3] === 0)) enc = 'utf-32le';
  else if ((b[0] === 0 && b[1] === 0 && b[2] === 0xfe) || (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0x3c)) enc = 'utf-32be';
  else if (b[0] === 0xff && b[1] === 0xfe) enc = 'utf16le';
  else if (b[0] === 0x3c && b[1] === 0) enc = 'utf16le';
  else if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0 && b[1] === 0x3c)) enc = 'utf16le';
  // The header comment is ASCII, so dropping the zero bytes of UTF-16/32 leaves it readable.
  if (enc !== 'latin1')
    return Buffer.from(buf.filter((x) => x !== 0))
      .subarray(0, 3000)
      .toString('latin1');
  return buf.subarray(0, 3000).toString('latin1');
}

/** Reads a Python string literal (with \x, \u, \U escapes) starting at `s[0]`. */
function pyString(s: string): { value: string; rest: string } | null {
  const m = /^u?(['"])/.exec(s);
  if (!m) return null;
  const q = m[1];
  let i = m[0].length;
  let out = '';
  while (i < s.length && s[i] !== q) {
    if (s[i] === '\\') {
      const c = s[i + 1];
      const hex = (n: number) => String.fromCodePoint(parseInt(s.slice(i + 2, i + 2 + n), 16));
      const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
      if (width) {
        out += hex(width);
        i += 2 + width;
      } else {
        out += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[c] ?? '\\' + c;
        i += 2;
      }
    } else out += s[i++];
  }
  return i < s.length ? { value: out, rest: s.slice(i + 1) } : null;
}

type Check = { kind: string; holds: (v: View) => boolean };

const DATE_KEYS = /^(published|updated|created|issued|modified)_parsed$/;

/** Turns one `Expect:` clause into a check on our model, or null when the model has no such field. */
function clauseCheck(clause: string): Check | null {
  let m = /^len\(entries\)\s*==\s*(\d+)$/.exec(clause);
  if (m) {
    const n = Number(m[1]);
    return { kind: 'item count', holds: (v) => v.items.length === n };
  }
  m = /^encoding\s*==\s*(.+)$/.exec(clause);
  if (m) {
    const lit = pyString(m[1]);
    if (!lit) return null;
    const want = lit.value.toLowerCase().replace('gb2312', 'gb18030');
    return { kind: 'encoding', holds: (v) => (v.encoding ?? '').toLowerCase() === want };
  }
  m = /^(feed|entries\[(\d+)\])(?:\['([a-z_]+)'\]|\.([a-z_]+))(?:\[0\]\['value'\])?\s*==\s*(.+)$/.exec(clause);
  if (!m) return null;
  const idx = m[2] === undefined ? null : Number(m[2]);
  const key = m[3] ?? m[4];
  const rhs = m[5].trim();
  if (DATE_KEYS.test(key) && idx !== null) {
    const t = /^\((\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)/.exec(rhs);
    if (!t) return null;
    const want = new Date(Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6])).toISOString();
    return { kind: 'date', holds: (v) => v.items[idx]?.published === want };
  }
  const lit = pyString(rhs);
  if (!lit || lit.rest.trim() !== '') return null;
  const want = lit.value.trim();
  const fields: Record<string, string> =
    idx === null
      ? { title: 'title', link: 'link' }
      : { title: 'title', link: 'link', id: 'id', author: 'author', content: 'content', description: 'summary', summary: 'summary' };
  const field = fields[key];
  if (!field) return null;
  const kind = field === 'summary' || field === 'content' ? 'text' : field;
  return {
    kind,
    holds: (v) => {
      const target = idx === null ? (v as unknown as Record<string, string | null>) : (v.items[idx] as unknown as Record<string, string | null> | undefined);
      if (!target) return false;
      const got = field === 'summary' ? (target.summary ?? target.content) : field === 'content' ? (target.content ?? target.summary) : target[field];
      return (got ?? '').trim() === want;
    },
  };
}

function splitClauses(expect: string): string[] {
  // Split on top-level " and " (outside string literals).
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < expect.length; i++) {
    const c = expect[i];
    if (quote) {
      cur += c;
      if (c === '\\') cur += expect[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (expect.startsWith(' and ', i)) {
      out.push(cur.trim());
      cur = '';
      i += 4;
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

async function feedparserTests(root: string): Promise<BenchResult[]> {
  const files = walk(root).filter((f) => !f.endsWith('README.md'));
  const rows: BenchRow[] = [];
  let crashP = 0;
  let crashB = 0;
  let timeP = 0;
  let timeB = 0;
  const parsed: Record<string, { n: number; p: number; b: number }> = {};
  const checks: Record<string, { n: number; p: number; b: number }> = {};
  for (const file of files) {
    const rel = relative(root, file);
    const group = rel.split('/')[0];
    const folder = rel.split('/')[1] ?? '';
    const buf = readFileSync(file);
    const head = headerText(buf);
    const header = /Header:\s*Content-type:\s*(.*)/i.exec(head)?.[1]?.trim();
    const expect =
      /Expect:\s*(.*)/
        .exec(head)?.[1]
        ?.replace(/\s*-->.*$/, '')
        .trim() ?? '';
    const docUrl = `http://127.0.0.1:8097/tests/${rel}`;
    // As a fetch would: a Content-Location header sets the document's base URL (see documentBaseUrl).
    const location = /Header:\s*Content-Location:\s*(\S+)/i.exec(head)?.[1];
    const url = location ? new URL(location, docUrl).href : docUrl;
    let pv: View | null = null;
    let bv: View | null = null;
    const tp = performance.now();
    try {
      // Only the HTTP cases (files named http_*, or under wellformed/http) are served with a default text/xml.
      const served = /(^|\/)http_/.test(rel) || folder === 'http';
      pv = projectView(buf, header ?? (served ? 'text/xml' : undefined), url);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && (err as { code: string }).code === 'feed_unparseable')) crashP++;
    }
    timeP += performance.now() - tp;
    const tb = performance.now();
    try {
      bv = baselineView(buf);
    } catch (err) {
      if (!(err instanceof Error && (err as { code?: string }).code === 'INVALID_FEED')) crashB++;
    }
    timeB += performance.now() - tb;
    if (['wellformed', 'encoding', 'entities', 'illformed'].includes(group)) {
      const g = (parsed[group] ??= { n: 0, p: 0, b: 0 });
      g.n++;
      if (pv) g.p++;
      if (bv) g.b++;
    }
    // wellformed/sanitize/ tests HTML sanitising (script/style/on* removal), which is the extract stage's
    // job, not the feed parser's: its clauses are left out for both parsers.
    for (const clause of folder === 'sanitize' ? [] : splitClauses(expect)) {
      const c = clauseCheck(clause);
      if (!c) continue;
      const k = (checks[c.kind] ??= { n: 0, p: 0, b: 0 });
      const all = (checks.all ??= { n: 0, p: 0, b: 0 });
      k.n++;
      all.n++;
      if (pv && safe(() => c.holds(pv!))) {
        k.p++;
        all.p++;
      } else if (process.env.STORYLINE_BENCH_VERBOSE) console.log(`[bench] sources: miss ${rel}: ${clause}`);
      if (bv && safe(() => c.holds(bv!))) {
        k.b++;
        all.b++;
      }
    }
  }
  const ds = (what: string) => `feedparser-tests ${what}`;
  rows.push({
    stage: STAGE,
    metric: 'feeds answered without crash',
    project: files.length - crashP,
    baseline: files.length - crashB,
    baselineName: BASELINE,
    dataset: ds(`(${files.length} files)`),
  });
  rows.push({
    stage: STAGE,
    metric: 'parse time per feed (ms, mean)',
    project: timeP / files.length,
    baseline: timeB / files.length,
    baselineName: BASELINE,
    dataset: ds(`(${files.length} files)`),
  });
  for (const [g, c] of Object.entries(parsed)) {
    rows.push({
      stage: STAGE,
      metric: `share parsed: ${g}`,
      project: c.p / c.n,
      baseline: c.b / c.n,
      baselineName: BASELINE,
      dataset: ds(`${g} (${c.n} files)`),
    });
  }
  for (const [k, c] of Object.entries(checks).sort()) {
    rows.push({
      stage: STAGE,
      metric: `Expect clauses holding: ${k}`,
      project: c.p / c.n,
      baseline: c.b / c.n,
      baselineName: BASELINE,
      dataset: ds(`(${c.n} checkable clauses, sanitize/ excluded)`),
    });
  }
  return rows;
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

function gunzipMaybe(path: string): Buffer {
  const b = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(b) : b;
}

type Expected = Record<string, unknown>;

async function rssParserFixtures(root: string): Promise<BenchResult[]> {
  const outDir = join(root, 'output');
  const fields = ['feed title', 'feed link', 'item count', 'title', 'link', 'date', 'id', 'content', 'enclosure', 'author'] as const;
  const score: Record<string, { n: number; p: number; b: number }> = Object.fromEntries(fields.map((f) => [f, { n: 0, p: 0, b: 0 }]));
  let fixtures = 0;
  const norm = (s: unknown) => (typeof s === 'string' ? s.trim() : s === undefined || s === null ? null : String(s));
  for (const name of readdirSync(join(root, 'input')).sort()) {
    const stem = name.replace(/\.(rss|atom)(\.gz)?$/, '');
    const outName = readdirSync(outDir).find((o) => o === `${stem}.json` || o === `${stem}.json.gz`);
    if (!outName || stem === 'xml2js-options') continue;
    fixtures++;
    const expected = (JSON.parse(gunzipMaybe(join(outDir, outName)).toString('utf8')) as { feed: Expected }).feed;
    const buf = gunzipMaybe(join(root, 'input', name));
    let pv: View | null = null;
    let bv: View | null = null;
    try {
      pv = projectView(buf, undefined, undefined);
    } catch {
      /* counted as misses below */
    }
    try {
      bv = baselineView(buf);
    } catch {
      /* counted as misses below */
    }
    const compare = (field: string, want: unknown, get: (v: View) => unknown) => {
      const w = norm(want);
      if (w === null || w === '') return;
      score[field].n++;
      if (pv && norm(get(pv)) === w) score[field].p++;
      if (bv && norm(get(bv)) === w) score[field].b++;
    };
    compare('feed title', expected.title, (v) => v.title);
    compare('feed link', expected.link, (v) => v.link);
    const items = (expected.items as Expected[] | undefined) ?? [];
    compare('item count', items.length, (v) => v.items.length);
    items.forEach((it, i) => {
      compare('title', it.title, (v) => v.items[i]?.title);
      compare('link', it.link, (v) => v.items[i]?.link);
      compare('date', it.isoDate, (v) => v.items[i]?.published);
      compare('id', it.guid ?? it.id, (v) => v.items[i]?.id);
      compare('content', it.content, (v) => v.items[i]?.content ?? v.items[i]?.summary);
      compare('enclosure', (it.enclosure as Expected | undefined)?.url, (v) => v.items[i]?.enclosure);
      compare('author', it.creator ?? it.author, (v) => v.items[i]?.author);
    });
  }
  let n = 0;
  let p = 0;
  let b = 0;
  const rows: BenchRow[] = fields
    .filter((f) => score[f].n > 0)
    .map((f) => {
      n += score[f].n;
      p += score[f].p;
      b += score[f].b;
      return {
        stage: STAGE,
        metric: `rss-parser field agreement: ${f}`,
        project: score[f].p / score[f].n,
        baseline: score[f].b / score[f].n,
        baselineName: BASELINE,
        dataset: `rss-parser-fixtures (${fixtures} feeds, ${score[f].n} values)`,
      };
    });
  rows.push({
    stage: STAGE,
    metric: 'rss-parser field agreement: all',
    project: p / n,
    baseline: b / n,
    baselineName: BASELINE,
    dataset: `rss-parser-fixtures (${fixtures} feeds, ${n} values)`,
  });
  return rows;
}

/** Item counts of the scaling rows: a busy feed, a big one, and one past the default item cap's reach. */
const SCALE_ITEMS = [1_000, 3_000, 10_000];
/** How long the unpatched library may take on one size before it is reported as not finishing. */
const SCALE_BASELINE_LIMIT_MS = 30_000;

/** An RSS 2.0 feed of `n` ordinary items (title, link, guid, date, HTML description). */
function syntheticRss(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(
      `<item><title>Item ${i}</title><link>https://news.example/${i}</link><guid>g${i}</guid>` +
        `<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Text of item ${i}.&lt;/p&gt;</description></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title><link>https://news.example/</link>${items.join('')}</channel></rss>`;
}

/**
 * The library as shipped, without the memoisation src/sources/feed/linear.ts installs: a worker has its
 * own module graph, so the prototype there is untouched. It reads the same fields baselineView does.
 */
const UNPATCHED_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { parseFeed } = require(workerData.lib);
const t = performance.now();
const f = parseFeed(workerData.xml);
let n = 0;
for (const i of f.items) { void [i.id, i.title, i.url, i.published, i.updated, i.authors, i.description, i.content, i.media]; n++; }
parentPort.postMessage({ ms: performance.now() - t, n });
`;

function unpatchedParseMs(xml: string): Promise<number | null> {
  const lib = createRequire(import.meta.url).resolve('@rowanmanning/feed-parser');
  return new Promise((resolve, reject) => {
    const w = new Worker(UNPATCHED_WORKER, { eval: true, workerData: { xml, lib } });
    const timer = setTimeout(() => void w.terminate().then(() => resolve(null)), SCALE_BASELINE_LIMIT_MS);
    w.once('message', (m: { ms: number }) => {
      clearTimeout(timer);
      void w.terminate();
      resolve(m.ms);
    });
    w.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function scaling(): Promise<BenchResult[]> {
  const rows: BenchRow[] = [];
  for (const n of SCALE_ITEMS) {
    const xml = syntheticRss(n);
    // Best of three: one parse is short enough for a GC pause or JIT warm-up to dominate it.
    let ms = Infinity;
    let got = 0;
    for (let round = 0; round < 3; round++) {
      const t = performance.now();
      got = parseFeed(xml, { url: 'https://news.example/feed.xml', maxItems: n }).items.length;
      ms = Math.min(ms, performance.now() - t);
    }
    if (got !== n) throw new Error(`scaling: parsed ${got} of ${n} items`);
    const base = await unpatchedParseMs(xml);
    rows.push({
      stage: STAGE,
      metric: `parse time, ${n.toLocaleString('en')} items (ms)`,
      project: ms,
      baseline: base ?? `did not finish in ${SCALE_BASELINE_LIMIT_MS / 1000} s`,
      baselineName: '@rowanmanning/feed-parser 2.1.5 as shipped (not memoised), same fields read',
      dataset: `synthetic RSS 2.0, ${(Buffer.byteLength(xml) / 1024).toFixed(0)} KiB`,
    });
  }
  return rows;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  out.push(...(await scaling()));
  const fp = dataset('feedparser-tests');
  out.push(...(fp ? await feedparserTests(fp) : [skip(STAGE, 'feedparser-tests')]));
  const rp = dataset('rss-parser-fixtures');
  out.push(...(rp ? await rssParserFixtures(rp) : [skip(STAGE, 'rss-parser-fixtures')]));
  return out;
}
