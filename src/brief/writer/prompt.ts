// What goes to the writer model and what is read back. The extractive brief is laid out section by
// section, every sentence followed by the numbers of the source sentences it cites; the numbered source
// sentences follow. The model answers with the same sections as JSON, each sentence listing the numbers
// it rests on, so the rewrite keeps its citations and the grounding check knows what to check it against.
import { z } from 'zod';
import type { Brief, BriefArticle, BriefSentence, Citation } from '../../types.ts';
import { StorylineError } from '../../errors.ts';
import type { ChatMessage } from './client.ts';

/** One numbered source sentence, with the extractive brief sentences built from it. */
export interface SourceSentence {
  n: number;
  citation: Citation;
  /** The cited span of the article text. */
  text: string;
  /**
   * Brief sentences citing this source. They count as grounding material too: the extractive writer
   * anchors relative dates ("on Tuesday (March 11)") and takes headlines from titles, and it is trusted.
   */
  renderings: string[];
}

export interface WriterInput {
  sources: SourceSentence[];
  messages: ChatMessage[];
}

export interface RewrittenSentence {
  text: string;
  sources: number[];
}

export interface RewrittenBrief {
  headline: RewrittenSentence;
  lead: RewrittenSentence[];
  developments: { headline: RewrittenSentence; sentences: RewrittenSentence[] }[];
}

const key = (c: Citation) => `${c.articleId}\u0000${c.start}\u0000${c.end}`;

/** Numbers every distinct cited span of the brief, in reading order; spans outside their article are left out. */
export function numberSources(brief: Brief, articles: BriefArticle[]): SourceSentence[] {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const out = new Map<string, SourceSentence>();
  const visit = (s: BriefSentence) => {
    for (const c of s.citations) {
      const a = byId.get(c.articleId);
      if (!a || c.start < 0 || c.end > a.text.length || c.end <= c.start) continue;
      let src = out.get(key(c));
      if (!src) {
        src = { n: out.size + 1, citation: { articleId: c.articleId, start: c.start, end: c.end }, text: a.text.slice(c.start, c.end), renderings: [] };
        out.set(key(c), src);
      }
      if (!src.renderings.includes(s.text)) src.renderings.push(s.text);
    }
  };
  visit(brief.headline);
  brief.lead.forEach(visit);
  for (const d of brief.developments) {
    visit(d.headline);
    d.sentences.forEach(visit);
  }
  return [...out.values()];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const SYSTEM = `You are a careful news editor. You rewrite an extractive news brief into clear, fluent prose without adding anything.
Rules:
- Use only facts stated in the numbered source sentences. Add no background knowledge, no opinion, no speculation.
- Copy every name, number, date, amount and quotation exactly as it appears in the sources. Put a phrase in quotation marks only if those exact words appear in the sources.
- Every sentence you write lists the numbers of the source sentences it rests on, and its names, numbers and quotations must appear in those sources.
- Keep every section: the headline, the lead, and every development in the given order. Do not drop, merge or add developments.
- Write in the plain, neutral style of a news agency. Introduce each person once, with the role the sources give. Keep every quotation with its speaker. Do not open a sentence with a pronoun whose person is not named before it in the same section.
- The headline has at most 14 words. The lead has at most 60 words in total. Each development has a short headline and 1 to 4 sentences.
- Answer with one JSON object only, no commentary.`;

const SHAPE = `{"headline": {"text": "...", "sources": [1]},
 "lead": [{"text": "...", "sources": [1, 2]}],
 "developments": [{"headline": {"text": "...", "sources": [3]}, "sentences": [{"text": "...", "sources": [3, 4]}]}]}`;

/** The chat messages for one brief, and the numbered sources the answer will be checked against. */
export function buildPrompt(brief: Brief, articles: BriefArticle[], opts: { maxWords?: number } = {}): WriterInput {
  const sources = numberSources(brief, articles);
  const num = new Map(sources.map((s) => [key(s.citation), s.n]));
  const cite = (s: BriefSentence) => {
    const ns = [...new Set(s.citations.map((c) => num.get(key(c))).filter((n): n is number => n !== undefined))];
    return ns.length ? ` [${ns.join(', ')}]` : '';
  };
  const lines: string[] = ['EXTRACTIVE BRIEF (each sentence ends with the numbers of the source sentences it cites)', ''];
  lines.push(`HEADLINE: ${oneLine(brief.headline.text)}${cite(brief.headline)}`, '', 'LEAD:');
  for (const s of brief.lead) lines.push(`- ${oneLine(s.text)}${cite(s)}`);
  brief.developments.forEach((d, i) => {
    lines.push('', `DEVELOPMENT ${i + 1} HEADLINE: ${oneLine(d.headline.text)}${cite(d.headline)}`, `DEVELOPMENT ${i + 1} SENTENCES:`);
    for (const s of d.sentences) lines.push(`- ${oneLine(s.text)}${cite(s)}`);
  });
  lines.push('', 'SOURCE SENTENCES', '');
  for (const s of sources) lines.push(`[${s.n}] ${oneLine(s.text)}`);
  lines.push(
    '',
    `Rewrite the brief. Keep exactly ${brief.developments.length} development${brief.developments.length === 1 ? '' : 's'}, in the same order.` +
      (opts.maxWords ? ` The lead and development sentences together have at most ${opts.maxWords} words.` : ''),
    `Answer with JSON of this shape:`,
    SHAPE,
  );
  return {
    sources,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: lines.join('\n') },
    ],
  };
}

// Models write source numbers as 3, "3" or "[3]"; all mean the same.
const sourceNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*\[?\s*\d+\s*\]?\s*$/)
    .transform((s) => Number(s.replace(/[^\d]/g, ''))),
]);
// A bare string is accepted as a sentence without sources, so the grounding check can name the missing citation.
const sentence = z.union([
  z.string().transform((text) => ({ text, sources: [] as number[] })),
  z.object({ text: z.string(), sources: z.array(sourceNumber).default([]) }),
]);
const rewrittenSchema = z.object({
  headline: sentence,
  lead: z.union([z.array(sentence), sentence.transform((s) => [s])]),
  developments: z.array(z.object({ headline: sentence, sentences: z.array(sentence) })),
});

function badOutput(message: string, input: string, cause?: unknown): StorylineError {
  return new StorylineError('brief', 'writer_bad_output', message, { input, cause });
}

const REFUSAL = /^\s*(I'm sorry|I am sorry|Sorry,|I can(?:no|')t|I am unable|I'm unable|I won't|I will not|As an AI)\b/i;

/**
 * The model's answer as a RewrittenBrief. Tolerates a Markdown code fence and text around the object;
 * anything else that is not the expected JSON is a 'writer_bad_output' error ('writer_refused' when the
 * text reads as a refusal).
 */
export function parseRewrite(content: string, input = 'writer output'): RewrittenBrief {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const body = fenced ? fenced[1] : content;
  const from = body.indexOf('{');
  const to = body.lastIndexOf('}');
  if (from < 0 || to <= from) {
    if (REFUSAL.test(content)) throw new StorylineError('brief', 'writer_refused', `model refused: ${oneLine(content).slice(0, 200)}`, { input });
    throw badOutput(`answer is not a JSON object (starts "${oneLine(content).slice(0, 60)}")`, input);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.slice(from, to + 1));
  } catch (err) {
    throw badOutput(`answer is not valid JSON: ${(err as Error).message}`, input, err);
  }
  const r = rewrittenSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw badOutput(`answer does not have the brief's shape: ${issue.path.join('.') || '(root)'}: ${issue.message}`, input);
  }
  const clean = (s: RewrittenSentence): RewrittenSentence => ({ text: oneLine(s.text), sources: [...new Set(s.sources)] });
  return {
    headline: clean(r.data.headline),
    lead: r.data.lead.map(clean),
    developments: r.data.developments.map((d) => ({ headline: clean(d.headline), sentences: d.sentences.map(clean) })),
  };
}
