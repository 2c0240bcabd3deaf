// Cue lexicon: the verbs (and a few fixed phrases) that introduce what someone said, wrote or believes.
// Built from the common cues of English news reporting; the frame says what follows the verb, which
// decides where the reported content starts.

export type Frame =
  | 'speech' // "X said (that) …", "…, X said", "X said: \"…\""
  | 'tell' // "X told reporters (that) …": an addressee before the content
  | 'urge' // "X urged Russia to …": the content is the addressee plus the infinitive clause
  | 'accuse' // "X accused Y of …"
  | 'deny' // "X denied (that) …", "X denied the report"
  | 'belief' // "X believes (that) …": only with a clause after it
  | 'evidence' // "polls show that …": only with "that"
  | 'seem' // "X seemed to …": only with an infinitive after it
  | 'object' // "X praised the deal": a stated position, the object is the content
  | 'label'; // "X labelled it (as) \"…\""

export interface CueEntry {
  lemma: string;
  frame: Frame;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Irregular or spelling-changing forms; regular ones are generated.
const IRREGULAR: Record<string, string[]> = {
  say: ['say', 'says', 'said', 'saying'],
  tell: ['tell', 'tells', 'told', 'telling'],
  write: ['write', 'writes', 'wrote', 'written', 'writing'],
  think: ['think', 'thinks', 'thought', 'thinking'],
  feel: ['feel', 'feels', 'felt'],
  know: ['know', 'knows', 'knew'],
  find: ['find', 'finds', 'found'],
  show: ['show', 'shows', 'showed', 'shown', 'showing'],
  admit: ['admit', 'admits', 'admitted', 'admitting'],
  rebut: ['rebut', 'rebuts', 'rebutted'],
  label: ['label', 'labels', 'labeled', 'labelled', 'labeling', 'labelling'],
  brand: ['brand', 'brands', 'branded', 'branding'],
  dub: ['dub', 'dubs', 'dubbed', 'dubbing'],
  term: ['term', 'terms', 'termed', 'terming'],
  quip: ['quip', 'quips', 'quipped', 'quipping'],
  slam: ['slam', 'slams', 'slammed', 'slamming'],
  spoke: ['speak', 'speaks', 'spoke'],
};

function inflect(lemma: string): string[] {
  if (IRREGULAR[lemma]) return IRREGULAR[lemma];
  const forms = [lemma];
  if (/[^aeiou]y$/.test(lemma)) forms.push(lemma.slice(0, -1) + 'ies', lemma.slice(0, -1) + 'ied', lemma + 'ing');
  else if (/e$/.test(lemma)) forms.push(lemma + 's', lemma + 'd', lemma.slice(0, -1) + 'ing');
  else if (/(s|sh|ch|x|z)$/.test(lemma)) forms.push(lemma + 'es', lemma + 'ed', lemma + 'ing');
  else forms.push(lemma + 's', lemma + 'ed', lemma + 'ing');
  return forms;
}

const LEMMAS: Record<Frame, string[]> = {
  speech: [
    'say',
    'state',
    'add',
    'note',
    'write',
    'tweet',
    'explain',
    'declare',
    'announce',
    'report',
    'claim',
    'argue',
    'insist',
    'suggest',
    'acknowledge',
    'admit',
    'assert',
    'contend',
    'maintain',
    'recall',
    'respond',
    'reply',
    'answer',
    'confirm',
    'concede',
    'conclude',
    'predict',
    'promise',
    'pledge',
    'vow',
    'warn',
    'caution',
    'observe',
    'mention',
    'remark',
    'joke',
    'quip',
    'testify',
    'allege',
    'counter',
    'retort',
    'agree',
    'boast',
    'brag',
    'lament',
    'complain',
    'reveal',
    'indicate',
    'emphasize',
    'emphasise',
    'stress',
    'reiterate',
    'repeat',
    'affirm',
    'assure',
    'continue',
    'wonder',
    'muse',
    'shout',
    'exclaim',
    'proclaim',
    'threaten',
    'estimate',
    'ask',
    'post',
    'hint',
    'signal',
    'acknowledge',
    'predict',
    'worry',
    'fret',
    'demand',
    'speculate',
    'posit',
    'surmise',
    'recount',
    'elaborate',
    'chime',
    'interject',
    'comment',
    'declare',
    'specify',
    'clarify',
  ],
  tell: ['tell', 'assure', 'inform', 'remind', 'warn', 'advise'],
  urge: ['urge', 'press', 'implore', 'encourage', 'call', 'appeal', 'plead', 'ask', 'invite', 'challenge'],
  accuse: ['accuse', 'blame', 'criticize', 'criticise', 'condemn', 'denounce', 'charge', 'fault', 'attack', 'slam', 'blast'],
  // Stated positions whose content is the object: "X praised the deal", "X defended his plan".
  object: [
    'praise',
    'defend',
    'endorse',
    'support',
    'oppose',
    'applaud',
    'welcome',
    'question',
    'propose',
    'recommend',
    'cite',
    'tout',
    'champion',
    'decry',
    'mock',
    'ridicule',
    'lambast',
    'deride',
    'dispute',
    'downplay',
    'highlight',
    'vow',
    'pledge',
    'promise',
    'seek',
    'demand',
    'request',
    'describe',
    'decline',
    'refuse',
    'threaten',
    'plan',
    'intend',
    'prefer',
    'favor',
    'favour',
    'target',
    'portray',
    'emphasize',
    'stress',
    'blast',
    'mention',
  ],
  // "X seemed to suggest", "X appears to believe": a stance the writer reads into the source.
  seem: ['seem', 'appear'],
  deny: ['deny', 'reject', 'dismiss', 'refute', 'dispute', 'rebut'],
  belief: ['believe', 'think', 'feel', 'hope', 'expect', 'fear', 'know', 'doubt', 'suspect', 'assume', 'worry', 'want', 'anticipate'],
  evidence: ['show', 'find', 'suggest', 'indicate', 'reveal', 'demonstrate', 'conclude'],
  label: ['label', 'call', 'describe', 'dub', 'brand', 'term', 'characterize', 'characterise'],
};

/** Word form (lower case) → the frames it can take, most specific first. */
export const CUE_FORMS = new Map<string, CueEntry[]>();
for (const [frame, lemmas] of Object.entries(LEMMAS) as [Frame, string[]][]) {
  for (const lemma of lemmas) {
    for (const form of inflect(lemma)) {
      const list = CUE_FORMS.get(form) ?? [];
      if (!list.some((e) => e.frame === frame)) list.push({ lemma, frame });
      CUE_FORMS.set(form, list);
    }
  }
}

/**
 * Cue word forms learnt from PolNeAR train (scripts/mine-cue-lexicon.ts): form → [times inside an annotated
 * cue, total occurrences]. Read once at load; absent file = hand lexicon only.
 */
export const LEARNT_CUES: Record<string, [number, number]> = (() => {
  try {
    return JSON.parse(readFileSync(join(import.meta.dirname, 'learnt-cues.json'), 'utf8')) as Record<string, [number, number]>;
  } catch {
    return {};
  }
})();

// Learnt verb forms the hand lexicon lacks become stated-position cues ("thanked X", "backing Y") when
// annotators marked them as cues often enough. Adverbs, adjectives and nouns of the list are left out: they
// sit inside cue phrases but do not head one.
// Chosen on PolNeAR train (scripts/attribution-cues.ts): 0.25 gave the best content F1 without losing
// whole-attribution F1; 0.2 trades the latter for recall.
const LEARNT_MIN_RATE = 0.25;
const LEARNT_MIN_TOTAL = 3;
for (const [form, [hits, total]] of Object.entries(LEARNT_CUES)) {
  if (CUE_FORMS.has(form) || total < LEARNT_MIN_TOTAL || hits / total < LEARNT_MIN_RATE) continue;
  if (!/(ed|ing|s)$/.test(form) || /(ly|ss|ous)$/.test(form)) continue;
  CUE_FORMS.set(form, [{ lemma: form, frame: 'object' }]);
}

// Bare forms that are far more often something else ("state", "report", "post", "call", "charge", "back"
// as nouns; "want" and "know" as plain verbs) only count as cues when a clause follows.
export const WEAK_FORMS = new Set([
  'state',
  'report',
  'reports',
  'post',
  'posted',
  'note',
  'notes',
  'call',
  'calls',
  'charge',
  'charges',
  'answer',
  'reply',
  'comment',
  'continue',
  'continued',
  'attack',
  'attacks',
  'press',
  'term',
  'brand',
  'want',
  'wants',
  'wanted',
  'know',
  'knows',
  'knew',
  'feel',
  'feels',
  'felt',
  'hope',
  'expect',
  'fear',
  'think',
  'find',
  'show',
  'shows',
  'add',
  'say',
  'tell',
  'claim',
  'claims',
  'repeat',
  'signal',
  'hint',
  'counter',
  'estimate',
  'promise',
  'pledge',
  'vow',
  'doubt',
]);

/** Words that may stand between a subject and its cue ("has also repeatedly said"). */
export const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'would',
  'will',
  'could',
  'should',
  'might',
  'may',
  'must',
  'can',
  'did',
  'does',
  'do',
  'also',
  'then',
  'later',
  'once',
  'never',
  'not',
  "n't",
  'just',
  'even',
  'again',
  'first',
  'further',
  'still',
  'previously',
  'repeatedly',
  'reportedly',
  'recently',
  'publicly',
  'privately',
  'often',
  'already',
  'earlier',
  'separately',
  'similarly',
  'flatly',
  'always',
  'long',
  'too',
  'herself',
  'himself',
  'themselves',
]);

/** Words that end a subject noun phrase when walking left from a cue. */
export const CLAUSE_BOUNDARY = new Set([
  'that',
  'and',
  'but',
  'or',
  'because',
  'while',
  'when',
  'after',
  'before',
  'if',
  'as',
  'since',
  'so',
  'than',
  'where',
  'although',
  'though',
  'whether',
  'until',
  'unless',
  'what',
  'how',
  'why',
  'whom',
  'whose',
  'said',
  'says',
  // Prepositions other than "of" rarely sit inside a source phrase ("the director of the FBI" stays whole);
  // stopping at them keeps "from", "including", "at his playbook" out of the source.
  'from',
  'at',
  'for',
  'by',
  'with',
  'including',
  'into',
  'about',
  'over',
  'under',
  'against',
  'during',
  'through',
  'like',
  'among',
  'than',
  'per',
  'via',
  'without',
]);

export const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his']);
export const GROUP_PRONOUNS = new Set(['they', 'it', 'we', 'i', 'you']);

/** Head nouns of descriptions of a person ("the official", "a spokeswoman"). */
export const PERSON_NOUNS =
  /\b(official|spokes(?:man|woman|person)|minister|president|leader|secretary|adviser|advisor|ambassador|senator|governor|mayor|chief|director|head|candidate|nominee|chairman|chairwoman|chair|general|commander|diplomat|envoy|lawmaker|congressman|congresswoman|representative|aide|lawyer|attorney|prosecutor|judge|premier|chancellor|king|queen|prince|pope|ceo|founder|analyst|expert|professor|researcher|scientist|economist|author|witness|resident|manager|coach|captain|owner|officer|strategist|pollster|source)s?\b/i;
/** Head nouns of descriptions of an organisation or state ("the ministry", "the campaign"). */
export const ORG_NOUNS =
  /\b(ministry|government|agency|department|company|firm|campaign|party|committee|group|organi[sz]ation|council|commission|administration|office|authority|authorities|court|parliament|white house|kremlin|military|army|police|bank|union|network|newspaper|paper|report|statement|poll|survey|study|embassy|country|state|nation|regime|team|board|institute|foundation|coalition|alliance)\b/i;

/**
 * Head nouns of descriptions that name a kind of source, not one entity ("analysts in Tokyo", "Russian
 * officials", "police"). A place or organisation inside such a description only qualifies it, so the
 * description is the source rather than that name. Role nouns that speak for their organisation
 * ("spokesman", "minister") are left out: "the Kremlin spokesman" speaks for the Kremlin.
 */
export const GENERIC_HEAD =
  /^(analysts?|officials?|diplomats?|experts?|residents?|witness|witnesses|police|authorities|sources?|critics?|observers?|lawmakers?|legislators?|investigators?|economists?|scientists?|researchers?|activists?|protesters?|demonstrators?|supporters?|opponents?|voters?|people|villagers?|locals?|doctors?|medics?|rescuers?|workers?|employees?|officers?|soldiers?|troops|prosecutors?|lawyers?|aides?|advisers?|advisors?|members?|negotiators?|organi[sz]ers?|campaigners?|traders?|investors?|insiders?|executives?|spokespeople|students?|parents?|families|relatives|citizens?|survivors?|commentators?|strategists?|pollsters?|forecasters?|bankers?|farmers?|leaders|ministers|envoys|delegates?|mediators?|monitors|inspectors?|journalists?|reporters?|historians?|scholars?|academics?|specialists?|engineers?|staff|staffers?|volunteers?|fighters?|militants?|rebels?|insurgents?|refugees?|passengers?|consumers?|veterans?|teachers?|nurses?|firefighters?|paramedics?|regulators?|media|fishermen|women|men|children|crowds?|mourners|worshippers|shoppers|drivers|pilots|crews?|sailors?|miners?)$/i;

/** Prepositions that may qualify a generic head inside a source phrase ("officials at the ministry"). */
export const SOURCE_PREPS = new Set(['in', 'at', 'from', 'for', 'with', 'on', 'near', 'across', 'inside', 'to', 'of', 'within']);

// ---------------------------------------------------------------------------------------------------
// Speech verbs: the everyday reporting verb forms that single rules of attribution (and the brief's check
// that a quotation carries its own source) test for directly, outside the frame lexicon above. They live
// here, beside CUE_FORMS, so that a change to one list is made where the others can be seen. Each rule
// keeps the subset it was tuned with on PolNeAR train; the subsets differ on purpose, as their notes say.

/** Finite forms of the commonest speech verbs: a sentence with one reports its own content (attribute.ts, inSourceAt). */
export const SPEECH_VERB_FORMS: readonly string[] = [
  'said',
  'says',
  'say',
  'told',
  'tells',
  'argued',
  'argues',
  'wrote',
  'writes',
  'added',
  'adds',
  'noted',
  'notes',
  'claimed',
  'claims',
  'insisted',
  'explained',
  'warned',
  'stated',
  'declared',
  'asked',
];

/**
 * Words after which a quotation is already attributed in its own sentence ('"…," she said'): the speech
 * verbs plus a few present forms and "announced"; the brief also accepts the phrase "according to".
 */
export const ATTRIBUTION_FORMS: readonly string[] = [...SPEECH_VERB_FORMS, 'states', 'asks', 'warns', 'announced'];

/** Finite speech verbs that still report what follows a comma when the subject before them is too long to delimit. */
export const FINITE_AFTER_COMMA = new Set([
  'said',
  'says',
  'told',
  'added',
  'explained',
  'wrote',
  'tweeted',
  'argued',
  'noted',
  'urged',
  'warned',
  'stated',
  'claimed',
  'insisted',
  'contended',
  'acknowledged',
]);

/** Weak forms (WEAK_FORMS) that introduce content with neither "that" nor a colon after them: say, tell, add. */
export const WEAK_SPEECH_WITHOUT_THAT = new Set(['say', 'says', 'said', 'saying', 'told', 'tell', 'tells', 'add', 'adds', 'added', 'adding']);

/** Weak forms that are cues even as a single bare word: say, add, think, feel (and "told"). */
export const WEAK_BARE_CUES = new Set(['say', 'says', 'said', 'told', 'add', 'adds', 'added', 'think', 'thinks', 'thought', 'feel', 'feels', 'felt']);

/** Forms of "tell": the phrase after them is the addressee, not the source (", told CBS News"). */
export const TELL_FORMS: ReadonlySet<string> = new Set(inflect('tell'));

/** A pattern matching exactly one of `forms`, in any case (for tokens as they stand in the text). */
export function formsPattern(forms: readonly string[]): RegExp {
  return new RegExp(`^(${forms.join('|')})$`, 'i');
}
