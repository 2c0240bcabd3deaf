// Extract stage benchmark.
// 1. article-extraction-benchmark: word-4-gram shingle P/R/F1 against the human article body, computed the
//    way the benchmark's evaluate.py does (per-page tp/fp/fn normalised, means of P and R, F1 of the means),
//    for extractArticle beside plain Readability.js on jsdom (the benchmark's published configuration).
// 2. readability-test-pages: share of titles, bylines and dates matching the expected metadata.
// 3. time per page (median, p95): storyline vs Readability+jsdom vs Readability+linkedom.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { dataset, median, percentile, skip, type BenchResult, type BenchRow } from './common.ts';
import { extractArticle } from '../src/extract/extract.ts';
import { toIsoDate } from '../src/extract/meta.ts';

const STAGE = 'extract';

/** Multiset of word 4-grams, as the benchmark's evaluate.py builds them (\w+ tokens, case kept). */
export function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}_\p{M}]+/gu) ?? [];
  const out = new Map<string, number>();
  const n = 4;
  // evaluate.py pads short texts so that a text of fewer than 4 tokens still yields one shingle.
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const key = tokens.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Per-page counts turned into the benchmark's mean precision / mean recall / F1-of-means. */
export function shingleScore(pairs: Array<{ predicted: string; truth: string }>): PRF {
  let sumP = 0;
  let sumR = 0;
  let exact = 0;
  for (const { predicted, truth } of pairs) {
    const p = shingles(predicted);
    const t = shingles(truth);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [k, c] of p) {
      const tc = t.get(k) ?? 0;
      tp += Math.min(c, tc);
      fp += Math.max(0, c - tc);
    }
    for (const [k, c] of t) fn += Math.max(0, c - (p.get(k) ?? 0));
    sumP += tp + fp === 0 ? 1 : tp / (tp + fp);
    sumR += tp + fn === 0 ? 1 : tp / (tp + fn);
    const tokP = (predicted.match(/[\p{L}\p{N}_\p{M}]+/gu) ?? []).join(' ');
    const tokT = (truth.match(/[\p{L}\p{N}_\p{M}]+/gu) ?? []).join(' ');
    if (tokP === tokT) exact++;
  }
  const precision = sumP / pairs.length;
  const recall = sumR / pairs.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), accuracy: exact / pairs.length };
}

const quietConsole = new VirtualConsole();

export function readabilityJsdom(html: string, url?: string): string {
  const dom = new JSDOM(html, { url, virtualConsole: quietConsole });
  return new Readability(dom.window.document).parse()?.textContent ?? '';
}

export function readabilityLinkedom(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document as unknown as Document).parse()?.textContent ?? '';
}

export function storyline(html: string, url?: string): string {
  try {
    return extractArticle(html, { url }).text;
  } catch {
    return '';
  }
}

interface AebPage {
  id: string;
  html: string;
  truth: string;
  url: string;
}

export function loadAeb(dir: string): AebPage[] {
  const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  return Object.keys(gt)
    .sort()
    .filter((id) => existsSync(join(dir, 'html', `${id}.html.gz`)))
    .map((id) => ({ id, html: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8'), truth: gt[id].articleBody, url: gt[id].url }));
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

export async function aebRows(): Promise<BenchResult[]> {
  const dir = dataset('article-extraction-benchmark');
  if (!dir) return [skip(STAGE, 'article-extraction-benchmark')];
  const pages = loadAeb(dir);
  const name = `article-extraction-benchmark (${pages.length} pages)`;
  const ours: Array<{ predicted: string; truth: string }> = [];
  const rjs: Array<{ predicted: string; truth: string }> = [];
  const tOurs: number[] = [];
  const tJsdom: number[] = [];
  const tLinkedom: number[] = [];
  for (const p of pages) {
    const [a, ta] = timed(() => storyline(p.html, p.url));
    const [b, tb] = timed(() => readabilityJsdom(p.html, p.url));
    const [, tc] = timed(() => readabilityLinkedom(p.html));
    ours.push({ predicted: a, truth: p.truth });
    rjs.push({ predicted: b, truth: p.truth });
    tOurs.push(ta);
    tJsdom.push(tb);
    tLinkedom.push(tc);
  }
  const o = shingleScore(ours);
  const r = shingleScore(rjs);
  const base = 'Readability.js 0.6.0 on jsdom';
  const rows: BenchRow[] = [
    { stage: STAGE, metric: 'main text shingle F1', project: o.f1, baseline: r.f1, baselineName: base, dataset: name },
    { stage: STAGE, metric: 'main text shingle precision', project: o.precision, baseline: r.precision, baselineName: base, dataset: name },
    { stage: STAGE, metric: 'main text shingle recall', project: o.recall, baseline: r.recall, baselineName: base, dataset: name },
    { stage: STAGE, metric: 'main text exact token match', project: o.accuracy, baseline: r.accuracy, baselineName: base, dataset: name },
    { stage: STAGE, metric: 'ms/page median', project: median(tOurs), baseline: median(tJsdom), baselineName: base, dataset: name },
    { stage: STAGE, metric: 'ms/page p95', project: percentile(tOurs, 95), baseline: percentile(tJsdom, 95), baselineName: base, dataset: name },
    {
      stage: STAGE,
      metric: 'ms/page median',
      project: median(tOurs),
      baseline: median(tLinkedom),
      baselineName: 'Readability.js 0.6.0 on linkedom',
      dataset: name,
    },
    {
      stage: STAGE,
      metric: 'ms/page p95',
      project: percentile(tOurs, 95),
      baseline: percentile(tLinkedom, 95),
      baselineName: 'Readability.js 0.6.0 on linkedom',
      dataset: name,
    },
  ];
  return rows;
}

interface ExpectedMeta {
  title: string | null;
  byline: string | null;
  publishedTime: string | null;
}

function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  const n = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
}

function sameDate(a: string | null, expected: string | null): boolean {
  const e = toIsoDate(expected);
  return a !== null && e !== null && a === e;
}

export async function rtpRows(): Promise<BenchResult[]> {
  const dir = dataset('readability-test-pages');
  if (!dir) return [skip(STAGE, 'readability-test-pages')];
  const root = join(dir, 'pages');
  const names = readdirSync(root).sort();
  let titles = 0;
  let titlesOk = 0;
  let titlesBase = 0;
  let bylines = 0;
  let bylinesOk = 0;
  let bylinesBase = 0;
  let dates = 0;
  let datesOk = 0;
  let datesBase = 0;
  for (const n of names) {
    const html = gunzipSync(readFileSync(join(root, n, 'source.html.gz'))).toString('utf8');
    const exp = JSON.parse(readFileSync(join(root, n, 'expected-metadata.json'), 'utf8')) as ExpectedMeta;
    let got: ReturnType<typeof extractArticle> | null = null;
    try {
      got = extractArticle(html, { url: 'http://fakehost/test/page.html' });
    } catch {
      got = null;
    }
    // Baseline: Readability's own metadata on linkedom (no pre-cleaning, no extra sources).
    let base: ReturnType<Readability['parse']> = null;
    try {
      base = new Readability(parseHTML(html).document as unknown as Document).parse();
    } catch {
      base = null;
    }
    if (exp.title) {
      titles++;
      if (sameText(got?.title, exp.title)) titlesOk++;
      if (sameText(base?.title, exp.title)) titlesBase++;
    }
    if (exp.byline) {
      bylines++;
      if (sameText(got?.byline, exp.byline.replace(/^by\s+/i, ''))) bylinesOk++;
      if (sameText(base?.byline?.replace(/^by\s+/i, ''), exp.byline.replace(/^by\s+/i, ''))) bylinesBase++;
    }
    if (exp.publishedTime) {
      dates++;
      if (sameDate(got?.published ?? null, exp.publishedTime)) datesOk++;
      if (sameDate(toIsoDate(base?.publishedTime), exp.publishedTime)) datesBase++;
    }
  }
  const base = 'Readability.js 0.6.0 metadata on linkedom';
  return [
    {
      stage: STAGE,
      metric: 'title exact match',
      project: titlesOk / titles,
      baseline: titlesBase / titles,
      baselineName: base,
      dataset: `readability-test-pages (${titles} titles)`,
    },
    {
      stage: STAGE,
      metric: 'byline exact match',
      project: bylinesOk / bylines,
      baseline: bylinesBase / bylines,
      baselineName: base,
      dataset: `readability-test-pages (${bylines} bylines)`,
    },
    {
      stage: STAGE,
      metric: 'published date match',
      project: datesOk / dates,
      baseline: datesBase / dates,
      baselineName: base,
      dataset: `readability-test-pages (${dates} dates)`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  return [...(await aebRows()), ...(await rtpRows())];
}
