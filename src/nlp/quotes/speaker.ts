// Who is speaking: finding the source phrase around a cue, and resolving it (name, pronoun or description)
// to a named entity. Rules, not a parser: news attribution is formulaic enough ("X said", "said X",
// "X, a spokesman, said", "he warned") that a left/right walk over tokens finds the source.
import type { EntityMention, EntityType, Sentence } from '../../types.ts';
import type { Token } from '../tokenize.ts';
import { AUXILIARIES, CLAUSE_BOUNDARY, GENERIC_HEAD, GROUP_PRONOUNS, ORG_NOUNS, PERSON_NOUNS, PERSON_PRONOUNS, SOURCE_PREPS } from './lexicon.ts';

export interface TokSpan {
  /** Token indices, end exclusive. */
  from: number;
  to: number;
}

const MAX_SUBJECT = 12;
const PUNCT = /^[^\p{L}\p{N}]+$/u;
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'another',
  'some',
  'many',
  'several',
  'other',
  'two',
  'three',
  'one',
  'both',
  'most',
]);

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
  const from = walkNounPhrase(tokens, j, floor, entities);
  return from === null ? null : narrow(tokens, { from, to: j + 1 }, entities);
}

const NAMED: EntityType[] = ['PERSON', 'ORG', 'PLACE'];

/**
 * A clause word at `k` that still sits inside the subject: a preposition qualifying a generic head
 * ("analysts at Nomura", "sources close to the talks") or "and" joining two names ("Britain and France").
 */
function bridges(tokens: Token[], k: number, last: number, floor: number, entities: EntityMention[]): boolean {
  if (k <= floor || k >= last) return false;
  const w = tokens[k].text.toLowerCase();
  const prev = tokens[k - 1].text;
  if (SOURCE_PREPS.has(w)) return qualifies(tokens, k);
  if (w === 'and' || w === ',') {
    // One side may be a name the recogniser missed ("Trump and Biden"), as long as both read as names.
    const endsName = entities.some((e) => NAMED.includes(e.type) && e.end === tokens[k - 1].end);
    const startsName = entities.some((e) => NAMED.includes(e.type) && e.start === tokens[k + 1].start);
    const caps = /^\p{Lu}/u.test(prev) && /^\p{Lu}/u.test(tokens[k + 1].text);
    return caps && (endsName || startsName) && (w === 'and' ? true : endsName && startsName);
  }
  return false;
}

const LINKED = /^(close|familiar|loyal|linked|allied|opposed|briefed|involved|knowledgeable)$/i;

/**
 * Whether the preposition at `k` opens a qualifier of a generic head before it: "analysts in Tokyo",
 * "officials at the ministry", "sources close to the talks", but not "the official in a statement".
 */
function qualifies(tokens: Token[], k: number): boolean {
  const w = tokens[k].text.toLowerCase();
  const prev = tokens[k - 1]?.text ?? '';
  // "sources familiar with the matter", "officials close to the talks": an adjective between head and preposition.
  const linked = LINKED.test(prev);
  const head = linked ? (tokens[k - 2]?.text ?? '') : prev;
  if (!SOURCE_PREPS.has(w) || !GENERIC_HEAD.test(head)) return false;
  if (linked) return true;
  let n = k + 1;
  if (/^the$/i.test(tokens[n]?.text ?? '')) n++;
  const t = tokens[n]?.text ?? '';
  return /^\p{Lu}/u.test(t) || ORG_NOUNS.test(t) || GENERIC_HEAD.test(t);
}

/** Start of the noun phrase ending at token `last`, walking left to punctuation or a clause word. */
function walkNounPhrase(tokens: Token[], last: number, floor: number, entities: EntityMention[]): number | null {
  let k = last;
  let joined = false;
  while (k >= floor && last - k < MAX_SUBJECT) {
    const t = tokens[k];
    if (isPunct(t) || CLAUSE_BOUNDARY.has(t.text.toLowerCase())) {
      // A comma only joins names once an "and" has closed the list ("Britain, France and Germany").
      if ((t.text === 'and' || (t.text === ',' && joined)) && bridges(tokens, k, last, floor, entities)) {
        joined = true;
        k--;
        continue;
      }
      if (!isPunct(t) && t.text !== 'and' && bridges(tokens, k, last, floor, entities)) {
        k--;
        continue;
      }
      break;
    }
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
  const head = walkNounPhrase(tokens, k - 1, floor, entities);
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
  // "analysts in Tokyo", "a senior US official": a generic head around the name makes the whole a description.
  if (GENERIC_HEAD.test(tokens[span.to - 1].text)) return span;
  for (let k = span.from; k < idx; k++) if (GENERIC_HEAD.test(tokens[k].text)) return span;
  const before = tokens[idx - 1].text.toLowerCase();
  if (/^\p{Ll}+$/u.test(before) && !DETERMINERS.has(before) && !PERSON_NOUNS.test(before) && !ORG_NOUNS.test(before) && before !== 'of' && before !== 'and') {
    return { from: idx, to: span.to };
  }
  return span;
}

/** The phrase right of an inverted cue ("said the official", "according to the ministry"). */
export function phraseRight(tokens: Token[], from: number, limit: number): TokSpan | null {
  // A source opens with a name, a determiner or a pronoun; "said that …" has none.
  if (
    from >= limit ||
    !/^(\p{Lu}|the$|a$|an$|his$|her$|their$|its$|one$|two$|several$|some$|many$|officials$|sources$|experts$|analysts$)/iu.test(tokens[from].text) ||
    /^that$/i.test(tokens[from].text)
  )
    return null;
  if (/^\p{Ll}/u.test(tokens[from].text) === false && !/^\p{Lu}/u.test(tokens[from].text)) return null;
  let k = from;
  while (k < limit && k - from < 10) {
    const t = tokens[k];
    const w = t.text.toLowerCase();
    if (isPunct(t) && t.text !== '.' && t.text !== '-') break;
    if (t.text === '.') break;
    if (k > from && !qualifies(tokens, k) && /^(in|on|at|during|who|which|that|adding|saying|when|after|before|as|told|to|and|but|while|because)$/.test(w))
      break;
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
  const generic = genericOpening(tokens, floor, cue);
  if (generic) return generic;
  const inside = entities.filter((e) => e.start >= lo && e.end <= hi);
  for (const type of ['PERSON', 'ORG', 'PLACE'] as EntityType[]) {
    const e = inside.find((m) => m.type === type);
    if (e) return tokenSpanOf(tokens, e.start, e.end, floor, cue);
  }
  return null;
}

/**
 * "Analysts in Tokyo reviewed the data and said …": a sentence opening with a generic-headed noun phrase has
 * that phrase as its subject, not the place or person named inside or after it.
 */
function genericOpening(tokens: Token[], floor: number, cue: number): TokSpan | null {
  let k = floor;
  while (k < cue && k - floor < 6) {
    const t = tokens[k].text;
    if (GENERIC_HEAD.test(t) && !GENERIC_HEAD.test(tokens[k + 1]?.text ?? '')) break;
    const lower = /^\p{Ll}/u.test(t);
    if (isPunct(tokens[k]) || CLAUSE_BOUNDARY.has(t.toLowerCase()) || AUXILIARIES.has(t.toLowerCase())) return null;
    if (lower && !DETERMINERS.has(t.toLowerCase()) && !OPENERS.test(t) && (/(ed|ing|s)$/.test(t) || k - floor > 3)) return null;
    k++;
  }
  if (k >= cue || k - floor >= 6) return null;
  let to = k + 1;
  // The qualifier: "in Tokyo", "at the Pentagon", "close to the talks".
  if (to < cue && (qualifies(tokens, to) || (LINKED.test(tokens[to].text) && to + 1 < cue && qualifies(tokens, to + 1)))) {
    to += LINKED.test(tokens[to].text) ? 2 : 1;
    if (/^the$/i.test(tokens[to]?.text ?? '')) to++;
    while (to < cue && /^\p{Lu}/u.test(tokens[to].text)) to++;
    // One common noun may close it ("the talks", "the ministry"); a verb-looking word starts the predicate.
    const w = tokens[to]?.text ?? '';
    if (
      to < cue &&
      /^\p{Ll}+$/u.test(w) &&
      !/ed$/.test(w) &&
      !AUXILIARIES.has(w) &&
      !CLAUSE_BOUNDARY.has(w) &&
      !/^(met|said|says|told|went|spoke|held|took|made|gave|sent|came|left|saw|got|won|lost|ran|put|set|let|cut|hit|read|began|urged|warned)$/.test(w)
    )
      to++;
  }
  return { from: floor, to };
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
  // "the Florida senator": a definite role refers back to a named person; the place only qualifies it.
  const role = text.slice(start, end).trim().split(/\s+/);
  if (
    /^the$/i.test(role[0]) &&
    role.length <= 5 &&
    !inside.some((e) => e.type === 'PERSON' || e.type === 'ORG') &&
    PERSON_NOUNS.test(role[role.length - 1]) &&
    !/s$/i.test(role[role.length - 1]) &&
    !GENERIC_HEAD.test(role[role.length - 1])
  ) {
    return recent(entities, sentences, start, ['PERSON']);
  }
  const description = describe(text, start, end, inside);
  if (description !== undefined) return description;
  const joined = coordinated(text, start, end, inside);
  if (joined) return joined;
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

/** Words of a source phrase that only open it ("the", "two", "some"). */
const OPENERS =
  /^(the|a|an|some|many|several|two|three|four|five|dozens|hundreds|few|other|most|all|both|one|senior|top|local|western|foreign|unnamed|anonymous)$/i;

/**
 * A source phrase headed by a generic noun ("analysts in Tokyo", "Russian officials", "Ohio police") or a
 * place/nationality only qualifying a common noun ("North Korean state media") names a kind of source, not
 * an entity: the speaker is the description itself when it says more than its head, null when it is bare
 * ("officials", "the sources"). Undefined when the phrase is not such a description. Entity pages list quotes
 * by speaker, so a name merely nested in a description must not become the speaker.
 */
function describe(text: string, start: number, end: number, inside: EntityMention[]): string | null | undefined {
  const phrase = text.slice(start, end).replace(/\s+/g, ' ').trim();
  // An appositive ("Miller, a spokesperson") is headed by what stands before its comma.
  const words = phrase.split(',')[0].split(' ').filter(Boolean);
  let headAt = words.findIndex((w, i) => i > 0 && SOURCE_PREPS.has(w.toLowerCase()));
  if (headAt < 0) headAt = words.length;
  if (headAt > 1 && LINKED.test(words[headAt - 1])) headAt--;
  const head = words[headAt - 1]?.replace(/[^\p{L}]+$/u, '') ?? '';
  // "South Korea's national security adviser, Chang Ho-jin": a name in apposition is the source.
  const headPartEnd = start + (phrase.includes(',') ? text.slice(start, end).indexOf(',') : end - start);
  if (GENERIC_HEAD.test(head) && !inside.some((e) => e.type === 'PERSON' && e.start >= headPartEnd)) {
    const qualifiers = words.filter((w, i) => i !== headAt - 1 && !OPENERS.test(w));
    // A definite singular ("the official") refers back to a named person: left to resolveSpeaker.
    if (qualifiers.length === 0) return /^the$/i.test(words[0]) && !/s$/i.test(head) && head.toLowerCase() !== 'police' ? undefined : null;
    return phrase;
  }
  if (inside.length === 0 || inside.some((e) => e.type === 'PERSON' || e.type === 'ORG')) return undefined;
  // "Israeli military", "Ohio state media": a place or nationality followed by the noun it qualifies.
  const lastEnd = Math.max(...inside.map((e) => e.end));
  const rest = text.slice(lastEnd, end).trim().split(/\s+/);
  const noun = rest[rest.length - 1] ?? '';
  const qualifiesNoun =
    rest.length <= 3 &&
    rest.every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w)) &&
    (GENERIC_HEAD.test(noun) || ORG_NOUNS.test(noun) || PERSON_NOUNS.test(noun) || /^(navy|forces|press|air|guard|guards)$/.test(noun));
  if (qualifiesNoun && !inside.some((e) => e.start < start)) return phrase;
  return undefined;
}

/**
 * "Britain and France", "Lee, Kim and Park": every name of a coordinated subject, in order (a part the
 * recogniser missed keeps its own text). Null unless the phrase is only names joined by commas and "and".
 */
function coordinated(text: string, start: number, end: number, inside: EntityMention[]): string | null {
  const phrase = text.slice(start, end);
  if (!/\sand\s/.test(phrase)) return null;
  const names: string[] = [];
  let at = 0;
  while (at < phrase.length) {
    const m = /^(\s*,\s*(and\s+)?|\s+and\s+)?([^,]+?)(?=\s*,|\s+and\s|$)/.exec(phrase.slice(at));
    if (!m || m[0].length === 0) return null;
    const partStart = start + at + (m[1]?.length ?? 0);
    const part = m[3];
    const ent = inside.find(
      (e) => e.start === partStart && e.end === partStart + part.length && (e.type === 'PERSON' || e.type === 'ORG' || e.type === 'PLACE'),
    );
    if (ent) names.push(ent.canonical);
    else if (/^(\p{Lu}[\p{L}.'\u2019-]*\s?){1,4}$/u.test(part)) names.push(part);
    else return null;
    at += m[0].length;
  }
  if (names.length < 2) return null;
  return names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
