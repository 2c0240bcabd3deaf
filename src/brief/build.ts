// The brief writer: from the articles of one story to a headline, a lead and key developments, every
// sentence cited back to the source sentence(s) it came from. Extractive with light rewriting (residue
// stripped, openers resolved or dropped, relative dates anchored, people introduced with their role),
// because an offline engine must never state what no source said. Selection is centrality-based
// (TF-IDF cosine to the story centroid, query-weighted when a focus is given) with an MMR-style
// redundancy check so no fact is told twice. Pure.
import type { Brief, BriefArticle, BriefDevelopment, BriefOptions, BriefSentence, Citation, TimelineEntry } from '../types.ts';
import nlp from 'compromise';
import { StorylineError } from '../errors.ts';
import { findDevelopments, type Development } from './developments.ts';
import { coverageOf } from './coverage.ts';
import { acronymsOf, attributionHeadline, compressHeadline, type HeadlineSource } from './headline.ts';
import { headlineProblem } from './check.ts';
import {
  anchorDates,
  timesInSpan,
  cleanSentence,
  cleanTitle,
  compress,
  headlineOf,
  isJunkSentence,
  isPersonPronoun,
  leadingPronoun,
  openingPronoun,
  overlap,
  parseDay,
  replaceOpeningPronoun,
} from './text.ts';
import { contentStems, stem, wordCount, words } from '../text/words.ts';
import { cosine, termFreq, type Vec } from '../text/vectors.ts';
import { ATTRIBUTION_FORMS } from '../nlp/quotes/lexicon.ts';
import { eventDay, resolveTimesIn } from '../nlp/time/index.ts';
import { endsWithRole } from '../nlp/roles.ts';
import type { TimeMention } from '../types.ts';

export const HEADLINE_WORDS = 14;
export const LEAD_WORDS = 60;
const DEV_HEADLINE_WORDS = 12;
const MAX_PER_DEVELOPMENT = 4;
const REDUNDANT = 0.6;
/** Sentences two one-sentence developments need once the lead is written. */
const MIN_DEVELOPMENT_SENTENCES = 2;

interface Cand {
  key: string;
  article: BriefArticle;
  index: number;
  start: number;
  end: number;
  /** Cleaned, date-anchored text, before pronoun resolution. */
  text: string;
  stems: Set<string>;
  vec: Vec;
  score: number;
  pos: number;
  /** Set when the sentence is someone's speech (see speechOf): who speaks, null when nlp found nobody. */
  speech?: { speaker: string | null };
}

function citeOf(c: Cand): Citation {
  return { articleId: c.article.id, start: c.start, end: c.end };
}

// Discourse openers that point at a previous sentence the brief may not carry.
const CONNECTIVE =
  /^(But|And|So|Also|However|Meanwhile|Moreover|Furthermore|Still|Yet|Instead|In addition(?! to\b)|Additionally|Separately|Nevertheless|Nonetheless|Indeed|Thus|Therefore),?\s+/;
/**
 * A sentence that opens with its reporting verb ("Said Stephen Harper, Prime Minister of Canada.") is the
 * inverted attribution of the quotation before it, cut off from it: alone it says nothing.
 */
const INVERTED_ATTRIBUTION = /^(?:Said|Says|Added|Adds|Continued|Explained|Stated|Concluded)\s+\p{Lu}/u;

const timesCache = new WeakMap<BriefArticle, TimeMention[]>();
/**
 * The article's time expressions from the one resolver, against the article's own date: the annotation's
 * when they were resolved with that anchor, else resolved here (stored annotations may predate them).
 */
function timesOf(a: BriefArticle): TimeMention[] {
  let ts = timesCache.get(a);
  if (!ts) {
    const own = a.annotation.times;
    ts = own && !(a.published && own.some((t) => t.value.startsWith('XXXX'))) ? own : resolveTimesIn(a.text, a.published, a.annotation.sentences);
    timesCache.set(a, ts);
  }
  return ts;
}

/**
 * Sentences shorter than this are checked for a verb (the compromise tagger; too slow to run on every
 * sentence of DUC's 875 articles): in the demo corpus the verbless ones are photo captions.
 */
const CAPTION_WORDS = 9;

/** Share of a sentence a direct quote must cover for the sentence to count as that quote's speech. */
const QUOTE_COVER = 0.5;

/**
 * Whether source sentence [start, end) is speech rather than the article's own voice: mostly inside a
 * direct quote nlp found, opened by a quotation mark earlier in its paragraph and not yet closed, or in
 * the first person outside quotation marks (a letter or statement reproduced without marks, as in Steve
 * Jobs's leave email in the demo corpus). The speaker is the covering quote's, or null.
 */
function speechOf(a: BriefArticle, start: number, end: number): { speaker: string | null } | null {
  const raw = a.text.slice(start, end);
  // A Wikinews interview labels each turn: "((Aparna Garg)) Yeah…" is the interviewee's answer; an
  // initialism ("((WN))", "((WSS))") or "((Wikinews))" is the interviewer, whose words no fact stands on.
  const line = a.text.slice(a.text.lastIndexOf('\n', start - 1) + 1, end);
  const label = /^\s*\(\(\s*([^()]{1,40}?)\s*\)\)/.exec(line)?.[1];
  if (label && !/^[a-z]{2,3}$/.test(label)) return { speaker: /^[A-Z]{1,4}$/.test(label) || /^Wikinews$/i.test(label) ? null : label };
  const direct = (a.annotation.quotes ?? []).filter((q) => q.kind === 'direct' && q.start < end && q.end > start);
  const cover = direct.find((q) => Math.min(q.end, end) - Math.max(q.start, start) >= QUOTE_COVER * (end - start));
  const para = a.text.slice(a.text.lastIndexOf('\n', start - 1) + 1, start);
  const open = (para.match(/"/g) ?? []).length % 2 === 1 || (para.match(/“/g) ?? []).length > (para.match(/”/g) ?? []).length;
  const outside = raw.replace(/"[^"]*"|“[^”]*”/g, ' ');
  const firstPerson = !open && /\b(?:I|my|me|myself)\b/.test(outside) && !/^\s*\(\(/.test(raw);
  if (!cover && !open && !firstPerson) return null;
  const speaker = (cover ?? direct.find((q) => q.speaker))?.speaker ?? null;
  return { speaker };
}

function candidates(articles: BriefArticle[], now: Date | undefined): Cand[] {
  const out: Cand[] = [];
  const seen = new Set<string>();
  for (const a of articles) {
    a.annotation.sentences.forEach((s, index) => {
      if (isJunkSentence(s.text)) return;
      let text = cleanSentence(s.text).replace(CONNECTIVE, '');
      if (!text) return;
      // A sentence split inside a name ("… Space Company EADS N.V." / "(EADS) have defeated …") is a fragment.
      if (/^[()[\]]/.test(text) || /\b(?:Inc|Co|Corp|Ltd|N\.V|S\.A|Jr|Sr|Mr|Mrs|Dr)\.$/.test(text)) return;
      if (INVERTED_ATTRIBUTION.test(text)) return;
      // A question is the interviewer's or the writer's, not a fact of the story.
      if (/\?["'”’)]*$/.test(text)) return;
      // "iPhone", "eBay" keep their own capitalisation.
      if (!/^[a-z][A-Z]/.test(text)) text = text[0].toUpperCase() + text.slice(1);
      const n = wordCount(text);
      if (n < 5 || n > 80) return;
      // Headers and captions carry no terminal punctuation, or no verb ("A group of Spider-Man cosplayers.").
      if (!/[.!?]["'”’)]*$/.test(text) && n < 15) return;
      if (n < CAPTION_WORDS && nlp(text).verbs().length === 0) return;
      // Speech cut from its speaker (a sentence inside a longer quotation, a letter's first person) may
      // stand only with that speaker named; when nlp found nobody it is left out.
      const speech = speechOf(a, s.start, s.end);
      if (speech && !speech.speaker && !/^["“]/.test(text)) return;
      // Inch marks after a number (a 13.3" display) are not quotation marks; spelt out they can't be taken
      // for one by the headline writer either.
      text = text.replace(/(\d) ?" ?(?=[a-z])/g, '$1-inch ');
      // An odd number of quotation marks means the sentence is a piece of a longer quote.
      if ((text.match(/"/g) ?? []).length % 2 === 1) return;
      if ((text.match(/“/g) ?? []).length !== (text.match(/”/g) ?? []).length) return;
      // Unbalanced brackets mark a sentence cut out of a parenthetical ("Norton & Company) by Ai.").
      if ((text.match(/\(/g) ?? []).length !== (text.match(/\)/g) ?? []).length) return;
      const stemList = contentStems(text);
      if (stemList.length < 3) return;
      // Syndicated copies repeat sentences word for word across outlets: keep the first.
      const sig = stemList.join(' ');
      if (seen.has(sig)) return;
      seen.add(sig);
      out.push({
        key: `${a.id}#${index}`,
        article: a,
        index,
        start: s.start,
        end: s.end,
        text: anchorDates(text, a.published, now, timesInSpan(a.text, s.start, s.end, timesOf(a), text)),
        stems: new Set(stemList),
        vec: termFreq(stemList),
        score: 0,
        pos: index,
        ...(speech ? { speech } : {}),
      });
    });
  }
  return out;
}

function score(cands: Cand[], focus: string | undefined): { centroid: Vec; idf: (w: string) => number } {
  const df = new Map<string, number>();
  for (const c of cands) for (const w of c.stems) df.set(w, (df.get(w) ?? 0) + 1);
  const n = cands.length;
  const idf = (w: string) => Math.log((n + 1) / ((df.get(w) ?? 0) + 0.5));
  const centroid: Vec = new Map();
  for (const c of cands) {
    for (const [w, x] of c.vec) c.vec.set(w, (1 + Math.log(x)) * idf(w));
    let nn = 0;
    for (const x of c.vec.values()) nn += x * x;
    nn = Math.sqrt(nn) || 1;
    for (const [w, x] of c.vec) centroid.set(w, (centroid.get(w) ?? 0) + x / nn);
  }
  const cent = cands.map((c) => cosine(c.vec, centroid));
  const maxCent = Math.max(1e-9, ...cent);
  let fsim: number[] | null = null;
  if (focus && focus.trim()) {
    const fv = termFreq(contentStems(focus));
    for (const [w, x] of fv) fv.set(w, x * idf(w));
    fsim = cands.map((c) => cosine(c.vec, fv));
    const m = Math.max(1e-9, ...fsim);
    fsim = fsim.map((x) => x / m);
  }
  cands.forEach((c, i) => {
    const pos = 1 - Math.min(c.pos, 10) / 10;
    const ce = cent[i] / maxCent;
    let s = fsim ? 0.45 * fsim[i] + 0.4 * ce + 0.15 * pos : 0.7 * ce + 0.3 * pos;
    const words = wordCount(c.text);
    if (words < 9) s *= 0.75;
    if (words > 45) s *= 0.85;
    c.score = s;
  });
  return { centroid, idf };
}

/** Names for pronoun resolution and role introduction, from nlp's annotation when it has them. */
class People {
  introduced = new Set<string>();
  named: { name: string; role: string | null }[] = [];
  /** Every sentence the brief carries: a role one of them already states beside the name is not added again. */
  texts: string[] = [];

  constructor(_articles: BriefArticle[]) {}

  /**
   * The role the article itself states for the person, as of its own date: a role from another article
   * (a 2019 "Prime Minister" in a 2023 story) is not carried over.
   */
  private roleIn(a: BriefArticle, name: string): string | null {
    const year = a.published ? +a.published.slice(0, 4) : null;
    for (const e of a.annotation.entities ?? []) {
      if (e.type !== 'PERSON' || e.canonical !== name || !e.role) continue;
      // A role told of an earlier year ("rejected by Prime Minister Boris Johnson" in September 2021, in a
      // 2023 article) is not the person's role as of the article.
      const sent = a.annotation.sentences.find((x) => x.start <= e.start && e.end <= x.end);
      if (year && sent && [...sent.text.matchAll(/\b(19\d\d|20\d\d)\b/g)].some((m) => +m[1] < year)) continue;
      return e.role.trim();
    }
    return null;
  }

  /**
   * The person a pronoun at the start of `c` refers to: the quote speaker nlp found there, else the one
   * person named in the two sentences before it. With two or more candidates (no gender or syntax to
   * choose by) it gives up, and a person named later in the same sentence is never its own antecedent.
   */
  antecedent(c: Cand): string | null {
    const a = c.article;
    const ents = a.annotation.entities ?? [];
    // "She continued:" stands for a person: a speaker nlp gives there that is no person the article names
    // ("3,000 Afghan refugees") is no antecedent, and the person named just before is looked for instead.
    const persons = new Set(ents.filter((e) => e.type === 'PERSON').map((e) => e.canonical));
    for (const q of a.annotation.quotes ?? [])
      if (q.speaker && persons.has(q.speaker) && q.speakerStart !== null && q.speakerStart >= c.start && q.speakerStart < c.start + 12) return q.speaker;
    const sents = a.annotation.sentences;
    const from = sents[Math.max(0, c.index - 2)]?.start ?? c.start;
    const names = new Set(ents.filter((e) => e.type === 'PERSON' && e.start >= from && e.end <= c.start).map((e) => e.canonical));
    const inside = new Set(ents.filter((e) => e.type === 'PERSON' && e.start >= c.start && e.end <= c.end).map((e) => e.canonical));
    if (names.size !== 1) return null;
    const [name] = names;
    return inside.has(name) ? null : name;
  }

  /**
   * Introduces each person at their first mention in the brief with full name and role. The role is put in
   * only where it reads as an appositive of the bare name: not when a title already stands before the name
   * ("CEO Steve Jobs"), an appositive already follows it, or the sentence states the role's head word; not
   * inside the name's own phrase (a possessive "Obama's administration", "the Steve Jobs era").
   */
  introduce(c: Cand, text: string): string {
    const mentions = (c.article.annotation.entities ?? [])
      .filter((e) => e.type === 'PERSON' && e.start >= c.start && e.end <= c.end)
      .sort((x, y) => x.start - y.start);
    for (const m of mentions) {
      const name = m.canonical || m.text;
      if (this.introduced.has(name)) continue;
      this.introduced.add(name);
      const role = this.roleIn(c.article, name);
      this.named.push({ name, role });
      // The full name may already stand in the sentence (a pronoun replaced by it, or an earlier mention);
      // a shorter mention becomes the full name only when that name extends it ("Lind" → "Mara Lind").
      const extends_ = m.text !== name && m.text.split(/\s+/).every((w) => name.split(/\s+/).includes(w)) && name.endsWith(m.text.split(/\s+/).pop()!);
      const shown = text.includes(name) ? name : m.text;
      const at = text.indexOf(shown);
      if (at < 0) continue;
      const before = text.slice(0, at);
      const after = text.slice(at + shown.length);
      const full = shown === m.text && !extends_ ? shown : name;
      const stated = (t: string) => role !== null && t.toLowerCase().includes(role.toLowerCase());
      const hasRole = stated(text) || this.texts.some((t) => t !== text && t.includes(name) && stated(t));
      const headWord = role ? role.split(/\s+/).pop()!.toLowerCase() : '';
      const fits =
        role !== null &&
        !hasRole &&
        !endsWithRole(before) &&
        !/^\s*,/.test(after) &&
        !/^(?:['’]s?\b|\s+[A-Z(])/.test(after) &&
        !/\b(?:the|a|an)\s+$/i.test(before) &&
        !new RegExp(`\\b${headWord.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(before + after);
      const rep = full + (fits ? `, ${role},` : '');
      if (rep === shown) continue;
      text = before + (/^[,.;:!?'’]/.test(after) ? rep.replace(/,$/, '') : rep) + after;
    }
    return text;
  }
}

// A sentence that frames its own quote ("Conservative MP Philip Hammond commented, "…"", "He continued,
// "…"", "X expressed a similar view, saying "…""): words, then a comma or colon, then the quotation mark.
const OWN_FRAME = /^[^"“”]{3,160}?(?:[,:]\s*(?:[a-z]+ing\s+)?|\b[a-z]{3,}(?:ed|s)\s+)["“]/;

/** Whether words outside the quotes name the speaker ("The mayor of London, Sadiq Khan, thanked "…""). */
function namesSpeaker(outside: string, speaker: string | null): boolean {
  if (!speaker || /^[a-z]/.test(speaker)) return false;
  return speaker.split(/\s+/).some((w) => w.length > 2 && /^[A-Z]/.test(w) && new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(outside));
}

// A quotation followed by one of these words carries its own source (the speech verbs of nlp/quotes/lexicon.ts).
const ATTRIBUTION = new RegExp(`\\b(${[...ATTRIBUTION_FORMS, 'according to'].join('|')})\\b`, 'i');

/**
 * A speaker as the subject that opens a brief sentence. nlp gives a name, or a description where the text
 * names nobody ("a top administration official", "chief investment officer at Solaris Asset Management"):
 * a description is capitalised, and one without a determiner takes "the" so it reads as a subject.
 */
export function speakerPhrase(speaker: string): string {
  if (!/^[a-z]/.test(speaker)) return speaker;
  const s = /^(?:a|an|the|one|two|three|some|several|many|most|few|other|another|his|her|their|its|our)\b/.test(speaker) ? speaker : `the ${speaker}`;
  return s[0].toUpperCase() + s.slice(1);
}

/**
 * A quote with no speaker inside its sentence: attributed to the speaker nlp found for it ("Name said:"),
 * or null when nobody is known, since the brief never carries a claim without its source.
 */
function attributed(c: Cand, prev: Cand | null): string | null {
  if (c.speech && !/^["“]/.test(c.text)) {
    // Speech that names its own speaker ('Smith said "…"') stands; else the speaker is put in front of it,
    // in quotation marks when the source sentence has none of its own.
    const outside = c.text.replace(/"[^"]*"|“[^”]*”/g, ' ');
    // A frame in the first person ("All of these things made me wonder, "…"") names nobody.
    const own = !/\b(?:I|me|my|we|us|our)\b/.test(outside) && (OWN_FRAME.test(c.text) || namesSpeaker(outside, c.speech.speaker));
    if (ATTRIBUTION.test(outside) || own) return c.text;
    if (!c.speech.speaker) return null;
    return `${speakerPhrase(c.speech.speaker)} said: ${/["“”]/.test(c.text) ? c.text : `"${c.text.replace(/^(.)/, (x) => x.toUpperCase())}"`}`;
  }
  if (!/^["“]/.test(c.text) || ATTRIBUTION.test(c.text.replace(/^["“][^"”]*["”]/, ''))) return c.text;
  if (prev && prev.article === c.article && prev.index === c.index - 1) return c.text;
  const q = (c.article.annotation.quotes ?? []).find((x) => x.speaker && x.start < c.end && x.end > c.start);
  return q?.speaker ? `${speakerPhrase(q.speaker)} said: ${c.text}` : null;
}

/** The sentence as it can stand in the brief, or null when it opens with a pronoun nothing resolves. */
function standalone(c: Cand, prev: Cand | null, people: People): string | null {
  const t = attributed(c, prev);
  if (t === null) return null;
  if (t !== c.text) return t;
  const p = leadingPronoun(c.text);
  if (!p) return c.text;
  if (prev && prev.article.id === c.article.id && prev.index === c.index - 1) return c.text;
  // Only a pronoun standing first can be swapped for a name; one behind "If"/"But"/a clause drops the sentence.
  if (isPersonPronoun(p) && openingPronoun(c.text)) {
    const name = people.antecedent(c);
    if (name) return replaceOpeningPronoun(c.text, name);
  }
  return null;
}

/**
 * Share of the most central title's similarity a newer title needs to stand for the story instead. Chosen
 * on the demo corpus (388 stories): at 0.85, 10 headlines move to a newer title, 6 of them to the story's
 * later state (Supreme Court rules prorogation unlawful, 100,000 deaths, Sanders endorses Biden, Trump
 * declares a national emergency) and 4 to a later event clustering put in the same story (Humberto beside
 * Dorian, another candidate's interview); at 0.75, more move to side events (a Cairo summit for an EastMed
 * pipeline story).
 */
const HEADLINE_NEAR_BEST = 0.85;

function pickHeadline(articles: BriefArticle[], cands: Cand[], centroid: Vec, focus: string | undefined): { text: string; cite: Cand } {
  const fv = focus ? termFreq(contentStems(focus)) : null;
  const titles: { text: string; sim: number; article: BriefArticle }[] = [];
  for (const a of articles) {
    const t = cleanTitle(a.title ?? '');
    if (wordCount(t) < 3) continue;
    const v = termFreq(contentStems(t));
    titles.push({ text: t, sim: cosine(v, centroid) + (fv ? 0.5 * cosine(v, fv) : 0), article: a });
  }
  // The story as it stands now: of the titles nearly as central as the best, the newest.
  const top = Math.max(0, ...titles.map((t) => t.sim));
  const best = titles
    .filter((t) => t.sim >= HEADLINE_NEAR_BEST * top)
    .reduce<(typeof titles)[number] | null>(
      (x, y) =>
        !x || (y.article.published ?? '') > (x.article.published ?? '') || ((y.article.published ?? '') === (x.article.published ?? '') && y.sim > x.sim)
          ? y
          : x,
      null,
    );
  const first = [...cands].sort((x, y) => y.score - x.score)[0];
  if (!best) return { text: headlineOf(first.text, HEADLINE_WORDS), cite: first };
  const tv = termFreq(contentStems(best.text));
  const own = cands.filter((c) => c.article === best!.article);
  const pool = own.length ? own : cands;
  const sim = (c: Cand) => cosine(termFreq([...c.stems]), tv) + 0.01 * c.score;
  const cite = pool.reduce((x, y) => (sim(y) > sim(x) ? y : x));
  return { text: headlineOf(best.text, HEADLINE_WORDS), cite };
}

const conceptCache = new WeakMap<Cand, string[]>();
/** Content-word stems and stemmed word pairs (pairs of two function words excluded) of a sentence. */
function conceptsOf(c: Cand): string[] {
  let ks = conceptCache.get(c);
  if (!ks) {
    const ws = words(c.text).map(stem);
    const set = new Set<string>(c.stems);
    for (let i = 0; i + 1 < ws.length; i++) if (c.stems.has(ws[i]) || c.stems.has(ws[i + 1])) set.add(`${ws[i]} ${ws[i + 1]}`);
    ks = [...set];
    conceptCache.set(c, ks);
  }
  return ks;
}

/**
 * Weight of each concept: in how many articles it occurs (what many sources report is what the story is
 * about), or how often it recurs for stories of one or two articles; focus words weigh more.
 */
function conceptWeights(cands: Cand[], nArticles: number, focus: string | undefined): Map<string, number> {
  const byArticle = new Map<string, Set<string>>();
  const freq = new Map<string, number>();
  for (const c of cands) {
    let s = byArticle.get(c.article.id);
    if (!s) byArticle.set(c.article.id, (s = new Set()));
    for (const k of conceptsOf(c)) {
      s.add(k);
      freq.set(k, (freq.get(k) ?? 0) + 1);
    }
  }
  const w = new Map<string, number>();
  if (nArticles >= 3) {
    for (const s of byArticle.values()) for (const k of s) w.set(k, (w.get(k) ?? 0) + 1);
  } else for (const [k, f] of freq) w.set(k, f);
  const fstems = new Set(focus ? contentStems(focus) : []);
  for (const [k, x] of w) {
    if (x < 2) {
      w.delete(k);
      continue;
    }
    const bigram = k.includes(' ');
    const onFocus = k.split(' ').some((t) => fstems.has(t));
    w.set(k, x * (bigram ? 1.5 : 1) * (onFocus ? 2 : 1));
  }
  return w;
}

/** Drops a short introductory phrase ("As of 18:00 UTC, ", "On Tuesday (June 18), ") so a headline starts with its subject. */
function stripOpener(text: string): string {
  const m = /^([^,]{2,40}),\s+(?=[A-Z"“]|[a-z]+ [a-z])/.exec(text);
  if (
    m &&
    /^(As|On|In|At|By|After|Before|During|Since|Following|To|With|Despite|Earlier|Later|Last|This|For)\b/.test(m[1]) &&
    !/^[A-Z][a-z]+,/.test(text.slice(m[0].length))
  ) {
    const rest = text.slice(m[0].length);
    return /^[a-z][A-Z]/.test(rest) ? rest : rest[0].toUpperCase() + rest.slice(1);
  }
  return text;
}

/** The main clause of a sentence that opens with a subordinate one ("While X, the AU announced …"). */
function mainClause(text: string): string {
  const m =
    /^(?:If|When|While|Although|Though|Since|Because|After|Before|As|Once|Unless|Until|Whereas|Apart from when|Except when)\b[^,]{2,120},\s+(?=\S)/.exec(text);
  if (!m) return text;
  const rest = text.slice(m[0].length);
  if (leadingPronoun(rest) || !/^[A-Za-z]/.test(rest)) return text;
  return /^[a-z][A-Z]/.test(rest) ? rest : rest[0].toUpperCase() + rest.slice(1);
}

/**
 * A sentence without the appositive after its subject ("Ariel Friedler, formerly the president of
 * Symplicity, pled guilty …" → "Ariel Friedler pled guilty …"), so a cut keeps the verb.
 */
function dropAppositive(text: string): string {
  return (
    text
      .replace(/^([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s+[^,]{3,90},\s+(?=[a-z])/, '$1 ')
      // An example list inside the subject ("Many neo-pagan religions, such as Wicca, use …").
      .replace(/^([^,]{3,60}),\s+(?:such as|including|like)\s+[^,]{2,60},\s+(?=[a-z])/, '$1 ')
  );
}

/** What the headline compressor needs of a candidate: its text and the annotation inside its span. */
function headlineSource(c: Cand, acronyms: Map<string, string>): HeadlineSource {
  const an = c.article.annotation;
  return {
    text: c.text,
    entities: (an.entities ?? []).filter((e) => e.start >= c.start && e.end <= c.end).sort((x, y) => x.start - y.start),
    quotes: (an.quotes ?? []).filter((q) => q.start < c.end && q.end > c.start),
    acronyms,
  };
}

/** The source sentence just before `c`, when the same paragraph of the brief already carries it. */
/** A sentence chosen for a section; `answers` is the claim a denial was placed beside. */
interface Picked {
  c: Cand;
  text: string;
  answers?: Cand;
}

/** Most denials one brief places beside their claims. */
const MAX_DENIALS = 2;
/** Content words a denial must share with a claim, and the share of the shorter one, to answer it. */
const DENIAL_SHARED_WORDS = 3;
const DENIAL_OVERLAP = 0.3;

/** A sentence in which nlp found a denial (stance 'denies': denied, rejected, labelled … "absurd"). */
function isDenial(c: Cand): boolean {
  return (c.article.annotation.quotes ?? []).some(
    (q) => q.stance === 'denies' && ((q.start < c.end && q.end > c.start) || (q.speakerStart !== null && q.speakerStart >= c.start && q.speakerStart < c.end)),
  );
}

/** The group whose picked sentences come closest in wording to `c`; null when there is none. */
function closestGroup<G extends { picked: { c: Cand }[] }>(groups: G[], c: Cand): G | null {
  const near = (g: G) => Math.max(...g.picked.map((p) => cosine(p.c.vec, c.vec)));
  return groups.reduce<G | null>((best, g) => (!best || near(g) > near(best) ? g : best), null);
}

/** Whether another picked sentence directly follows `c` in its source (and may refer back to it). */
function leansOn(picked: { c: Cand }[], c: Cand): boolean {
  return picked.some((p) => p.c.article === c.article && p.c.index === c.index + 1);
}

function predecessor(picked: { c: Cand }[], c: Cand): Cand | null {
  return picked.find((p) => p.c.article === c.article && p.c.index === c.index - 1)?.c ?? null;
}

/**
 * Old news for an update brief: the known articles' sentences, cleaned as candidates are, and the
 * concepts they carry. A new sentence restating one of them is dropped; one near them weighs less.
 */
function oldNews(known: BriefArticle[], now: Date | undefined): { sents: Cand[]; concepts: Set<string> } {
  const sents = candidates(known, now);
  const concepts = new Set<string>();
  for (const c of sents) for (const k of conceptsOf(c)) concepts.add(k);
  return { sents, concepts };
}

/** Share of a known sentence's stems a new one must cover to count as a restatement of it. */
const RESTATED = 0.6;
/** How much a sentence's closeness to old news (cosine to the nearest known sentence) costs its score. */
const OLD_NEWS_PENALTY = 0.5;
/** Weight left to a concept the reader already met in the known articles. */
const OLD_CONCEPT_WEIGHT = 0.25;

/** A development in the making: its sentence pool (best first) and the sentences picked from it. */
interface Group {
  dev: Development;
  pool: Cand[];
  picked: Picked[];
}

/** One brief in the making. Each pass below reads it and extends it; `buildBrief` runs them in order. */
interface Draft {
  articles: BriefArticle[];
  opts: BriefOptions;
  cands: Cand[];
  old: { sents: Cand[]; concepts: Set<string> } | null;
  centroid: Vec;
  people: People;
  /** Every candidate the brief carries so far, in the order it was taken. */
  chosen: Cand[];
  headline: BriefSentence;
  lead: BriefSentence[];
  /** The lead's sentences before people were introduced in them (what later passes compare and move). */
  leadPlain: Picked[];
  leadWords: number;
  groups: Group[];
  /** Words left for the developments (Infinity without a word budget). */
  budget: number;
  developments: (BriefDevelopment & { importance: number })[];
}

function redundant(d: Draft, c: Cand): boolean {
  return d.chosen.some((s) => s === c || overlap(s.stems, c.stems) >= REDUNDANT || cosine(s.vec, c.vec) >= 0.5);
}

/** Candidates of the new articles, scored; restatements of known articles dropped, closeness to them penalised. */
function startDraft(articles: BriefArticle[], opts: BriefOptions): Draft {
  const knownIds = new Set((opts.known ?? []).map((a) => a.id));
  if (knownIds.size) articles = articles.filter((a) => !knownIds.has(a.id));
  if (articles.length === 0) throw new StorylineError('brief', 'no_articles', 'a brief needs at least one article (not counting known ones)');
  const dates = articles.map((a) => parseDay(a.published)).filter((d): d is Date => d !== null);
  const now = dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : undefined;
  let cands = candidates(articles, now);
  const old = knownIds.size ? oldNews(opts.known!, now) : null;
  if (old && old.sents.length) {
    // Restatements of old news go; if nothing new is left the plain brief of the new articles stands.
    const fresh = cands.filter((c) => !old.sents.some((k) => overlap(k.stems, c.stems) >= RESTATED && c.stems.size <= k.stems.size * 1.5));
    if (fresh.length) cands = fresh;
  }
  if (cands.length === 0)
    throw new StorylineError('brief', 'no_sentences', 'no usable sentence in the articles', { input: articles.map((a) => a.id).join(',') });
  const { centroid, idf } = score(cands, opts.focus);
  if (old && old.sents.length) {
    for (const k of old.sents) for (const [w, x] of k.vec) k.vec.set(w, (1 + Math.log(x)) * idf(w));
    for (const c of cands) {
      let near = 0;
      for (const k of old.sents) near = Math.max(near, cosine(c.vec, k.vec));
      c.score *= 1 - OLD_NEWS_PENALTY * near;
    }
  }
  return {
    articles,
    opts,
    cands,
    old,
    centroid,
    people: new People(articles),
    chosen: [],
    headline: { text: '', citations: [] },
    lead: [],
    leadPlain: [],
    leadWords: 0,
    groups: [],
    budget: Infinity,
    developments: [],
  };
}

function writeHeadline(d: Draft): void {
  const head = pickHeadline(d.articles, d.cands, d.centroid, d.opts.focus);
  d.headline = { text: head.text, citations: [citeOf(head.cite)] };
}

/**
 * Score added to the sentences of the headline's article when the lead is chosen, so the lead tells the
 * story's latest state the headline names. Chosen on the demo corpus (388 briefs): at 0.08, 14 leads change,
 * 3 to the state their headline names (100,000 deaths, not one million cases; Trump's national emergency;
 * the House subpoena), 2 for the worse (Navalny's airlift told twice, "last month" and "today"; a fragment
 * the candidate filter now drops) and the rest reordered; at 0.15, 22 change, more of them away from the
 * story's main fact (Apple Corps lost its case → the 1991 agreement).
 */
const LEAD_NOW_BONUS = 0.08;

/** Sentences of the ranked order the lead looks through for ones that fit whole. */
const LEAD_TRIES = 12;

/**
 * Lead: the best early sentence (news leads carry who/what/when/where), a second one when room is left.
 * A lead sentence is always whole: one that does not fit gives way to the next, and a sentence is cut only
 * when no candidate of the story fits at all.
 */
function writeLead(d: Draft): void {
  const { cands, lead, leadPlain, people } = d;
  // The story as it stands now: the headline's article (the newest of the central ones) leads.
  const now = d.headline.citations[0]?.articleId;
  const leadScore = (c: Cand) => c.score + 0.25 * (1 - Math.min(c.pos, 8) / 8) + (c.article.id === now ? LEAD_NOW_BONUS : 0);
  const leadOrder = [...cands].sort((x, y) => leadScore(y) - leadScore(x));
  // A short story keeps its sentences for the developments (the brief promises at least two): the lead
  // takes a second sentence only when enough remain after it.
  const maxLead = cands.length >= 2 + MIN_DEVELOPMENT_SENTENCES ? 2 : 1;
  const take = (c: Cand, t: string) => {
    leadPlain.push({ c, text: t });
    const room = LEAD_WORDS - d.leadWords;
    const introduced = people.introduce(c, t);
    // A role that would push the sentence past the lead's length is left out rather than the sentence cut.
    const shown = wordCount(introduced) <= room ? introduced : t;
    lead.push({ text: shown, citations: [citeOf(c)] });
    d.leadWords += wordCount(shown);
    d.chosen.push(c);
  };
  for (const c of leadOrder.slice(0, LEAD_TRIES)) {
    if (redundant(d, c)) continue;
    const t = standalone(c, null, people);
    if (!t || wordCount(t) > LEAD_WORDS - d.leadWords) continue;
    take(c, t);
    if (lead.length === maxLead || LEAD_WORDS - d.leadWords < 12) break;
  }
  if (lead.length) return;
  // Nothing near the top fits whole: the best sentence of the story that does, else the best one cut.
  for (const c of leadOrder) {
    const t = standalone(c, null, people);
    if (t && wordCount(t) <= LEAD_WORDS) return take(c, t);
  }
  const c = leadOrder[0];
  const t = compress(c.text, LEAD_WORDS) ?? c.text.split(/\s+/).slice(0, LEAD_WORDS).join(' ');
  lead.push({ text: t, citations: [citeOf(c)] });
  d.leadWords = wordCount(t);
  d.chosen.push(c);
}

/** The story's finer events (developments.ts), each with its pool of candidates; the word budget left. */
function groupDevelopments(d: Draft): void {
  const byKey = new Map(d.cands.map((c) => [c.key, c]));
  d.groups = findDevelopments(d.articles)
    .map((dev) => ({
      dev,
      pool: dev.sentences
        .map((s) => byKey.get(`${s.articleId}#${s.index}`))
        .filter((c): c is Cand => !!c)
        .sort((x, y) => y.score - x.score),
      picked: [] as Picked[],
    }))
    .filter((g) => g.pool.length > 0);
  d.budget = d.opts.maxWords !== undefined ? Math.max(0, d.opts.maxWords - d.leadWords) : Infinity;
}

/**
 * Under a word budget the body is chosen for coverage of the story's recurring concepts (the words and
 * word pairs many articles share), then each chosen sentence joins its development.
 */
function fillByCoverage(d: Draft): void {
  const groupOf = new Map<Cand, Group>();
  for (const g of d.groups) for (const c of g.pool) groupOf.set(c, g);
  const concepts = conceptWeights(d.cands, d.articles.length, d.opts.focus);
  if (d.old) for (const [k, x] of concepts) if (d.old.concepts.has(k)) concepts.set(k, x * OLD_CONCEPT_WEIGHT);
  const covered = new Set<string>();
  for (const c of d.chosen) for (const k of conceptsOf(c)) covered.add(k);
  const pool = d.cands.filter((c) => groupOf.has(c));
  for (;;) {
    let best: { c: Cand; text: string; gain: number } | null = null;
    for (const c of pool) {
      if (d.chosen.includes(c)) continue;
      const n = wordCount(c.text);
      if (n > d.budget) continue;
      let g = 0;
      for (const k of conceptsOf(c)) if (!covered.has(k)) g += concepts.get(k) ?? 0;
      if (g <= 0) continue;
      const gain = (g / Math.pow(n, 0.6)) * (0.6 + c.score);
      if (best && gain <= best.gain) continue;
      if (redundant(d, c)) continue;
      const t = standalone(c, predecessor(groupOf.get(c)!.picked, c), d.people);
      if (!t) continue;
      best = { c, text: t, gain };
    }
    if (!best) break;
    groupOf.get(best.c)!.picked.push({ c: best.c, text: best.text });
    d.chosen.push(best.c);
    d.budget -= wordCount(best.text);
    for (const k of conceptsOf(best.c)) covered.add(k);
    if (d.budget < 5) break;
  }
}

/** Without a budget: each group's best sentences, dealt round-robin so every development gets its strongest fact first. */
function fillRoundRobin(d: Draft): void {
  for (let round = 0; round < MAX_PER_DEVELOPMENT; round++) {
    let any = false;
    for (const g of d.groups) {
      if (round > 0 && g.picked.length < round) continue;
      for (const c of g.pool) {
        if (redundant(d, c)) continue;
        const t = standalone(c, predecessor(g.picked, c), d.people);
        if (!t) continue;
        g.picked.push({ c, text: t });
        d.chosen.push(c);
        any = true;
        break;
      }
    }
    if (!any) break;
  }
}

/** How near group `o` is to the first sentence of `g`: similar wording, or the same article (a report's paragraphs tend to follow one thread). */
function nearness(o: Group, g: Group): number {
  return Math.max(...o.picked.map((p) => cosine(p.c.vec, g.picked[0].c.vec) + (p.c.article === g.picked[0].c.article ? 0.1 : 0)));
}

/** Without a budget a one-sentence development is a thin paragraph: it is folded into the group most like it. */
function foldThin(d: Draft): void {
  if (d.opts.maxWords !== undefined || d.groups.length <= 2) return;
  for (const g of d.groups.filter((x) => x.picked.length === 1)) {
    if (d.groups.length <= 2) break;
    const others = d.groups.filter((o) => o !== g && o.picked.length < MAX_PER_DEVELOPMENT);
    if (!others.length) continue;
    const best = others.reduce((x, y) => (nearness(y, g) > nearness(x, g) ? y : x));
    if (nearness(best, g) < 0.08) continue;
    best.picked.push(...g.picked);
    d.groups = d.groups.filter((o) => o !== g);
  }
}

/** A development told only in quotes has no event of its own to headline: it joins the nearest one. */
function foldQuoteOnly(d: Draft): void {
  for (const g of [...d.groups]) {
    if (d.groups.length <= 2 || !g.picked.every((p) => /^["“]/.test(p.c.text) || p.c.speech)) continue;
    const others = d.groups.filter((o) => o !== g && o.picked.length + g.picked.length <= MAX_PER_DEVELOPMENT);
    if (!others.length) continue;
    others.reduce((x, y) => (nearness(y, g) > nearness(x, g) ? y : x)).picked.push(...g.picked);
    d.groups = d.groups.filter((o) => o !== g);
  }
}

/**
 * The product promises at least two developments: split the fullest one by source order, or add the best
 * unused sentences as a second development; still one short, the lead's second sentence becomes one.
 */
function ensureTwo(d: Draft): void {
  const { cands, chosen, people, lead, leadPlain } = d;
  if (d.groups.length < 2) {
    const rest = cands.filter((c) => !chosen.includes(c) && !chosen.some((s) => overlap(s.stems, c.stems) >= 0.9)).sort((x, y) => y.score - x.score);
    const extra: Picked[] = [];
    for (const c of rest) {
      // A sentence that opens with a pronoun may stand here only right after the sentence before it in the
      // source, in the same new section: the reader finds the antecedent just before it. A bare quote may
      // not, since in another section it would read as a claim without its speaker.
      const prev = /^["“]/.test(c.text) || d.groups.length !== 1 ? null : predecessor(extra, c);
      const t = standalone(c, prev, people);
      if (!t || wordCount(t) > d.budget) continue;
      extra.push({ c, text: t });
      chosen.push(c);
      d.budget -= wordCount(t);
      if (extra.length === 2) break;
    }
    const live = d.groups;
    if (live.length === 1 && extra.length) live.push({ dev: { ...live[0].dev, weight: 0 }, pool: [], picked: extra });
    else if (live.length === 1 && live[0].picked.length >= 2) {
      const ps = [...live[0].picked].sort((x, y) => x.c.article.id.localeCompare(y.c.article.id) || x.c.index - y.c.index);
      const half = Math.ceil(ps.length / 2);
      d.groups = [
        { ...live[0], picked: ps.slice(0, half) },
        { ...live[0], picked: ps.slice(half), dev: { ...live[0].dev, weight: 0 } },
      ];
    } else if (live.length === 0 && extra.length) {
      d.groups = extra.map((e) => ({ dev: { sentences: [], articleIds: [e.c.article.id], date: e.c.article.published, weight: 0 }, pool: [], picked: [e] }));
    }
  }
  if (d.groups.length < 2 && lead.length > 1 && leadPlain.length === lead.length) {
    const moved = leadPlain.pop()!;
    d.leadWords -= wordCount(lead.pop()!.text);
    d.groups.push({ dev: { sentences: [], articleIds: [moved.c.article.id], date: moved.c.article.published, weight: 0 }, pool: [], picked: [moved] });
  }
}

/**
 * A contested claim stands beside its denial ("a claim North Korea has labeled as 'absurd'"). Selection
 * picks by centrality, and a denial is rarely central, so it is placed here on purpose.
 */
function placeDenials(d: Draft): void {
  const { cands, chosen, people, lead, leadPlain, opts } = d;
  const leadOnly: Group = { dev: { sentences: [], articleIds: [], date: null, weight: 0 }, pool: [], picked: leadPlain };
  for (const den of cands
    .filter(isDenial)
    .sort((x, y) => y.score - x.score)
    .slice(0, MAX_DENIALS)) {
    // The claim it answers: the brief sentence sharing most of its content words.
    let claim: { g: Group; c: Cand; shared: number } | null = null;
    for (const g of [leadOnly, ...d.groups]) {
      for (const p of g.picked) {
        if (p.c === den || (p.c.article === den.article && isDenial(p.c))) continue;
        let shared = 0;
        for (const w of den.stems) if (p.c.stems.has(w)) shared++;
        if (shared >= DENIAL_SHARED_WORDS && overlap(p.c.stems, den.stems) >= DENIAL_OVERLAP && (!claim || shared > claim.shared))
          claim = { g, c: p.c, shared };
      }
    }
    if (!claim) continue;
    const home = d.groups.find((g) => g.picked.some((p) => p.c === den));
    // A sentence after it in its paragraph may lean on it ("He added…"): then it stays where it is.
    if (home && leansOn(home.picked, den)) continue;
    if (home === claim.g || leadPlain.some((p) => p.c === den)) continue;
    // Beside the claim means not a restatement of it, nor of anything else already in the brief.
    if (chosen.some((s) => s !== den && overlap(s.stems, den.stems) >= 0.8)) continue;
    if (claim.g === leadOnly && opts.maxWords === undefined && !(home && home.picked.length === 1 && d.groups.length <= 2)) {
      // A claim in the lead is answered in the lead when the denial fits, the lead's other sentence making
      // room if it must (it moves to the development nearest to it).
      const t = standalone(den, null, people);
      const n = t ? wordCount(people.introduce(den, t)) : Infinity;
      const at = leadPlain.findIndex((p) => p.c === claim!.c);
      const other = leadPlain.length > 1 && LEAD_WORDS - d.leadWords < n ? leadPlain.findIndex((_, i) => i !== at) : -1;
      if (t && at >= 0 && n <= LEAD_WORDS - d.leadWords + (other >= 0 ? wordCount(lead[other].text) : 0)) {
        if (other >= 0) {
          const [moved] = leadPlain.splice(other, 1);
          d.leadWords -= wordCount(lead.splice(other, 1)[0].text);
          const into = closestGroup(
            d.groups.filter((g) => g.picked.length < MAX_PER_DEVELOPMENT),
            moved.c,
          );
          if (into) into.picked.push(moved);
          else chosen.splice(chosen.indexOf(moved.c), 1);
        }
        const pos = leadPlain.findIndex((p) => p.c === claim!.c) + 1;
        const introduced = people.introduce(den, t);
        leadPlain.splice(pos, 0, { c: den, text: t });
        lead.splice(pos, 0, { text: introduced, citations: [citeOf(den)] });
        d.leadWords += wordCount(introduced);
        if (home) {
          home.picked = home.picked.filter((p) => p.c !== den);
          if (!home.picked.length) d.groups = d.groups.filter((g) => g !== home);
        } else chosen.push(den);
        continue;
      }
    }
    // Otherwise a claim in the lead gets its denial in the development that tells the most about it.
    const target = claim.g === leadOnly ? closestGroup(d.groups, den) : claim.g;
    if (!target || target === home) continue;
    // It must read on its own: it will sit after the claim, not after its own neighbour in the source.
    const text = standalone(den, null, people);
    const was = home?.picked.find((p) => p.c === den);
    if (!text || wordCount(text) > d.budget + (was ? wordCount(was.text) : 0)) continue;
    // Taking it from its own development must not leave the brief with fewer than two.
    if (home && home.picked.length === 1 && d.groups.length <= 2) continue;
    // A full paragraph gives up its weakest sentence that is neither the claim nor another denial.
    const weakest =
      target.picked.length < MAX_PER_DEVELOPMENT
        ? null
        : target.picked
            .filter((p) => p.c !== claim!.c && !p.answers && !leansOn(target.picked, p.c))
            .reduce<Picked | null>((x, y) => (!x || y.c.score < x.c.score ? y : x), null);
    if (target.picked.length >= MAX_PER_DEVELOPMENT && !weakest) continue;
    if (home) {
      home.picked = home.picked.filter((p) => p.c !== den);
      if (!home.picked.length) d.groups = d.groups.filter((g) => g !== home);
      d.budget += wordCount(was!.text) - wordCount(text);
    } else {
      chosen.push(den);
      d.budget -= wordCount(text);
    }
    if (weakest) {
      target.picked = target.picked.filter((p) => p !== weakest);
      chosen.splice(chosen.indexOf(weakest.c), 1);
      d.budget += wordCount(weakest.text);
    }
    target.picked.push({ c: den, text, answers: target === claim.g ? claim.c : undefined });
  }
}

const SAYS = '(?:said|says|added|adds|stated|explained|told [A-Z][\\w.-]*(?: [A-Z][\\w.-]*)*)';
// 'Name said: "…"', '"…," Name said', '"…," said Name': a sentence that is one quote and its speaker.
const QUOTE_FORMS = [
  new RegExp(`^(?<who>[^"“”]{2,60}?) ${SAYS}[,:]? ["“](?<words>[^"“”]+?)[.!?,]?["”]\\.?$`),
  new RegExp(`^["“](?<words>[^"“”]+?)[.!?,]?["”],? ${SAYS} (?<who>[^"“”,]{2,60}?)\\.?$`),
  new RegExp(`^["“](?<words>[^"“”]+?)[.!?,]?["”],? (?<who>[^"“”,]{2,60}?) ${SAYS}\\.?$`),
];

/** The speaker and the quoted words of a sentence that is one whole quote with its speaker, or null. */
function quoteParts(text: string): { speaker: string; words: string } | null {
  for (const re of QUOTE_FORMS) {
    const m = re.exec(text);
    if (m?.groups && !leadingPronoun(m.groups.who) && /^[A-Z]/.test(m.groups.who)) return { speaker: m.groups.who, words: m.groups.words };
  }
  return null;
}

/** The words before the first "and"/"but" that joins two clauses, when they make a clause that fits `max`. */
function firstClause(text: string, max: number): string | null {
  for (const m of text.matchAll(/\s(?:and|but)\s/g)) {
    const head = text.slice(0, m.index);
    if (wordCount(head) > max) break;
    if (wordCount(head) >= 4 && !headlineProblem(`Someone: "${head}"`)) return head;
  }
  return null;
}

/** A development headline and the sentence it cites. */
interface Headline {
  text: string;
  cite: Cand;
}

/**
 * A development's headline: the most central sentence compressed to "who does what", or an attribution
 * built from nlp's quote; failing both, the title of the development's main article; then a clause cut.
 */
function developmentHeadline(g: Group, usedTitles: Set<string>, acronyms: Map<string, string>): Headline {
  const top = g.picked.reduce((x, y) => (y.c.score > x.c.score ? y : x));
  for (const p of [...g.picked].sort((x, y) => y.c.score - x.c.score)) {
    const src = headlineSource(p.c, acronyms);
    // Someone's words are no headline in the brief's own voice.
    const h = (p.c.speech ? null : compressHeadline(src)) ?? attributionHeadline(src);
    if (h && !usedTitles.has(h.toLowerCase())) return { text: h, cite: p.c };
  }
  let head: Headline | null = null;
  const pv: Vec = new Map();
  for (const p of g.picked) for (const [w, x] of p.c.vec) pv.set(w, (pv.get(w) ?? 0) + x);
  let tsim = -1;
  for (const id of new Set(g.picked.map((p) => p.c.article.id))) {
    const a = g.picked.find((p) => p.c.article.id === id)!.c.article;
    const t = cleanTitle(a.title ?? '');
    // A series title ("On the campaign trail in the USA, August 2020") names no event: it is skipped.
    if (wordCount(t) < 3 || usedTitles.has(headlineOf(t, HEADLINE_WORDS).toLowerCase()) || headlineProblem(headlineOf(t, HEADLINE_WORDS))) continue;
    const s = cosine(termFreq(contentStems(t)), pv);
    if (s > tsim) {
      tsim = s;
      head = { text: headlineOf(t, HEADLINE_WORDS), cite: g.picked.filter((p) => p.c.article === a).reduce((x, y) => (y.c.score > x.c.score ? y : x)).c };
    }
  }
  if (head) return head;
  // Then the best sentence whose main clause, cut to length, reads as a line of its own.
  for (const p of [...g.picked].sort((x, y) => y.c.score - x.c.score)) {
    if (/["“”]/.test(p.text) || p.c.speech || leadingPronoun(p.c.text)) continue;
    const h = headlineOf(dropAppositive(mainClause(stripOpener(p.text))), DEV_HEADLINE_WORDS + 2);
    if (!headlineProblem(h) && !leadingPronoun(h) && !usedTitles.has(h.toLowerCase())) return { text: h, cite: p.c };
  }
  // A development told in someone's words: their words as a quote headline ("Steve Jobs: "I will
  // continue as chief executive""), when the quote holds a whole clause short enough to stand.
  for (const p of [...g.picked].sort((x, y) => y.c.score - x.c.score)) {
    // Speech given its speaker here ('Name said: "…"'), or a sentence that is one whole quote nlp attributed.
    const given = quoteParts(p.text);
    const speaker = given?.speaker ?? p.c.speech?.speaker;
    if (!speaker || (!given && /["“”]/.test(p.c.text))) continue;
    const words = (given?.words ?? p.c.text).replace(/[.!?]+$/, '');
    const q =
      wordCount(words) <= DEV_HEADLINE_WORDS - 2
        ? words
        : (compress(words, DEV_HEADLINE_WORDS - 2)?.replace(/\.$/, '') ?? firstClause(words, DEV_HEADLINE_WORDS - 2));
    const h = q ? `${speakerPhrase(speaker)}: "${q}"` : null;
    if (h && wordCount(h) <= DEV_HEADLINE_WORDS + 2 && !headlineProblem(h) && !usedTitles.has(h.toLowerCase())) return { text: h, cite: p.c };
  }
  // Quotes make poor headlines: the cut comes from the best sentence that is not one.
  const plain = g.picked.filter((p) => !/["“”]/.test(p.text) && !p.c.speech && !leadingPronoun(stripOpener(p.text)) && !leadingPronoun(p.c.text));
  const short = plain.filter((p) => wordCount(stripOpener(p.text)) <= DEV_HEADLINE_WORDS + 2);
  const hpool = short.length ? short : plain;
  const htop = hpool.length ? hpool.reduce((x, y) => (y.c.score > x.c.score ? y : x)) : top;
  const title = headlineOf(cleanTitle(top.c.article.title ?? ''), HEADLINE_WORDS);
  const cut = headlineOf(dropAppositive(mainClause(stripOpener(htop.text))), short.length ? DEV_HEADLINE_WORDS + 2 : DEV_HEADLINE_WORDS);
  // Nothing but quotes, or a cut that does not read as a clause: the article's title stands, since a cut
  // would be a quote piece or a fragment.
  if (wordCount(title) >= 3 && (!hpool.length || (headlineProblem(cut) && !headlineProblem(title))) && !usedTitles.has(title.toLowerCase()))
    return { text: title, cite: top.c };
  if (headlineProblem(cut)) {
    // Any other sentence of the paragraph whose plain cut reads as a clause, before a fragment.
    for (const p of [...plain].sort((x, y) => y.c.score - x.c.score)) {
      const h = headlineOf(mainClause(stripOpener(p.text)), DEV_HEADLINE_WORDS + 2);
      if (!headlineProblem(h) && !usedTitles.has(h.toLowerCase())) return { text: h, cite: p.c };
    }
    // Then a sentence of the same development the brief did not print: the headline still tells its event.
    const fromPool = poolHeadline(g, usedTitles, acronyms);
    if (fromPool) return fromPool;
  }
  return { text: cut, cite: htop.c };
}

/** Pool sentences a headline may be drawn from when no printed sentence gives one (the best by score). */
const POOL_HEADLINE_TRIES = 8;

/** A headline from the development's unprinted sentences: compressed, else its main clause cut to length. */
function poolHeadline(g: Group, usedTitles: Set<string>, acronyms: Map<string, string>): Headline | null {
  const picked = new Set(g.picked.map((p) => p.c));
  const rest = g.pool.filter((c) => !picked.has(c) && !c.speech && !/["“”]/.test(c.text) && !leadingPronoun(c.text)).slice(0, POOL_HEADLINE_TRIES);
  for (const c of rest) {
    const h = compressHeadline(headlineSource(c, acronyms)) ?? headlineOf(dropAppositive(mainClause(stripOpener(c.text))), DEV_HEADLINE_WORDS + 2);
    if (!headlineProblem(h) && !usedTitles.has(h.toLowerCase())) return { text: h, cite: c };
  }
  return null;
}

/**
 * How many days before its article a day named in a development's headline sentence may lie and still be
 * the day of the event the development reports. Chosen on the demo corpus (388 briefs): every headline
 * sentence day within two weeks of its article was that event's ("Yesterday (January 9) the Search and
 * Rescue Agency told …", "Ivan's condition was on Wednesday (January 2) reported …"); the days further back
 * were background ("Columbia was lost … back in 2003" in a 2011 story, "Boeing had been suspended" in 2003).
 */
const EVENT_DAY_WINDOW = 14;

/**
 * The day of the event a sentence reports: the latest day the time resolver is sure of in the sentence
 * itself, within EVENT_DAY_WINDOW days before its article; else the article's event day (news puts what
 * happened, and when, in its opening sentences); else the article's date.
 */
function eventDate(c: Cand): string | null {
  const a = c.article;
  const pub = a.published?.slice(0, 10) ?? null;
  return dayWithin(a, c.start, c.end) ?? eventDay(a.text, a.published) ?? openingDay(a) ?? pub;
}

/** The latest sure day in source span [start, end) within EVENT_DAY_WINDOW days before the article, or null. */
function dayWithin(a: BriefArticle, start: number, end: number): string | null {
  const pubDay = parseDay(a.published);
  let best: string | null = null;
  for (const t of timesOf(a)) {
    if (t.start < start || t.end > end || !t.sure || !/^\d{4}-\d{2}-\d{2}/.test(t.value)) continue;
    const d = t.value.slice(0, 10);
    const back = pubDay ? (pubDay.getTime() - parseDay(d)!.getTime()) / 86_400_000 : 0;
    if (back < 0 || back > EVENT_DAY_WINDOW) continue;
    if (!best || d > best) best = d;
  }
  return best;
}

/** Prose sentences at the top of an article where its event day is told. */
const OPENING_SENTENCES = 3;

/**
 * The event day told in the article's first prose sentences, when lines that are no prose (a chart's legend,
 * "██ Labour Party - 203 seats") come first and hide it from nlp's eventDay.
 */
function openingDay(a: BriefArticle): string | null {
  const prose = a.annotation.sentences.filter((s) => wordCount(s.text) >= 5 && /[.!?]["'”’)]*$/.test(s.text.trim())).slice(0, OPENING_SENTENCES);
  for (const s of prose) {
    const d = dayWithin(a, s.start, s.end);
    if (d) return d;
  }
  return null;
}

/**
 * A development whose every headline option is a fragment (a quote piece, a cut clause) has no event of
 * its own to headline: while more than two remain, its sentences join the development nearest in wording
 * that has room, or (without a word budget) are left out; the brief keeps the developments it can title.
 */
function foldHeadless(d: Draft): void {
  const usedTitles = new Set([d.headline.text.toLowerCase()]);
  const acronyms = acronymsOf(d.articles.map((a) => a.text));
  for (const g of [...d.groups].sort((a, b) => rankOf(b) - rankOf(a) || firstDayOf(a).localeCompare(firstDayOf(b)))) {
    const h = developmentHeadline(g, usedTitles, acronyms);
    if (!headlineProblem(h.text) || d.groups.length <= 2) {
      usedTitles.add(h.text.toLowerCase());
      continue;
    }
    const into = closestGroup(
      d.groups.filter((o) => o !== g && o.picked.length + g.picked.length <= MAX_PER_DEVELOPMENT),
      g.picked[0].c,
    );
    if (into) into.picked.push(...g.picked);
    else if (d.opts.maxWords !== undefined) {
      // Under a word budget its facts count more than its headline: it stays.
      usedTitles.add(h.text.toLowerCase());
      continue;
    } else for (const p of g.picked) d.chosen.splice(d.chosen.indexOf(p.c), 1);
    d.groups = d.groups.filter((o) => o !== g);
  }
}

// Sections are written in the order they are shown (importance, then time).
function rankOf(g: Group): number {
  return 0.5 * g.dev.weight + 0.5 * Math.max(...g.picked.map((p) => p.c.score));
}
function firstDayOf(g: Group): string {
  return (
    g.picked
      .map((p) => p.c.article.published)
      .filter((x): x is string => !!x)
      .sort()[0] ?? ''
  );
}

/** Each group written out: sentences in source order with people introduced, a headline, a date. */
function writeDevelopments(d: Draft): void {
  const { people, lead } = d;
  const usedTitles = new Set([d.headline.text.toLowerCase()]);
  const acronyms = acronymsOf(d.articles.map((a) => a.text));
  // Sections are written in the order they are shown, so a person is introduced with their role at the
  // first mention the reader meets.
  const live = [...d.groups].sort((a, b) => rankOf(b) - rankOf(a) || firstDayOf(a).localeCompare(firstDayOf(b)));
  people.texts = [...lead.map((l) => l.text), ...live.flatMap((g) => g.picked.map((p) => p.text))];
  d.developments = live.map((g) => {
    const top = g.picked.reduce((x, y) => (y.c.score > x.c.score ? y : x));
    const ordered = [...g.picked].sort(
      (x, y) =>
        (x.c.article.published ?? '').localeCompare(y.c.article.published ?? '') || x.c.article.id.localeCompare(y.c.article.id) || x.c.index - y.c.index,
    );
    // A denial follows the claim it answers, whatever the dates.
    for (const p of ordered.filter((x) => x.answers)) {
      const at = ordered.findIndex((x) => x.c === p.answers);
      if (at < 0) continue;
      ordered.splice(ordered.indexOf(p), 1);
      ordered.splice(ordered.findIndex((x) => x.c === p.answers) + 1, 0, p);
    }
    const sentences = ordered.map((p) => ({ text: people.introduce(p.c, p.text), citations: [citeOf(p.c)] }));
    const head = developmentHeadline(g, usedTitles, acronyms);
    usedTitles.add(head.text.toLowerCase());
    return {
      headline: { text: head.text, citations: [citeOf(head.cite)] },
      sentences,
      date: eventDate(head.cite),
      articleIds: [...new Set(g.picked.map((p) => p.c.article.id))],
      importance: 0.5 * g.dev.weight + 0.5 * top.c.score,
    };
  });
  d.developments.sort((a, b) => b.importance - a.importance || (a.date ?? '').localeCompare(b.date ?? ''));
}

function finish(d: Draft): Brief {
  const timeline: TimelineEntry[] = d.developments
    .filter((x) => x.date)
    .map((x) => ({ date: x.date!, text: x.headline.text, citations: x.headline.citations }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    headline: d.headline,
    lead: d.lead,
    developments: d.developments.map(({ importance: _i, ...x }) => x),
    timeline,
    coverage: coverageOf(d.articles),
    people: d.people.named,
  };
}

export function buildBrief(articles: BriefArticle[], opts: BriefOptions = {}): Brief {
  const d = startDraft(articles, opts);
  writeHeadline(d);
  writeLead(d);
  groupDevelopments(d);
  if (opts.maxWords !== undefined) fillByCoverage(d);
  else fillRoundRobin(d);
  d.groups = d.groups.filter((g) => g.picked.length > 0);
  foldThin(d);
  foldQuoteOnly(d);
  ensureTwo(d);
  placeDenials(d);
  foldHeadless(d);
  writeDevelopments(d);
  return finish(d);
}
