// Who is speaking: finding the source phrase around a cue, and resolving it (name, pronoun or description)
// to a named entity. Rules, not a parser: news attribution is formulaic enough ("X said", "said X",
// "X, a spokesman, said", "he warned") that a left/right walk over tokens finds the source.
import type { EntityMention, EntityType, Sentence } from '../../types.ts';
import type { Token } from '../tokenize.ts';
import { AUXILIARIES, CLAUSE_BOUNDARY, GROUP_PRONOUNS, ORG_NOUNS, PERSON_NOUNS, PERSON_PRONOUNS } from './lexicon.ts';

export interface TokSpan {
  /** Token indices, end exclusive. */
  from: number;
  to: number;
}

const MAX_SUBJECT = 12;
const PUNCT = /^[^\p{L}\p{N}]+$/u;
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'its', 'their', 'our', 'my', 'another', 'some', 'many', 'several', 'other', 'two', 'three', 'one', 'both', 'most']);

export function isPunct(t: Token): boolean {
  return PUNCT.test(t.text) && t.text !== "'s" && t.text !== '\u2019s';
}

/** Index of the last token before `i` that is not an auxiliary or -ly adverb ("has also repeatedly said"). */
export function skipAuxLeft(tokens: Token[], i: number, floor: number): number {
  let j = i - 1;
  while (j >= floor) {
    const w = tokens[j].text.toLowerCase();
    if (AUXILIARIES.has(w) || (/^[a-z]+ly$/.test(tokens[j].text) && w !== 'only')) j--;
    else break;
  }
  return j;
}

/**
 * The subject phrase left of a cue at token `cue` (sentence tokens start at `floor`): "the ministry",
 * "Matthew Miller, a US state department spokesperson", "who". Null when the cue has no subject of its own
 * (sentence start, "… and urged", ", saying").
 */
export function subjectLeft(tokens: Token[], cue: number, floor: number, entities: EntityMention[]): TokSpan | null {
  const j = skipAuxLeft(tokens, cue, floor);
  if (j < floor) return null;
  const w = tokens[j].text.toLowerCase();
  if (w === 'who' || w === 'which') return { from: j, to: j + 1 };
  if (tokens[j].text === ',') return appositiveSubject(tokens, j, floor, entities);
  const from = walkNounPhrase(tokens, j, floor);
  return from === null ? null : narrow(tokens, { from, to: j + 1 }, entities);
}

/** Start of the noun phrase ending at token `last`, walking left to punctuation or a clause word. */
function walkNounPhrase(tokens: Token[], last: number, floor: number): number | null {
  let k = last;
  while (k >= floor && last - k < MAX_SUBJECT) {
    const t = tokens[k];
    if (isPunct(t) || CLAUSE_BOUNDARY.has(t.text.toLowerCase())) break;
    if ((t.text === 'who' || t.text === 'which') && k < last) break;
    k--;
  }
  if (k === last) return null;
  return k + 1;
}

/**
 * "Matthew Miller, a US state department spokesperson, stated": the comma right before the cue closes an
 * appositive; the subject is the name plus the appositive. Otherwise the comma marks content before it.
 */
function appositiveSubject(tokens: Token[], comma: number, floor: number, entities: EntityMention[]): TokSpan | null {
  let k = comma - 1;
  while (k >= floor && tokens[k].text !== ',' && !isPunct(tokens[k]) && comma - k <= 10) k--;
  if (k < floor || tokens[k].text !== ',' || k === comma - 1) return null;
  const head = walkNounPhrase(tokens, k - 1, floor);
  if (head === null) return null;
  // The head must start the clause (sentence start or after punctuation/a clause word) to be a subject.
  if (head > floor && !isPunct(tokens[head - 1]) && !CLAUSE_BOUNDARY.has(tokens[head - 1].text.toLowerCase())) return null;
  const hasName = (from: number, to: number) =>
    entities.some((e) => (e.type === 'PERSON' || e.type === 'ORG') && e.start >= tokens[from].start && e.end <= tokens[to - 1].end);
  const appositive = tokens.slice(k + 1, comma).map((t) => t.text.toLowerCase());
  const looksLikeRole = DETERMINERS.has(appositive[0]) || PERSON_NOUNS.test(appositive.join(' ')) || hasName(k + 1, comma);
  if (!looksLikeRole || !(hasName(head, k) || hasName(k + 1, comma) || /^\p{Lu}/u.test(tokens[head].text))) return null;
  return { from: head, to: comma };
}

/** "a claim North Korea has labeled": drop a common noun that only runs into the name. */
function narrow(tokens: Token[], span: TokSpan, entities: EntityMention[]): TokSpan {
  const first = entities.find((e) => e.start >= tokens[span.from].start && e.end <= tokens[span.to - 1].end);
  if (!first) return span;
  let idx = span.from;
  while (idx < span.to && tokens[idx].start < first.start) idx++;
  if (idx === span.from) return span;
  const before = tokens[idx - 1].text.toLowerCase();
  if (/^\p{Ll}+$/u.test(before) && !DETERMINERS.has(before) && !PERSON_NOUNS.test(before) && !ORG_NOUNS.test(before) && before !== 'of') {
    return { from: idx, to: span.to };
  }
  return span;
}

/** The phrase right of an inverted cue ("said the official", "according to the ministry"). */
export function phraseRight(tokens: Token[], from: number, limit: number): TokSpan | null {
  // A source opens with a name, a determiner or a pronoun; "said that …" has none.
  if (from >= limit || !/^(\p{Lu}|the$|a$|an$|his$|her$|their$|its$|one$|two$|several$|some$|many$|officials$|sources$|experts$|analysts$)/iu.test(tokens[from].text) || /^that$/i.test(tokens[from].text)) return null;
  if (/^\p{Ll}/u.test(tokens[from].text) === false && !/^\p{Lu}/u.test(tokens[from].text)) return null;
  let k = from;
  while (k < limit && k - from < 10) {
    const t = tokens[k];
    const w = t.text.toLowerCase();
    if (isPunct(t) && t.text !== '.' && t.text !== '-') break;
    if (t.text === '.' ) break;
    if (k > from && /^(in|on|at|during|who|which|that|adding|saying|when|after|before|as|told|to|and|but|while|because)$/.test(w)) break;
    k++;
  }
  return k > from ? { from, to: k } : null;
}

/** Subject of the clause a sentence opens with: its first person, else organisation, else place. */
export function sentenceSubject(tokens: Token[], floor: number, cue: number, entities: EntityMention[]): TokSpan | null {
  const lo = tokens[floor].start;
  const hi = tokens[cue].start;
  const first = tokens[floor].text.toLowerCase();
  if (PERSON_PRONOUNS.has(first) || GROUP_PRONOUNS.has(first)) return { from: floor, to: floor + 1 };
  const inside = entities.filter((e) => e.start >= lo && e.end <= hi);
  for (const type of ['PERSON', 'ORG', 'PLACE'] as EntityType[]) {
    const e = inside.find((m) => m.type === type);
    if (e) return tokenSpanOf(tokens, e.start, e.end, floor, cue);
  }
  return null;
}

function tokenSpanOf(tokens: Token[], start: number, end: number, floor: number, limit: number): TokSpan | null {
  let from = floor;
  while (from < limit && tokens[from].end <= start) from++;
  let to = from;
  while (to < limit && tokens[to].start < end) to++;
  return to > from ? { from, to } : null;
}

/**
 * Resolves a source phrase at [start, end) to a canonical name: a named entity inside it; for a pronoun or
 * a definite description, the most recent compatible entity (the subject of a recent sentence first, as a
 * pronoun usually continues the topic); null when the text does not allow it ("sources", "they").
 */
export function resolveSpeaker(text: string, start: number, end: number, entities: EntityMention[], sentences: Sentence[]): string | null {
  const inside = entities.filter((e) => e.start < end && e.end > start);
  for (const type of ['PERSON', 'ORG', 'PLACE', 'MISC'] as EntityType[]) {
    const e = inside.find((m) => m.type === type);
    if (e) return e.canonical;
  }
  const phrase = text.slice(start, end).trim();
  const lower = phrase.toLowerCase();
  const words = lower.split(/\s+/);
  if (lower === 'who' || lower === 'which') {
    const prev = entities.filter((e) => e.end <= start && start - e.end < 80 && (e.type === 'PERSON' || e.type === 'ORG'));
    return prev.length ? prev[prev.length - 1].canonical : null;
  }
  if (PERSON_PRONOUNS.has(lower) || (words.length <= 4 && words[0] === 'the' && PERSON_NOUNS.test(lower) && !/s$/.test(words[words.length - 1]))) {
    return recent(entities, sentences, start, ['PERSON']);
  }
  if (lower === 'it' || (words.length <= 4 && words[0] === 'the' && ORG_NOUNS.test(lower))) {
    return recent(entities, sentences, start, ['ORG', 'PLACE']);
  }
  if (GROUP_PRONOUNS.has(lower)) return null;
  // A capitalised name the recogniser missed is still the best answer the text gives.
  if (/^(\p{Lu}[\p{L}.'\u2019-]*\s?){1,4}$/u.test(phrase) && !DETERMINERS.has(words[0])) return phrase;
  return null;
}

function recent(entities: EntityMention[], sentences: Sentence[], before: number, types: EntityType[]): string | null {
  let si = sentences.findIndex((s) => s.start <= before && before < s.end);
  if (si < 0) si = sentences.length - 1;
  // Current sentence first (mentions before the pronoun), then up to three sentences back, each by its subject.
  for (let k = si; k >= 0 && si - k <= 3; k--) {
    const s = sentences[k];
    const limit = k === si ? before : s.end;
    const cands = entities.filter((e) => e.start >= s.start && e.end <= limit && types.includes(e.type));
    if (cands.length === 0) continue;
    return k === si ? cands[cands.length - 1].canonical : cands[0].canonical;
  }
  return null;
}
