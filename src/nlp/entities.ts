// Named entities of a document: the trained tagger (src/nlp/ner) over each sentence, then roles
// (roles.ts) and canonical names (resolve.ts), with offsets into the original text.
import type { EntityMention, EntityType } from '../types.ts';
import { StorylineError } from '../errors.ts';
import { splitSentences } from './sentences.ts';
import { tokenize, type Token } from './tokenize.ts';
import { DocContext } from './ner/features.ts';
import { countryOf } from './ner/lexicon.ts';
import { model, tagDocument } from './ner/model.ts';
import { headClass } from './ner/lexicon.ts';
import { retypeSpans, type RetypeContext } from './ner/retype.ts';
import { settleDocumentTypes } from './ner/document-types.ts';
import { findRoles, isTitleHead, titlePrefixLength } from './roles.ts';
import { acronymOf, canonicalKey, canonicalNames, resolveAcrossDocuments } from './resolve.ts';

export { resolveAcrossDocuments, countryOf };

const TYPE_MAP: Record<string, EntityType> = { PER: 'PERSON', ORG: 'ORG', LOC: 'PLACE', MISC: 'MISC' };

/**
 * Modern news joins names with hyphens ("Russia-North Korea treaty", "US-China talks"); the Reuters
 * training text rarely does, so split a hyphenated token when its first part is a known country.
 */
function splitHyphenated(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const [k, t] of tokens.entries()) {
    const m = /^(\p{Lu}[\p{L}.]*)-(\p{Lu}[\p{L}.]*)$/u.exec(t.text);
    // After a capitalised word the hyphenated word is part of a longer name ("Agence France-Presse").
    const inName = k > 0 && /^\p{Lu}\p{Ll}/u.test(tokens[k - 1].text);
    if (m && !inName && (countryOf(m[1]) !== null || countryOf(m[2]) !== null)) {
      const a = m[1].length;
      out.push({ start: t.start, end: t.start + a, text: m[1] });
      out.push({ start: t.start + a, end: t.start + a + 1, text: '-' });
      out.push({ start: t.start + a + 1, end: t.end, text: m[2] });
    } else out.push(t);
  }
  return out;
}

const NAME_PARTICLES = new Set([
  'da',
  'de',
  'do',
  'dos',
  'das',
  'del',
  'della',
  'di',
  'du',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
  'la',
  'le',
  'y',
  'e',
]);

// Korean and other East Asian given names are written "Hong-kyun", "Jong-un": a shape the 1996 training
// text hardly has, so the tagger may stop before them or call the pair MISC.
const GIVEN_NAME = /^\p{Lu}\p{Ll}{1,5}-\p{Ll}{1,5}$/u;
const FAMILY_NAME = /^\p{Lu}\p{Ll}{0,6}$/u;

function fixHyphenatedGivenNames(tokens: Token[], named: { start: number; end: number; type: EntityType }[]) {
  const out = named.filter((n) => {
    const pair = n.end - n.start === 2 && FAMILY_NAME.test(tokens[n.start].text) && GIVEN_NAME.test(tokens[n.start + 1].text);
    if (pair) n.type = 'PERSON';
    return true;
  });
  // A title run into a name: keep the name, as a person; the title becomes its role.
  for (const n of out) {
    if (n.type === 'PERSON') {
      // "Emeritus Dinualdo Gutierrez of the Marbel diocese": a name stops at its first lower-case word
      // that is not a name particle, and does not start with title words.
      for (let k = n.start + 1; k < n.end; k++) {
        if (/^\p{Ll}/u.test(tokens[k].text) && !NAME_PARTICLES.has(tokens[k].text)) {
          n.end = k;
          break;
        }
      }
      while (n.end > n.start && NAME_PARTICLES.has(tokens[n.end - 1].text)) n.end--;
      const p = titlePrefixLength(tokens, n.start, n.end);
      if (p > 0) n.start += p;
      continue;
    }
    // "General Motors Corporation", "Boeing Commercial Airplanes": an organisation's own words, not a title.
    if (headClass(tokens[n.end - 1].text.toLowerCase()) !== null && !isTitleHead(tokens[n.end - 1].text)) continue;
    // "United States Senator" tagged as one place: the place is "United States", "Senator" is a title.
    while (n.end - n.start >= 2 && isTitleHead(tokens[n.end - 1].text)) n.end--;
    const p = titlePrefixLength(tokens, n.start, n.end);
    if (p > 0) {
      n.start += p;
      n.type = 'PERSON';
    }
  }
  // "Kim" + "Jong-un" tagged as two people: one person.
  for (let k = out.length - 1; k > 0; k--) {
    const a = out[k - 1];
    const b = out[k];
    if (a.type === 'PERSON' && b.start === a.end && b.end - b.start === 1 && GIVEN_NAME.test(tokens[b.start].text)) {
      a.end = b.end;
      out.splice(k, 1);
    }
  }
  for (const n of out) {
    // "Chang" + "Ho-jin": extend a one-word person over a following given name.
    if (n.type === 'PERSON' && n.end - n.start === 1 && tokens[n.end] && GIVEN_NAME.test(tokens[n.end].text) && !out.some((o) => o.start === n.end)) n.end++;
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!FAMILY_NAME.test(tokens[i].text) || !GIVEN_NAME.test(tokens[i + 1].text)) continue;
    if (out.some((o) => o.start <= i + 1 && i < o.end)) continue;
    if (i > 0 && /^\p{Lu}/u.test(tokens[i - 1].text) && out.some((o) => o.end === i)) continue;
    out.push({ start: i, end: i + 2, type: 'PERSON' });
  }
  // A tagged span without a capital letter or digit ("f", "the") is noise from unusual tokens.
  return out.filter((n) => tokens.slice(n.start, n.end).some((t) => /[\p{Lu}\d]/u.test(t.text))).sort((a, b) => a.start - b.start);
}

const ORG_HEAD =
  /\s(Institute|University|College|Company|Corporation|Corp\.?|Inc\.?|Ltd\.?|Ministry|Agency|Party|Council|Commission|Committee|Foundation|Association|Bank|Group|Organi[sz]ation|Department|Authority|Court|Parliament|Union|Federation|Fund|Bureau|Office|Service|Army|Navy|Police)$/;

/**
 * An acronym of an organisation named in full elsewhere in the document ("WHO" for "World Health
 * Organization") is that organisation, even where the tagger, unsure of an all-caps word, missed it.
 */
function addAcronyms(text: string, sentences: Token[][], raw: Raw[]): void {
  const known = new Map<string, EntityType>();
  for (const r of raw) {
    const name = text.slice(r.start, r.end);
    if (r.type !== 'PERSON' && /\s/.test(name))
      known.set(acronymOf(name), r.type === 'PLACE' && !/\b(Republic|States|Kingdom|Emirates)\b/.test(name) ? 'PLACE' : r.type === 'MISC' ? 'MISC' : 'ORG');
  }
  if (known.size === 0) return;
  const covered = (t: Token) => raw.some((r) => r.start < t.end && t.start < r.end);
  for (const tokens of sentences) {
    for (const t of tokens) {
      const key = t.text.replace(/\./g, '');
      if (key.length < 2 || !/^\p{Lu}+$/u.test(key) || !known.has(key) || covered(t)) continue;
      raw.push({ start: t.start, end: t.end, type: known.get(key)!, role: null });
    }
  }
  raw.sort((a, b) => a.start - b.start);
}

/**
 * Sentences, further cut at every line break: a headline line without a full stop must not run into the
 * next sentence, where the tagger would read "... threat' US Secretary of State" as one name.
 */
function segments(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  for (const s of splitSentences(text)) {
    let off = 0;
    for (const line of s.text.split('\n')) {
      if (line.trim()) out.push({ start: s.start + off, text: line });
      off += line.length + 1;
    }
  }
  return out;
}

// Spellings the 1996 training text writes differently: there "US" is the upper-case pronoun of headlines
// and the country is "U.S.", so feed the tagger the spelling it knows (offsets stay on the original).
// A Map, not an object: a word such as "constructor" or "toString" must not find Object.prototype's member.
const MODEL_SPELLING = new Map([
  ['US', 'U.S.'],
  ['UN', 'U.N.'],
  ['USA', 'U.S.'],
]);
function modelSpelling(word: string): string {
  return MODEL_SPELLING.get(word) ?? word;
}

interface Raw {
  start: number;
  end: number;
  type: EntityType;
  role: string | null;
}

/**
 * Every entity mention in `text`, in order, with exact offsets (JS string indices, end exclusive),
 * its type, a canonical name shared by all mentions of the same entity, and the role the text states.
 * `opts.title` helps only as casing context; its own mentions are not returned (they have no offsets
 * in `text`).
 */
export function recognizeEntities(text: string, opts: { title?: string } = {}): EntityMention[] {
  if (typeof text !== 'string') throw new StorylineError('nlp', 'bad_text', `entity recognition needs a string, got ${typeof text}`);
  if (opts.title !== undefined && typeof opts.title !== 'string') throw new StorylineError('nlp', 'bad_title', 'the title must be a string');
  if (!text) return [];
  const sentences = segments(text).map((s) => splitHyphenated(tokenize(s.text, s.start)));
  const ctxSentences = sentences.map((toks) => toks.map((t) => modelSpelling(t.text)));
  if (opts.title) ctxSentences.push(tokenize(opts.title).map((t) => modelSpelling(t.text)));
  const doc = new DocContext(ctxSentences);

  // The title is tagged with the body (it adds evidence for the stacked stage) but its spans are dropped.
  const tagged = tagDocument(ctxSentences, undefined, doc);
  const m = model();
  const inLongerName = new Set<string>();
  const alonePerson = new Set<string>();
  sentences.forEach((tokens, si) => {
    for (const s of tagged[si]) {
      if (s.type !== 'PER') continue;
      // Alone means not right after another capitalised word ("Park said", not "Lincoln Park").
      if (s.end - s.start === 1 && !(s.start > 0 && /^\p{Lu}/u.test(tokens[s.start - 1].text))) alonePerson.add(tokens[s.start].text.toLowerCase());
      else for (let k = s.start; k < s.end; k++) inLongerName.add(tokens[k].text.toLowerCase());
    }
  });
  const rctx: RetypeContext = {
    commonLower: m.commonLower,
    inLongerName,
    alonePerson,
    seenLower: (l) => doc.seenLower(l),
    gazetteer: (p) => m.gazetteer.entries.get(p),
  };
  const raw: Raw[] = [];
  for (const [si, tokens] of sentences.entries()) {
    const spans = tagged[si];
    // A closing quote mark or bracket the tagger pulled into a name ('”  Brent Bozell') is not part of it.
    const bare = (k: number) => /^[^\p{L}\p{N}]+$/u.test(tokens[k].text);
    const trimmed = spans
      .map((s) => {
        let { start, end } = s;
        while (start < end && bare(start)) start++;
        while (end > start && bare(end - 1) && tokens[end - 1].text !== '.') end--;
        return { start, end, type: TYPE_MAP[s.type] };
      })
      .filter((s) => s.end > s.start);
    const named = retypeSpans(
      tokens.map((t) => t.text),
      fixHyphenatedGivenNames(tokens, trimmed),
      rctx,
    );
    const people = named.filter((n) => n.type === 'PERSON');
    const roles = findRoles(text, tokens, people, named);
    const roleOf = new Map(people.map((p, i) => [p.start, roles[i]]));
    for (const n of named) {
      raw.push({ start: tokens[n.start].start, end: tokens[n.end - 1].end, type: n.type, role: roleOf.get(n.start) ?? null });
    }
  }

  // One document, one reading of a name ("Haiyan" after "Typhoon Haiyan"; a lone "Bing" the document never
  // introduces as a person); acronyms as their definitions say.
  const settled = new Set(settleDocumentTypes(text, raw, { knownPersonWord: (l) => m.gazetteer.entries.get(l)?.has('PER') ?? false }));
  for (let k = raw.length - 1; k >= 0; k--) if (!settled.has(raw[k])) raw.splice(k, 1);

  addAcronyms(text, sentences, raw);
  for (const r of raw) {
    // Organisation heads the Reuters-trained tagger sometimes files as a place ("Lakeview Institute").
    if (r.type !== 'ORG' && r.type !== 'PERSON' && ORG_HEAD.test(text.slice(r.start, r.end))) r.type = 'ORG';
  }

  const canon = canonicalNames(raw.map((r) => ({ text: text.slice(r.start, r.end), type: r.type })));
  const mentions: EntityMention[] = raw.map((r) => {
    const t = text.slice(r.start, r.end);
    return { start: r.start, end: r.end, text: t, type: r.type, canonical: canon.get(canonicalKey(t, r.type)) ?? t, role: r.role };
  });
  // One role per entity: the first the text states.
  const roleOfEntity = new Map<string, string>();
  for (const m of mentions) if (m.role && !roleOfEntity.has(m.type + m.canonical)) roleOfEntity.set(m.type + m.canonical, m.role);
  for (const m of mentions) m.role = roleOfEntity.get(m.type + m.canonical) ?? null;
  return mentions;
}
