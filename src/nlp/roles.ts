// Roles and titles stated for people in news text: premodifier titles ("US Secretary of State Antony
// Blinken", "Russian President Vladimir Putin"), appositives after the name ("Matthew Miller, a US state
// department spokesperson,") and before it ("South Korea's vice foreign minister, Kim Hong-kyun,").
// Hand-written rules over tokens: news titles follow a few fixed patterns, and no installed library
// extracts them with offsets.
import type { Token } from './tokenize.ts';
import { countryOf } from './ner/lexicon.ts';

/** Nouns that make a phrase a role. */
const HEADS = new Set([
  'president',
  'vice-president',
  'minister',
  'secretary',
  'leader',
  'ambassador',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'adviser',
  'advisor',
  'head',
  'chief',
  'chairman',
  'chairwoman',
  'chair',
  'director',
  'ceo',
  'governor',
  'senator',
  'general',
  'commander',
  'envoy',
  'official',
  'premier',
  'chancellor',
  'king',
  'queen',
  'prince',
  'princess',
  'mayor',
  'judge',
  'justice',
  'prosecutor',
  'lawyer',
  'attorney',
  'founder',
  'co-founder',
  'executive',
  'officer',
  'manager',
  'coach',
  'captain',
  'striker',
  'player',
  'representative',
  'rep.',
  'sen.',
  'gov.',
  'gen.',
  'deputy',
  'speaker',
  'diplomat',
  'negotiator',
  'analyst',
  'economist',
  'professor',
  'prof.',
  'researcher',
  'scientist',
  'expert',
  'editor',
  'correspondent',
  'reporter',
  'journalist',
  'author',
  'writer',
  'actor',
  'actress',
  'singer',
  'candidate',
  'nominee',
  'lawmaker',
  'legislator',
  'mp',
  'congressman',
  'congresswoman',
  'councillor',
  'councilor',
  'commissioner',
  'administrator',
  'inspector',
  'chancellor',
  'emir',
  'sheikh',
  'monarch',
  'pope',
  'cardinal',
  'archbishop',
  'bishop',
  'rabbi',
  'imam',
  'spokesperson',
  'boss',
  'owner',
  'president-elect',
  'dictator',
  'strongman',
  'counterpart',
  'colonel',
  'admiral',
  'marshal',
  'lieutenant',
  'sergeant',
  'major',
  'secretary-general',
  'director-general',
  'chief executive',
  'ruler',
]);

/** Words that may appear inside a role phrase besides heads ("vice foreign", "state department"). */
const MODIFIERS = new Set([
  'vice',
  'deputy',
  'prime',
  'foreign',
  'defense',
  'defence',
  'national',
  'security',
  'state',
  'department',
  'affairs',
  'interior',
  'finance',
  'home',
  'trade',
  'health',
  'education',
  'justice',
  'energy',
  'economy',
  'economic',
  'former',
  'acting',
  'interim',
  'senior',
  'top',
  'chief',
  'supreme',
  'general',
  'assistant',
  'associate',
  'executive',
  'managing',
  'military',
  'government',
  'ministry',
  'white',
  'house',
  'press',
  'presidential',
  'first',
  'principal',
  'special',
  'high',
  'lead',
  'opposition',
  'party',
  'labour',
  'labor',
  'democratic',
  'republican',
  'conservative',
  'liberal',
  'communist',
  'council',
  'committee',
  'commission',
  'agency',
  'office',
  'public',
  'foreign-policy',
  'intelligence',
  'army',
  'navy',
  'air',
  'force',
  'police',
  'communications',
  'information',
  'transport',
  'environment',
  'agriculture',
  'culture',
  'sports',
  'industry',
  'technology',
  'science',
  'research',
  'financial',
  'operating',
  'nuclear',
  'union',
  'federal',
  'regional',
  'local',
  'city',
  'provincial',
  'european',
  'un',
  'u.n.',
  'world',
  'international',
  'ukrainian',
  'de',
  'facto',
  'new',
  'longtime',
  'veteran',
  'outgoing',
  'incoming',
  'current',
  'then',
  'then-',
  'elected',
  'unification',
  'parliamentary',
  'cabinet',
  'treasury',
  'staff',
  'joint',
  'chiefs',
  'armed',
  'forces',
  'central',
  'bank',
  'emeritus',
  'roman',
  'catholic',
]);

const CONNECTORS = new Set(['of', 'for', 'and', '&', 'on', 'to', 'from']);
const DETERMINERS = new Set(['a', 'an', 'the']);

export interface RoleTarget {
  /** Token indices of the person mention within `tokens` (end exclusive). */
  start: number;
  end: number;
}

/** Token spans of other named mentions in the sentence (any type); they may sit inside a role. */
export interface NamedSpan {
  start: number;
  end: number;
  type: string;
}

function isCap(t: string): boolean {
  return /^\p{Lu}/u.test(t);
}

function lowerOf(tokens: Token[], i: number): string {
  return tokens[i].text.toLowerCase();
}

/**
 * Walks left from token `from` (inclusive) over a role phrase; returns the first token index of the
 * phrase, or -1 when no role head was seen.
 */
function roleLeft(tokens: Token[], from: number, named: NamedSpan[], stopAt: number): number {
  let i = from;
  let start = -1;
  let sawHead = false;
  while (i >= stopAt) {
    const l = lowerOf(tokens, i);
    const inNamed = named.find((n) => n.start <= i && i < n.end && n.type !== 'PERSON');
    if (inNamed) {
      start = inNamed.start;
      i = inNamed.start - 1;
      continue;
    }
    if (HEADS.has(l)) {
      sawHead = true;
      start = i;
      i--;
      continue;
    }
    if (i - 1 >= stopAt && countryOf(tokens[i - 1].text + ' ' + tokens[i].text) !== null) {
      start = i - 1;
      i -= 2;
      continue;
    }
    if (MODIFIERS.has(l) || countryOf(tokens[i].text) !== null) {
      start = i;
      i--;
      continue;
    }
    // "'s" after a place or organisation: "South Korea's vice foreign minister".
    if ((l === "'s" || l === '\u2019s') && i - 1 >= stopAt) {
      const owner = named.find((n) => n.end === i && n.type !== 'PERSON');
      if (owner) {
        start = owner.start;
        i = owner.start - 1;
        continue;
      }
      if (countryOf(tokens[i - 1].text) !== null) {
        start = i - 1;
        i -= 2;
        continue;
      }
      break;
    }
    // "Vice President of the United States": an article right after a connector.
    if (l === 'the' && start >= 0 && i - 2 >= stopAt && CONNECTORS.has(lowerOf(tokens, i - 1)) && HEADS.has(lowerOf(tokens, i - 2))) {
      i--;
      continue;
    }
    // "Secretary of State": a connector is kept only when a role word sits on its left.
    if (CONNECTORS.has(l) && i - 1 >= stopAt && start >= 0) {
      const left = lowerOf(tokens, i - 1);
      if (HEADS.has(left) || MODIFIERS.has(left)) {
        i--;
        continue;
      }
    }
    // Capitalised words inside a title ("Secretary of State", "Minister for Foreign Affairs").
    if (isCap(tokens[i].text) && start >= 0 && i - 1 >= stopAt && CONNECTORS.has(lowerOf(tokens, i - 1))) {
      start = i;
      i--;
      continue;
    }
    break;
  }
  if (!sawHead || start < 0) return -1;
  // A phrase may not begin with a connector.
  while (start <= from && CONNECTORS.has(lowerOf(tokens, start))) start++;
  return start <= from ? start : -1;
}

/** Role phrase text from tokens [s, e) of the original text. */
function phrase(text: string, tokens: Token[], s: number, e: number): string {
  while (s < e && DETERMINERS.has(lowerOf(tokens, s))) s++;
  // A phrase cut before the organisation it names ("Director-General of the") loses its dangling words.
  while (e > s && (CONNECTORS.has(lowerOf(tokens, e - 1)) || DETERMINERS.has(lowerOf(tokens, e - 1)))) e--;
  return s < e ? text.slice(tokens[s].start, tokens[e - 1].end) : '';
}

/**
 * A role tied to a year ("the party's 1996 vice presidential nominee, Jo Jorgensen"): it says what the
 * person was then, not what they are, so it is not reported as their role.
 */
function dated(tokens: Token[], s: number, e: number): boolean {
  for (let i = Math.max(0, s - 1); i < e; i++) if (/^(1[89]|20)\d{2}$/.test(tokens[i].text)) return true;
  return false;
}

function hasHead(tokens: Token[], s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (HEADS.has(lowerOf(tokens, i))) return true;
  return false;
}

/**
 * The role stated for each target mention in one sentence's tokens, or null. `text` is the string the
 * token offsets point into.
 */
export function findRoles(text: string, tokens: Token[], targets: RoleTarget[], named: NamedSpan[]): (string | null)[] {
  return targets.map((m) => {
    // 1. Premodifier: "Russian President Vladimir Putin".
    if (m.start > 0) {
      const s = roleLeft(tokens, m.start - 1, named, 0);
      if (s >= 0) {
        const p = phrase(text, tokens, s, m.start);
        if (p) return dated(tokens, s, m.start) ? null : p;
      }
    }
    // 2. Appositive after: "Matthew Miller, a US state department spokesperson, said".
    if (tokens[m.end]?.text === ',') {
      const s = m.end + 1;
      let e = s;
      while (e < tokens.length && e - s < 12 && !/^[,;:.!?()"\u201c\u201d]$/.test(tokens[e].text) && tokens[e].text !== '\u2014' && tokens[e].text !== '--')
        e++;
      const first = tokens[s] ? lowerOf(tokens, s) : '';
      const closes = (e < tokens.length && /^[,;.)\u2014-]/.test(tokens[e].text)) || e === tokens.length;
      const starts =
        DETERMINERS.has(first) ||
        MODIFIERS.has(first) ||
        HEADS.has(first) ||
        countryOf(tokens[s]?.text ?? '') !== null ||
        named.some((n) => n.start === s && n.type !== 'PERSON');
      if (closes && starts && e > s && hasHead(tokens, s, e)) {
        // Cut at a relative clause or a verb-like word so "a spokesman who said" stays "a spokesman".
        let cut = e;
        for (let k = s; k < e; k++)
          if (/^(who|which|that|said|says|told)$/i.test(tokens[k].text)) {
            cut = k;
            break;
          }
        // Keep the phrase up to its last head plus a trailing "of ..." complement.
        const p = phrase(text, tokens, s, cut);
        if (p && hasHead(tokens, s, cut)) return dated(tokens, s + 1, cut) ? null : p;
      }
    }
    // 3. Appositive before: "South Korea's vice foreign minister, Kim Hong-kyun, has".
    if (m.start >= 2 && tokens[m.start - 1].text === ',') {
      const s = roleLeft(tokens, m.start - 2, named, 0);
      if (s >= 0) {
        const p = phrase(text, tokens, s, m.start - 1);
        if (p) return dated(tokens, s, m.start - 1) ? null : p;
      }
    }
    return null;
  });
}

/**
 * When the tagger has run a title into a name ("State Antony Blinken" as one ORG, "U.S. Secretary of State
 * Antony Blinken" as one place), the number of leading tokens of span [start, end) that belong to the
 * title; 0 when the span does not start with a title or fewer than two name tokens would remain.
 */
export function titlePrefixLength(tokens: Token[], start: number, end: number): number {
  const titleWord = (i: number) => {
    const l = lowerOf(tokens, i);
    const pair = (a: number) => a >= 0 && a + 1 < tokens.length && countryOf(tokens[a].text + ' ' + tokens[a + 1].text) !== null;
    return HEADS.has(l) || MODIFIERS.has(l) || CONNECTORS.has(l) || countryOf(tokens[i].text) !== null || pair(i) || pair(i - 1);
  };
  for (let p = end - start - 2; p >= 1; p--) {
    let ok = true;
    for (let i = start; i < start + p && ok; i++) ok = titleWord(i);
    if (!ok) continue;
    const rest = tokens.slice(start + p, end);
    if (!rest.every((t) => /^\p{Lu}/u.test(t.text) && !HEADS.has(t.text.toLowerCase()) && !MODIFIERS.has(t.text.toLowerCase()))) continue;
    let head = false;
    for (let i = Math.max(0, start - 3); i < start + p; i++) if (HEADS.has(lowerOf(tokens, i))) head = true;
    if (head) return p;
  }
  return 0;
}

/** Whether a capitalised word is a title noun ("Senator", "President"), not part of a name. */
export function isTitleHead(word: string): boolean {
  return (
    /^\p{Lu}/u.test(word) && HEADS.has(word.toLowerCase()) && !['general', 'justice', 'major', 'king', 'queen', 'prince', 'chair'].includes(word.toLowerCase())
  );
}

/**
 * Whether text ends in a role word that would title a name written right after it: "US President",
 * "company CEO", "presidential nominee", "Secretary of State" (the brief puts no second role beside it).
 */
export function endsWithRole(text: string): boolean {
  const ws = text
    .trimEnd()
    .split(/\s+/)
    .slice(-4)
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}.-]+$/gu, '').toLowerCase());
  const last = ws[ws.length - 1] ?? '';
  if (HEADS.has(last)) return true;
  // "Secretary of State", "Minister of Health": a head, a connector, then capitalised words.
  const tail = text.trimEnd().split(/\s+/).slice(-4);
  for (let i = 0; i < tail.length - 2; i++)
    if (HEADS.has(tail[i].toLowerCase()) && CONNECTORS.has(tail[i + 1].toLowerCase()) && tail.slice(i + 2).every((w) => /^\p{Lu}/u.test(w))) return true;
  return false;
}
