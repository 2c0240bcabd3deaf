// Grounding-check bench, no model needed: the extractive briefs of the Wikinews silver stories are fed to
// the check as "rewrites", faithful ones (the brief itself; adjacent sentences merged) that must pass, and
// corrupted ones (one invented name, number, quotation or weekday; a sentence citing the wrong source)
// that must fail. Beside it, in the same run, the common lexical-overlap test (a sentence is faithful when
// at least 80% of its content words occur in its cited sources). Exports `run()` in the bench format;
// `node --import tsx bench/writer.ts` prints the rows
// (`npm run bench -- writer` puts them in the table).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataset, skip, type BenchResult } from './common.ts';
import type { Brief, BriefArticle } from '../src/types.ts';
import { annotate } from '../src/nlp/annotate.ts';
import { FUNCTION_WORDS } from '../src/text/stopwords.ts';
import { buildBrief, HEADLINE_WORDS, LEAD_WORDS } from '../src/brief/build.ts';
import { buildPrompt, type RewrittenBrief, type RewrittenSentence, type SourceSentence } from '../src/brief/writer/prompt.ts';
import { checkGrounding, nameRuns, numbersIn, type GroundingLimits } from '../src/brief/writer/grounding.ts';

const FUNCTION = new Set(FUNCTION_WORDS);
const INVENTED_NAMES = ['Marta Kowalczyk', 'Idris Okonjo', 'Henrietta Vasquez-Lindqvist', 'Teodor Ambrus'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The brief as the model would echo it: same text, each sentence citing the numbers of its own sources. */
function identity(brief: Brief, sources: SourceSentence[]): RewrittenBrief {
  const num = new Map(sources.map((s) => [`${s.citation.articleId}:${s.citation.start}:${s.citation.end}`, s.n]));
  const r = (s: { text: string; citations: { articleId: string; start: number; end: number }[] }): RewrittenSentence => ({
    text: s.text,
    sources: [...new Set(s.citations.map((c) => num.get(`${c.articleId}:${c.start}:${c.end}`)).filter((n): n is number => n !== undefined))],
  });
  return {
    headline: r(brief.headline),
    lead: brief.lead.map(r),
    developments: brief.developments.map((d) => ({ headline: r(d.headline), sentences: d.sentences.map(r) })),
  };
}

// Only an ordinary opening word loses its capital when a sentence becomes the second half of another.
const lowerFirst = (t: string) => (FUNCTION.has(t.split(/\s/)[0].toLowerCase()) && !/^[A-Z]{2}/.test(t) ? t[0].toLowerCase() + t.slice(1) : t);

/** Adjacent sentences joined into one ("A. B." → "A; b"), citing both: a rewrite that adds nothing. */
function merged(r: RewrittenBrief): RewrittenBrief {
  const join2 = (xs: RewrittenSentence[]) => {
    const out: RewrittenSentence[] = [];
    for (let i = 0; i < xs.length; i += 2) {
      const b = xs[i + 1];
      if (!b) out.push(xs[i]);
      else out.push({ text: `${xs[i].text.replace(/[.!?]+$/, '')}; ${lowerFirst(b.text)}`, sources: [...new Set([...xs[i].sources, ...b.sources])] });
    }
    return out;
  };
  return { headline: r.headline, lead: join2(r.lead), developments: r.developments.map((d) => ({ headline: d.headline, sentences: join2(d.sentences) })) };
}

type Kind = 'name' | 'number' | 'quote' | 'weekday' | 'wrong source';

/** One corrupted copy of `r` per body sentence where `kind` applies. */
function corruptions(r: RewrittenBrief, sources: SourceSentence[], kind: Kind, seed: number): RewrittenBrief[] {
  const material = (s: RewrittenSentence) => s.sources.flatMap((n) => [sources[n - 1].text, ...sources[n - 1].renderings]).join('\n');
  const out: RewrittenBrief[] = [];
  const slots: [number, number][] = [
    ...r.lead.map((_, j) => [-1, j] as [number, number]),
    ...r.developments.flatMap((d, i) => d.sentences.map((_, j) => [i, j] as [number, number])),
  ];
  slots.forEach(([i, j], k) => {
    const s = i < 0 ? r.lead[j] : r.developments[i].sentences[j];
    const m = material(s);
    let text: string | null = null;
    let cites = s.sources;
    if (kind === 'name') {
      const n = nameRuns(s.text).find((x) => !x.initial && !/^\p{Lu}+$/u.test(x.text));
      const fake = INVENTED_NAMES[(seed + k) % INVENTED_NAMES.length];
      if (n && !m.includes(fake)) text = s.text.slice(0, n.start) + fake + s.text.slice(n.end);
    } else if (kind === 'number') {
      const d = /\d+/.exec(s.text);
      if (d) {
        let v = Number(d[0]) + 3;
        while (numbersIn(m).some((x) => x.value === v)) v += 3;
        text = s.text.slice(0, d.index) + String(v) + s.text.slice(d.index + d[0].length);
      }
    } else if (kind === 'quote') {
      text = `${s.text.replace(/[.!?"”]+$/, '')}, in what was described as "a deliberate and reckless provocation".`;
    } else if (kind === 'weekday') {
      const w = WEEKDAYS.find((x) => s.text.includes(x));
      const other = WEEKDAYS.find((x) => x !== w && !m.includes(x));
      if (w && other) text = s.text.replace(w, other);
    } else {
      // The sentence keeps its words but cites another source that lacks one of its names.
      const names = nameRuns(s.text).filter((x) => !x.initial);
      const other = sources.find((src) => !s.sources.includes(src.n) && names.some((x) => ![src.text, ...src.renderings].join('\n').includes(x.text)));
      if (names.length && other) {
        text = s.text;
        cites = [other.n];
      }
    }
    if (text === null) return;
    const c: RewrittenBrief = structuredClone(r);
    const target = i < 0 ? c.lead : c.developments[i].sentences;
    target[j] = { text, sources: cites };
    out.push(c);
  });
  return out;
}

/** The baseline: every sentence has ≥ 80% of its content words in its cited sources (and cites one). */
function overlapAccepts(r: RewrittenBrief, sources: SourceSentence[]): boolean {
  const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !FUNCTION.has(w));
  const all = [r.headline, ...r.lead, ...r.developments.flatMap((d) => [d.headline, ...d.sentences])];
  return all.every((s) => {
    if (!s.sources.length || s.sources.some((n) => !sources[n - 1])) return false;
    const have = new Set(words(s.sources.flatMap((n) => [sources[n - 1].text, ...sources[n - 1].renderings]).join(' ')));
    const ws = words(s.text);
    return ws.length === 0 || ws.filter((w) => have.has(w)).length / ws.length >= 0.8;
  });
}

interface WnArticle {
  id: string;
  title: string;
  text: string;
  published: string;
}

export async function run(): Promise<BenchResult[]> {
  const dir = dataset('wikinews');
  if (!dir) return [skip('brief-writer', 'wikinews')];
  const by = new Map(
    readFileSync(join(dir, 'articles.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as WnArticle)
      .map((a) => [a.id, a]),
  );
  const stories = JSON.parse(readFileSync(join(dir, 'stories_silver.json'), 'utf8')) as { story_id: string; article_ids: string[] }[];
  const tally = new Map<string, { n: number; ours: number; base: number }>();
  const count = (label: string, oursAccepts: boolean, baseAccepts: boolean, wantAccept: boolean) => {
    const t = tally.get(label) ?? { n: 0, ours: 0, base: 0 };
    t.n++;
    if (oursAccepts === wantAccept) t.ours++;
    if (baseAccepts === wantAccept) t.base++;
    tally.set(label, t);
  };
  let nArticles = 0;
  for (const [si, s] of stories.entries()) {
    const articles: BriefArticle[] = s.article_ids
      .map((id) => by.get(id))
      .filter((a): a is WnArticle => !!a)
      .map((a) => ({
        id: a.id,
        title: a.title,
        text: a.text,
        published: a.published,
        source: 'Wikinews',
        annotation: annotate({ id: a.id, title: a.title, text: a.text }),
      }));
    if (articles.length === 0) continue;
    nArticles += articles.length;
    const brief = buildBrief(articles);
    const { sources } = buildPrompt(brief, articles);
    const limits: GroundingLimits = {
      developments: brief.developments.length,
      leadSentences: brief.lead.length,
      developmentSentences: brief.developments.map((d) => d.sentences.length),
      headlineWords: HEADLINE_WORDS,
      leadWords: LEAD_WORDS,
      developmentHeadlineWords: 14,
    };
    const judge = (r: RewrittenBrief) => [checkGrounding(r, sources, limits).ok, overlapAccepts(r, sources)] as const;
    const id = identity(brief, sources);
    for (const [label, r] of [
      ['faithful: the brief itself', id],
      ['faithful: adjacent sentences merged', merged(id)],
    ] as const) {
      const [ours, base] = judge(r);
      count(label, ours, base, true);
      if (!ours && process.env.STORYLINE_BENCH_VERBOSE) console.log(s.story_id, label, checkGrounding(r, sources, limits).failures.slice(0, 3));
    }
    for (const kind of ['name', 'number', 'quote', 'weekday', 'wrong source'] as Kind[]) {
      for (const c of corruptions(id, sources, kind, si)) {
        const [ours, base] = judge(c);
        count(`corrupted: ${kind}`, ours, base, false);
      }
    }
  }
  const ds = `wikinews silver stories (${stories.length} stories, ${nArticles} articles), extractive briefs`;
  return [...tally].map(([label, t]) => ({
    stage: 'brief',
    metric: label.startsWith('faithful') ? `writer grounding: ${label} accepted (${t.n} briefs)` : `writer grounding: ${label} rejected (${t.n} rewrites)`,
    project: Number((t.ours / t.n).toFixed(3)),
    baseline: Number((t.base / t.n).toFixed(3)),
    baselineName: '>= 80% content-word overlap with cited sources',
    dataset: ds,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
