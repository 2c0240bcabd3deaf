// Shape invariants of a brief, measured rather than asserted so the tests and the bench share one
// definition: lengths, development count, citations that really slice their source sentence out of the
// article text, openings with an unresolved pronoun, and facts told twice.
import nlp from 'compromise';
import type { Brief, BriefArticle, BriefSentence } from '../types.ts';
import { leadingPronoun, overlap } from './text.ts';
import { contentStems, wordCount } from '../text/words.ts';

export interface BriefShape {
  headlineWords: number;
  leadWords: number;
  developments: number;
  /** Body sentences (lead + developments) plus headlines. */
  sentences: number;
  /** Sentences whose every citation is the exact span of a source sentence of the cited article. */
  validlyCited: number;
  pronounOpenings: number;
  duplicates: number;
  problems: string[];
}

// A line ending in a function word, or in a reporting verb whose report was cut off ("…, said").
const DANGLING_END =
  /\b(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|as|its|their|his|her|is|was|were|are|be|been|has|have|had|will|would|which|who|than|said|says|saying|told|again|per|you|your|our)$/i;

// Verbs whose particle ends a clause ("new governor sworn in", "a living fossil moves in"): not a cut.
const PARTICLE_END =
  /\b(sworn|moves?|moved|moving|steps?|stepped|signs?|signed|logs?|logged|checks?|checked|settles?|settled|kicks?|kicked|sets?|comes?|came|shut|turns?|turned|phased|weighs?|weighed|joins?|joined|chips?|chipped|caves?|caved|drops?|dropped|gives?|gave|given|breaks?|broke|broken|locks?|locked|fills?|filled|tunes?|tuned|cashes|cashed|pulls?|pulled|plugs?|plugged|zeroes|zeroed) in$/i;

/**
 * Why a development headline reads as a fragment, or null: a quote piece, a pronoun or subordinator
 * opening, a cut that leaves a dangling word, more than 14 words, or no verb (by the compromise tagger).
 */
export function headlineProblem(text: string): string | null {
  const t = text.trim();
  if (/["“”]/.test(t) && ((t.match(/"/g) ?? []).length % 2 === 1 || /^["“]/.test(t))) return 'quote fragment';
  if (leadingPronoun(t)) return 'pronoun opening';
  // "No injuries were recorded" is a clause; "No, not necessarily" and "No. I think" are an answer's opening.
  if (
    /^(If|When|While|Although|Though|Because|As|After|Before|Since|Once|Unless|Until|Whether|Which|Who|And|But|Or|So|Apart from|Except|Well|Yes|All right|Okay|OK)\b/.test(
      t,
    ) ||
    /^No\b[,.!]/.test(t)
  )
    return 'subordinate opening';
  if ((DANGLING_END.test(t) && !PARTICLE_END.test(t)) || /[,;:]$/.test(t)) return 'cut mid-phrase';
  // A possessive whose noun was cut off ("… to clear the nation's").
  if (/['’]s$/.test(t)) return 'cut mid-phrase';
  if (wordCount(t) > 14) return 'too long';
  // A noun phrase cut out of its clause ("The auto parts suppliers and IT software exporters").
  if (nlp(t).verbs().length === 0) return 'no verb';
  return null;
}

export function briefShape(brief: Brief, articles: BriefArticle[]): BriefShape {
  const problems: string[] = [];
  const spans = new Map<string, Set<string>>();
  const texts = new Map<string, string>();
  for (const a of articles) {
    spans.set(a.id, new Set(a.annotation.sentences.map((s) => `${s.start}:${s.end}`)));
    texts.set(a.id, a.text);
  }
  const all: BriefSentence[] = [brief.headline, ...brief.lead, ...brief.developments.flatMap((d) => [d.headline, ...d.sentences])];
  let validlyCited = 0;
  for (const s of all) {
    const ok =
      s.citations.length > 0 && s.citations.every((c) => spans.get(c.articleId)?.has(`${c.start}:${c.end}`) && (texts.get(c.articleId)?.length ?? 0) >= c.end);
    if (ok) validlyCited++;
    else problems.push(`not validly cited: ${s.text}`);
  }
  // Pronoun openings count only in the body; a sentence may follow its own source predecessor.
  let pronounOpenings = 0;
  const sections = [brief.lead, ...brief.developments.map((d) => d.sentences)];
  for (const sec of sections)
    sec.forEach((s, i) => {
      if (!leadingPronoun(s.text)) return;
      const prev = sec[i - 1];
      const c = s.citations[0];
      const follows =
        prev &&
        prev.citations.some(
          (p) =>
            p.articleId === c.articleId &&
            (articles.find((a) => a.id === c.articleId)?.annotation.sentences.findIndex((x) => x.start === c.start) ?? -1) - 1 ===
              (articles.find((a) => a.id === c.articleId)?.annotation.sentences.findIndex((x) => x.start === p.start) ?? -2),
        );
      if (!follows) {
        pronounOpenings++;
        problems.push(`pronoun opening: ${s.text}`);
      }
    });
  const body = sections.flat();
  let duplicates = 0;
  const stems = body.map((s) => new Set(contentStems(s.text)));
  for (let i = 0; i < body.length; i++)
    for (let j = i + 1; j < body.length; j++)
      if (body[i].text === body[j].text || overlap(stems[i], stems[j]) >= 0.8) {
        duplicates++;
        problems.push(`duplicate: ${body[j].text}`);
      }
  return {
    headlineWords: wordCount(brief.headline.text),
    leadWords: brief.lead.reduce((n, s) => n + wordCount(s.text), 0),
    developments: brief.developments.length,
    sentences: all.length,
    validlyCited,
    pronounOpenings,
    duplicates,
    problems,
  };
}
