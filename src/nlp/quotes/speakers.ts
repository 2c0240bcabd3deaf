// Speakers over the whole article, after attribution has found each quote's source phrase: pronouns and
// descriptions resolved against the people and organisations the article has named (outside quotes), with
// gender, recency and the quote chain (a speaker just quoted is the likeliest "he" or "she"), and names kept
// whole (a full name rather than a first name, a surname or a title run into the name).
import type { EntityMention, Quote, Sentence } from '../../types.ts';
import { genderOfFirstName, genderOfPronoun, personGenders, type Gender } from './gender.ts';
import { ORG_NOUNS, PERSON_NOUNS } from './lexicon.ts';
import type { QuoteSpan } from './marks.ts';
import { acronymOf } from '../resolve.ts';

/** Sentences a pronoun may reach back over (the current one and this many before it). */
const PRONOUN_REACH = 4;
/** A name run longer than this is a title or an organisation run into the name, not a name. */
const MAX_NAME_WORDS = 4;

// Words that open or sit inside a job title in front of a name ("Chief Executive", "Deputy Defense Secretary").
const TITLE_WORDS = new Set(
  `mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady madam rev rev. gen gen. col col. lt lt. capt capt. sgt sgt. sen sen. rep rep. gov gov. president vice minister premier chancellor king queen prince princess pope senator governor general mayor judge justice ambassador secretary undersecretary chairman chairwoman chair speaker chief executive officer director deputy assistant associate managing senior junior head spokesman spokeswoman spokesperson commissioner administrator commander captain lieutenant sergeant colonel admiral inspector superintendent detective constable attorney prosecutor representative congressman congresswoman assemblyman assemblywoman councillor councilman councilwoman analyst economist strategist trader manager founder ceo cfo coo cto chairperson leader coach professor researcher scientist dean principal archbishop bishop cardinal father imam rabbi sheikh emir crown state foreign defense defence interior finance prime advocate comptroller treasurer auditor solicitor counsel clerk marshal sheriff`.split(
    /\s+/,
  ),
);
const PERSONAL_TITLE =
  /^(mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|sen|senator|rep|gov|governor|judge|justice|president|minister|mayor)\.?\s+\p{Lu}/u;
const NOT_A_NAME =
  /^(god|first|second|third|finally|meanwhile|however|instead|later|earlier|period|friday|monday|tuesday|wednesday|thursday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|yesterday|tomorrow|prize|literature prize|nobel prize|update|note|vice|airplanes|that|this|it|they|we|i|you|one|some)$/i;
const PERSON_PRONOUN_WORD = /^(he|she|they|we|i|you|it|who|his|her|their|its)$/i;
const COMPANY =
  /\b(inc|corp|corporation|company|co|ltd|plc|group|airlines?|airways|motors|bank|holdings|technologies|systems|industries|electric|energy|airbus|boeing|apple|google|microsoft|amazon|facebook|toyota|ford|nissan|honda|sony|samsung)\b/i;

interface Mention {
  at: number;
  name: string;
  type: 'PERSON' | 'ORG';
  sentence: number;
}

export function refineSpeakers(text: string, sentences: Sentence[], entities: EntityMention[], quotes: Quote[], spans: QuoteSpan[]): void {
  // Single marks are as often apostrophes and titles as quotes; only double marks hide names from resolution.
  const quoted = spans.filter((s) => s.double);
  const inQuote = (at: number) => quoted.some((s) => at >= s.innerStart && at < s.innerEnd);
  const sentOf = (at: number) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // "Professor Eastman" typed as an organisation is still a person: a personal title opens the name.
  entities = entities.map((e) => (e.type !== 'PERSON' && PERSONAL_TITLE.test(e.text.charAt(0).toLowerCase() + e.text.slice(1)) ? { ...e, type: 'PERSON' } : e));
  // Surnames to complete: one-word persons, and one capitalised word standing as a source the recogniser
  // left untagged or typed otherwise ('"…," King said' after "Tishana King" typed as an organisation).
  const sourceWords = new Set<string>();
  for (const q of quotes) {
    const w = q.speakerStart === null || q.speakerEnd === null ? '' : text.slice(q.speakerStart, q.speakerEnd).trim();
    if (/^\p{Lu}[\p{Ll}'\u2019-]+$/u.test(w) && !NOT_A_NAME.test(w) && !PERSON_PRONOUN_WORD.test(w)) sourceWords.add(w);
  }
  // A two- or three-word name typed as an organisation whose last word speaks alone later, or whose first word
  // is a known first name, is a person (the retrained tagger types "Tishana King" ORG in an ECB+ text).
  entities = entities.map((e) => (e.type === 'ORG' && looksLikePersonName(e.text, sourceWords) ? { ...e, type: 'PERSON' } : e));
  const genders = personGenders(text, entities, inQuote);
  const tagged = entities.filter((e) => e.type === 'PERSON' && !inQuote(e.start) && !NOT_A_NAME.test(e.canonical));
  const surnames = new Set([...tagged.filter((p) => !p.canonical.includes(' ')).map((p) => p.canonical), ...sourceWords]);
  const people = [...tagged, ...untaggedFullNames(text, entities, tagged, surnames, inQuote)];
  const mentions: Mention[] = entities
    .filter((e) => (e.type === 'PERSON' || e.type === 'ORG') && !inQuote(e.start) && !NOT_A_NAME.test(e.canonical))
    .map((e) => ({ at: e.start, name: fullName(e.canonical, people), type: e.type as 'PERSON' | 'ORG', sentence: sentOf(e.start) }));
  const genderOf = (name: string): Gender | undefined => {
    for (const [k, g] of genders) if (k === name || fullName(k, people) === name) return g;
    return genderOfFirstName(name);
  };
  const ordered = [...quotes].sort((a, b) => a.start - b.start);
  for (const q of ordered) {
    if (q.speakerStart === null || q.speakerEnd === null) continue;
    const phrase = text.slice(q.speakerStart, q.speakerEnd).replace(/\s+/g, ' ').trim();
    const lower = phrase.toLowerCase();
    const at = q.speakerStart;
    let speaker = q.speaker;
    const pg = genderOfPronoun(lower);
    if (pg)
      speaker =
        pick(
          mentions,
          at,
          sentOf(at),
          (m) => m.type === 'PERSON' && genderOf(m.name) !== (pg === 'm' ? 'f' : 'm'),
          (m) => genderOf(m.name) === pg,
        ) ?? q.speaker;
    else if (
      lower === 'it' ||
      /^the (\p{Ll}+ )?(company|firm|carrier|airline|manufacturer|maker|group|agency|organi[sz]ation|bank|network|newspaper)$/u.test(lower)
    ) {
      const company = /company|firm|carrier|airline|manufacturer|maker|bank/.test(lower);
      speaker =
        pick(
          mentions,
          at,
          sentOf(at),
          (m) => m.type === 'ORG',
          (m) => !company || COMPANY.test(m.name),
        ) ?? q.speaker;
    } else if (/^the (\p{Ll}+ ){0,3}\p{Ll}+$/u.test(lower) && PERSON_NOUNS.test(lower) && !/s$/.test(lower) && !ORG_NOUNS.test(lower)) {
      // "the minister": the person the article introduced with that role; a plain description when none was.
      const head = lower.split(' ').pop() ?? '';
      // Spokespeople and officials are mostly left unnamed; other roles ("the Peruvian senator") usually
      // refer back to the person just named, as the phrase-by-phrase resolution had it.
      const unnamedRole = /^(spokes(man|woman|person)|official)$/.test(head);
      speaker = roleHolder(text, entities, people, at, head, inQuote) ?? (unnamedRole || !q.speaker ? phrase : fullName(q.speaker, people));
    } else if (speaker) {
      speaker = wholeName(speaker, phrase, people, entities);
    }
    // "the economist Jared Bernstein, a former adviser …": a role noun right before a person's name.
    const named = roleThenName(text, q.speakerStart, q.speakerEnd, people);
    if (named && (!speaker || !people.some((p) => fullName(p.canonical, people) === speaker))) speaker = named;
    // "said his father, Abdullah Kurdi": a description closed by a comma and the name in apposition after it.
    // (Not a name the recogniser tagged as a person: "King" for Tishana King.)
    const taggedPerson = people.some((p) => p.start <= q.speakerStart! && p.end >= q.speakerEnd!);
    const completed = people.some((p) => p.canonical.endsWith(' ' + phrase));
    const bareTitle = !taggedPerson && !completed && phrase.split(/\s+/).every((w) => TITLE_WORDS.has(w.toLowerCase()));
    const apposed = /^(the|his|her|their|its|a|an)\s/i.test(phrase) || bareTitle ? appositiveName(text, q.speakerEnd, people) : null;
    if (apposed) speaker = apposed;
    // A job title alone ("President", "Vice") is never the speaker: its holder if the article named one.
    else if (bareTitle) speaker = roleHolder(text, entities, people, at, lower.split(' ').pop() ?? '', inQuote);
    // "the 29-year-old": the person just named.
    if (/^the \d+-year-old$/.test(lower))
      speaker =
        pick(
          mentions,
          at,
          sentOf(at),
          (m) => m.type === 'PERSON',
          () => true,
        ) ?? speaker;
    // "the source" with no named holder: the description the article introduced it with ("a police source").
    if (/^the (\p{Ll}+ ){0,2}\p{Ll}+$/u.test(lower) && (speaker === null || speaker === phrase))
      speaker = earlierDescription(text, at, lower.split(' ').pop() ?? '', inQuote) ?? speaker;
    if (speaker && NOT_A_NAME.test(speaker)) speaker = null;
    // A clause caught as a source ("The governor tweeted her reasoning") names nobody; a name keeps no stop.
    if (speaker && /\s\p{Ll}+ed\s/u.test(speaker + ' ') && !/\s(of|in|at|for|from)\s/.test(speaker)) speaker = null;
    if (speaker && /\p{Ll}{2}\.$/u.test(speaker)) speaker = speaker.slice(0, -1);
    q.speaker = speaker;
    if (speaker) {
      const type =
        genderOfPronoun(lower) || people.some((p) => p.canonical === speaker) || !entities.some((e) => e.type === 'ORG' && e.canonical === speaker)
          ? 'PERSON'
          : 'ORG';
      mentions.push({ at, name: speaker, type, sentence: sentOf(at) });
      mentions.sort((a, b) => a.at - b.at);
    }
  }
}

function looksLikePersonName(name: string, sourceWords: Set<string>): boolean {
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 3 || COMPANY.test(name) || nameRun(words).length !== words.length) return false;
  if (words.some((w) => TITLE_WORDS.has(w.toLowerCase()) || !/^\p{Lu}\p{Ll}/u.test(w))) return false;
  return sourceWords.has(words[words.length - 1]) || genderOfFirstName(words[0]) !== undefined;
}

/**
 * Full names the recogniser left inside a longer mention or typed otherwise ("Palmer City Clerk Janette Bower"
 * as an organisation, "Masters champion Trevor Immelman" as MISC, "Doug Miller of Milltech Marine"), so that
 * a later bare surname ("Bower said") still gets the whole name: a run of two to MAX_NAME_WORDS name words
 * ending with the surname of a person the article names on its own, outside quotes, after a title or a
 * lower-case word, or opening a mention the recogniser found.
 */
function untaggedFullNames(
  text: string,
  entities: EntityMention[],
  people: EntityMention[],
  surnames: Set<string>,
  inQuote: (at: number) => boolean,
): EntityMention[] {
  const out: EntityMention[] = [];
  for (const surname of surnames) {
    const re = new RegExp(`(?<![\\p{L}])${surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'gu');
    for (const m of text.matchAll(re)) {
      const end = (m.index ?? 0) + surname.length;
      if (inQuote(m.index ?? 0)) continue;
      const head = text.slice(Math.max(0, (m.index ?? 0) - 80), end).split(/\s+/);
      const run = nameRun(head);
      if (run.length < 2 || run.length > MAX_NAME_WORDS || run.some((w) => NOT_A_NAME.test(w))) continue;
      const name = run.join(' ');
      const start = end - name.length;
      if (text.slice(start, end) !== name) continue;
      const prev =
        text
          .slice(Math.max(0, start - 30), start)
          .trim()
          .split(/\s+/)
          .pop() ?? '';
      const afterWord = /^\p{Ll}/u.test(prev) || TITLE_WORDS.has(prev.toLowerCase()) || prev === ',';
      const opensMention = entities.some((e) => e.start === start);
      if ((afterWord || opensMention) && !people.some((p) => p.canonical === name)) {
        out.push({ text: name, canonical: name, type: 'PERSON', start, end } as EntityMention);
      }
    }
  }
  return out;
}

/** The latest indefinite description with the same head noun before `at`, outside quotes ("a police source"). */
function earlierDescription(text: string, at: number, head: string, inQuote: (n: number) => boolean): string | null {
  if (!/^\p{Ll}{3,}$/u.test(head)) return null;
  const re = new RegExp(`\\b(?:[Aa]n?|[Oo]ne) (?:\\p{Ll}+ ){0,3}${head}\\b`, 'gu');
  let found: string | null = null;
  for (const m of text.slice(0, at).matchAll(re)) if (!inQuote(m.index ?? 0)) found = m[0].charAt(0).toLowerCase() + m[0].slice(1);
  return found;
}

/**
 * The antecedent of a pronoun at `at`: the current sentence's latest compatible mention before it, else the
 * first (the subject) of each earlier sentence in turn; within a sentence a mention that `prefer`s wins.
 */
function pick(mentions: Mention[], at: number, si: number, ok: (m: Mention) => boolean, prefer: (m: Mention) => boolean): string | null {
  for (let k = si; k >= 0 && si - k <= PRONOUN_REACH; k--) {
    let cands = mentions.filter((m) => m.sentence === k && m.at < at && ok(m));
    if (cands.length === 0) continue;
    if (k === si) cands = [...cands].reverse();
    return (cands.find(prefer) ?? cands[0]).name;
  }
  return null;
}

function roleHolder(
  text: string,
  entities: EntityMention[],
  people: EntityMention[],
  at: number,
  head: string,
  inQuote: (n: number) => boolean,
): string | null {
  const stem = head.replace(/(wo)?man$|person$/, '');
  for (let i = people.length - 1; i >= 0; i--) {
    const e = people[i];
    if (e.start >= at || inQuote(e.start)) continue;
    const around = (text.slice(Math.max(0, e.start - 60), e.start) + ' ' + text.slice(e.end, e.end + 60).split(/[.;]/)[0] + ' ' + (e.role ?? '')).toLowerCase();
    if (around.includes(stem)) return fullName(e.canonical, people);
  }
  void entities;
  return null;
}

const NAME_TOKEN = /^(&|\p{Lu}[\p{L}'\u2019-]*\.?|\p{Lu}\.|[OD]\s?'\p{L}+|de|van|von|bin|al|da|del|der|le|la|'\p{Lu}\p{L}+)$/u;

/** The run of capitalised words a name is made of, at the end of `words`, titles left off. */
function nameRun(words: string[]): string[] {
  let k = words.length;
  // A capitalised word closed by a full stop ("on Friday. Biden") ends the sentence before the name.
  while (k > 0 && NAME_TOKEN.test(words[k - 1]) && !(k < words.length && /^\p{Lu}\p{Ll}{3,}\.$/u.test(words[k - 1]))) k--;
  let run = words.slice(k);
  while (run.length > 1 && /^(the|a|an)$/i.test(run[0])) run = run.slice(1);
  // A title word only opens a name that follows it: "King" alone is Tishana King's surname, not a title.
  const lastTitle = run.reduce((acc, w, i) => (i < run.length - 1 && TITLE_WORDS.has(w.toLowerCase()) ? i : acc), -1);
  run = run.slice(lastTitle + 1);
  // "Acquisition Marvin Sambur": a known first name starts the name.
  const firstNameAt = run.findIndex((w, i) => i < run.length - 1 && genderOfFirstName(w) !== undefined);
  if (firstNameAt > 0) run = run.slice(firstNameAt);
  if (run.length > MAX_NAME_WORDS) run = run.slice(run.length - 2);
  return run;
}

/**
 * Each person's name forms as name runs, and the names already resolved, per `people` list: fullName is called
 * for every mention, gender key and quote, so without these an article's cost grows with the square of its
 * names (a 200,000-character text took 20 s in attribution, 15 s of it here).
 */
const personRuns = new WeakMap<EntityMention[], string[][]>();
const resolvedNames = new WeakMap<EntityMention[], Map<string, string>>();

function runsOf(people: EntityMention[]): string[][] {
  let runs = personRuns.get(people);
  if (!runs) {
    runs = people.flatMap((p) => [p.canonical, p.text].map((form) => nameRun(form.replace(/['\u2019]s$/, '').split(/\s+/))));
    personRuns.set(people, runs);
  }
  return runs;
}

/** The longest name of a person in the article that ends with the same surname as `name` (titles left off). */
function fullName(name: string, people: EntityMention[]): string {
  let memo = resolvedNames.get(people);
  if (!memo) resolvedNames.set(people, (memo = new Map()));
  const known = memo.get(name);
  if (known !== undefined) return known;
  const words = name.split(/\s+/);
  const run = nameRun(words);
  const base = run.length ? run : words;
  const surname = base[base.length - 1];
  let best = base;
  for (const pw of runsOf(people)) {
    if (pw.length <= best.length || pw.length > MAX_NAME_WORDS || pw[pw.length - 1] !== surname) continue;
    // The same person: every word of the shorter name appears in the longer one.
    if (base.every((w) => pw.includes(w))) best = pw;
  }
  const full = best.join(' ');
  memo.set(name, full);
  return full;
}

/**
 * The speaker attribution resolved, kept whole: "Michael" from "Michael R. Golden, the GAO's counsel" becomes
 * the name the phrase opens with; "Professor Eastman" the article's "Cres Eastman"; a title or organisation
 * run into the name ("Aer Lingus Chief Executive Dermot Mannion") is left off.
 */
function wholeName(speaker: string, phrase: string, people: EntityMention[], entities: EntityMention[]): string {
  // "Yvette Cooper of the Labour Party": the person, not her affiliation.
  const affiliated = people.find((p) => p.canonical.includes(' ') && speaker.startsWith(p.canonical + ' of '));
  if (affiliated) return fullName(affiliated.canonical, people);
  // The recogniser's own "Yvette Cooper of the Labour Party": a person's name run before "of the".
  const of = /^(.+?) of (the )?\p{Lu}/u.exec(speaker);
  if (of && people.some((p) => p.canonical === speaker)) {
    const head = of[1].split(/\s+/);
    if (head.length >= 2 && nameRun(head).length === head.length && genderOfFirstName(head[0])) return fullName(of[1], people);
  }
  // A place standing for a longer phrase: "First Minister of Scotland Nicola Sturgeon" (the name it ends
  // with), "the Sydney Morning Herald" (the organisation name), "a Delhi auto parts supplier" (a description).
  const place = entities.some((e) => e.type === 'PLACE' && e.canonical === speaker) && !entities.some((e) => e.type !== 'PLACE' && e.canonical === speaker);
  if (place && phrase !== speaker) {
    const pw = phrase.split(',')[0].trim().split(/\s+/);
    const run = nameRun(pw);
    if (run.length >= 2 && run.length < pw.length && genderOfFirstName(run[0])) return fullName(run.join(' '), people);
    const bare = phrase.replace(/^(the|a|an)\s+/i, '');
    if (/^\p{Lu}[\p{L}.'-]*(\s+(of|the|and|for|\p{Lu}[\p{L}.'-]*))*\s+\p{Lu}[\p{L}.'-]*$/u.test(bare)) return bare;
    if (/^(a|an|the)\s/i.test(phrase)) return phrase;
  }
  // "GM" for the article's "General Motors".
  if (/^\p{Lu}{2,5}$/u.test(speaker)) {
    const long = entities.find((e) => e.type === 'ORG' && e.canonical !== speaker && acronymOf(e.canonical) === speaker);
    if (long) return long.canonical;
  }
  // Coordinations ("Okafor and Eva Lindqvist") keep every name.
  if (/\s(and|&)\s/.test(speaker)) return speaker;
  // "Aer Lingus Chief Executive Dermot Mannion", "Assemblywoman Selena Torres": a title or an organisation run
  // into a person's name, which is the run of name words it ends with.
  const words = speaker.split(/\s+/);
  const run = nameRun(words);
  const cutAtTitle = TITLE_WORDS.has(words[words.length - run.length - 1]?.toLowerCase() ?? '');
  if (
    run.length >= 2 &&
    run.length < words.length &&
    (cutAtTitle || people.some((p) => p.canonical.endsWith(' ' + run[run.length - 1])) || genderOfFirstName(run[0]))
  ) {
    return fullName(run.join(' '), people);
  }
  // Descriptions ("Economists in Lisbon") and coordinations ("Chile and Peru") are kept as resolved.
  if (/\s(and|in|at|of|for|from|with)\s/.test(speaker) || /^\p{Ll}/u.test(speaker) || /^(the|a|an)\s/i.test(speaker)) return speaker;
  const isPerson = people.some((p) => p.canonical === speaker);
  const isOrg = !isPerson && entities.some((e) => e.type !== 'PERSON' && e.canonical === speaker);
  const headPart = phrase.split(',')[0].trim();
  const head = headPart.split(/\s+/);
  const headRun = nameRun(head);
  // "Charles O'Reilly, a management expert at Stanford University": the name before the appositive speaks.
  if (isOrg && headRun.length >= 2 && headRun.length === head.length && !phrase.startsWith(speaker)) return fullName(headRun.join(' '), people);
  if (isOrg) return speaker;
  // "the general secretary of the union Unite, Tony Woodley": a description in front, the name after its comma.
  const parts = phrase.split(',').map((p) => p.trim());
  if (/^(the|a|an)\s/i.test(headPart) && parts.length > 1) {
    const after = parts[1].split(/\s+/);
    const run = nameRun(after);
    if (run.length >= 2 && run.length === after.length) return fullName(run.join(' '), people);
  }
  // A lone capitalised word the recogniser missed ("Holley said") is the surname of a full name given earlier.
  if (!isPerson && !people.some((p) => headPart.includes(p.text))) return /^\p{Lu}[\p{Ll}'\u2019-]+$/u.test(speaker) ? fullName(speaker, people) : speaker;
  const sw = speaker.split(/\s+/);
  // The run the phrase's head ends with, when it holds the speaker's words (initials and all).
  if (headRun.length >= sw.length && sw.every((w) => headRun.includes(w))) return fullName(headRun.join(' '), people);
  // "Delaware senator Edward Kaufman" read as "Delaware": the name the head ends with is the person's.
  if (headRun.length >= 2 && headRun.length <= MAX_NAME_WORDS && people.some((p) => p.canonical.endsWith(headRun[headRun.length - 1])))
    return fullName(headRun.join(' '), people);
  return fullName(speaker, people);
}

/** A person named right after a comma at `end` (", Abdullah Kurdi,"), as the whole of that comma's phrase. */
function appositiveName(text: string, end: number, people: EntityMention[]): string | null {
  const m = /^\s*,\s*/.exec(text.slice(end, end + 4));
  if (!m) return null;
  const at = end + m[0].length;
  const e = people.find((p) => p.start === at);
  if (!e || !/^\s*([,.;]|$|\s(said|says|told|added|who))/.test(text.slice(e.end, e.end + 8))) return null;
  return fullName(e.canonical, people);
}

/** The person named right after an opening role phrase ("the economist", "Republican strategist"), if any. */
function roleThenName(text: string, start: number, end: number, people: EntityMention[]): string | null {
  const e = people.find((p) => p.start > start && p.start < end);
  if (!e) return null;
  const lead = text.slice(start, e.start).trim();
  if (!/^((the|a|an)\s+)?(\p{Ll}+\s+){0,3}\p{Ll}+$/u.test(lead)) return null;
  const head = lead.split(/\s+/).pop() ?? '';
  if (!PERSON_NOUNS.test(head) || /s$/.test(head)) return null;
  return e.text.split(/\s+/).length >= 2 ? fullName(e.canonical, people) : null;
}
