// Stance of an attribution, read off its cue. The lexicon below is the documentation of the classes:
//
//   says     neutral reporting: said, told, stated, added, noted, wrote, explained, announced, reported …
//   concern  worry voiced by the source: expressed/voiced/raised concern, worried, feared, lamented …
//   warns    a threat or caution: warned, cautioned, threatened, predicted dire …
//   urges    the source asks someone to act: urged, called on/for, demanded, asked … to, pressed, appealed …
//   denies   the source rejects a claim: denied, rejected, dismissed, refuted, disputed, ruled out, labelled … "absurd"
//   accuses  blame laid on someone: accused, blamed, criticised, condemned, denounced, alleged, charged …
//   agrees   assent or support: agreed, endorsed, backed, welcomed, praised, acknowledged, conceded, confirmed …
//   supplies the source hands over material or information: provided, supplied, offered, shared, released, gave
//
// Anything not listed is 'says'. Lookup is by lemma, so every inflection of a verb shares its class.
import type { Stance } from '../types.ts';

// Null-prototype tables: a word from the text such as "constructor" must not find Object.prototype's member.
const STANCE_BY_LEMMA: Record<string, Stance> = Object.setPrototypeOf(
  {
    concern: 'concern',
    worry: 'concern',
    fear: 'concern',
    lament: 'concern',
    fret: 'concern',
    complain: 'concern',
    'express concern': 'concern',
    'voice concern': 'concern',
    'raise concern': 'concern',
    alarm: 'concern',
    warn: 'warns',
    caution: 'warns',
    threaten: 'warns',
    predict: 'warns',
    urge: 'urges',
    'call on': 'urges',
    'call for': 'urges',
    demand: 'urges',
    ask: 'urges',
    press: 'urges',
    appeal: 'urges',
    implore: 'urges',
    plead: 'urges',
    request: 'urges',
    encourage: 'urges',
    recommend: 'urges',
    advise: 'urges',
    deny: 'denies',
    reject: 'denies',
    dismiss: 'denies',
    refute: 'denies',
    dispute: 'denies',
    'rule out': 'denies',
    rebut: 'denies',
    disavow: 'denies',
    contradict: 'denies',
    accuse: 'accuses',
    blame: 'accuses',
    criticize: 'accuses',
    criticise: 'accuses',
    condemn: 'accuses',
    denounce: 'accuses',
    allege: 'accuses',
    charge: 'accuses',
    attack: 'accuses',
    slam: 'accuses',
    blast: 'accuses',
    decry: 'accuses',
    agree: 'agrees',
    endorse: 'agrees',
    back: 'agrees',
    welcome: 'agrees',
    praise: 'agrees',
    acknowledge: 'agrees',
    concede: 'agrees',
    confirm: 'agrees',
    concur: 'agrees',
    support: 'agrees',
    admit: 'agrees',
    criticism: 'accuses',
    endorsement: 'agrees',
    warning: 'warns',
    opposition: 'denies',
    insistence: 'says',
    provide: 'supplies',
    supply: 'supplies',
    offer: 'supplies',
    share: 'supplies',
    release: 'supplies',
    give: 'supplies',
  },
  null,
);

/** Stance of a cue lemma ("warn", "call on", "express concern"); 'says' when the lexicon has no entry. */
export function stanceOfLemma(lemma: string): Stance {
  return STANCE_BY_LEMMA[lemma.toLowerCase()] ?? 'says';
}

/**
 * Stance of a cue as written ("warned", "has expressed concern that", "labeled … as"). Tries every word
 * and adjacent word pair against the lexicon through a light lemmatiser, so callers need not lemmatise.
 */
export function stanceOfCue(cue: string, label?: string): Stance {
  const words = cue.toLowerCase().match(/[a-z]+/g) ?? [];
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${lemmatize(words[i])} ${words[i + 1] === 'concerns' ? 'concern' : words[i + 1]}`;
    if (STANCE_BY_LEMMA[pair]) return STANCE_BY_LEMMA[pair];
  }
  for (const w of words) {
    const s = STANCE_BY_LEMMA[lemmatize(w)];
    if (s) return s;
  }
  // A label that dismisses ("labelled it 'absurd'") is a denial.
  if (label && /\b(absurd|ridiculous|nonsense|false|baseless|fake|lies?|groundless|untrue|fabricat\w*|slander\w*)\b/i.test(label)) return 'denies';
  return 'says';
}

/** Verb lemma of a regular English inflection; good enough for the cue lexicon (irregulars listed). */
export function lemmatize(word: string): string {
  const w = word.toLowerCase();
  const irregular: Record<string, string> = Object.setPrototypeOf(
    {
      said: 'say',
      says: 'say',
      told: 'tell',
      wrote: 'write',
      written: 'write',
      thought: 'think',
      felt: 'feel',
      knew: 'know',
      known: 'know',
      saw: 'see',
      seen: 'see',
      found: 'find',
      shown: 'show',
      gave: 'give',
      given: 'give',
      went: 'go',
      spoke: 'speak',
      spoken: 'speak',
      taught: 'teach',
      held: 'hold',
      made: 'make',
    },
    null,
  );
  if (irregular[w]) return irregular[w];
  if (STANCE_BY_LEMMA[w]) return w;
  for (const [suffix, repl] of [
    ['ies', 'y'],
    ['ied', 'y'],
    ['ying', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (!w.endsWith(suffix) || w.length <= suffix.length + 2) continue;
    const stem = w.slice(0, -suffix.length) + repl;
    if (STANCE_BY_LEMMA[stem]) return stem;
    if (STANCE_BY_LEMMA[stem + 'e']) return stem + 'e';
    // Doubled final consonant: "admitted" → "admit".
    if (/([b-df-hj-np-tv-z])\1$/.test(stem) && STANCE_BY_LEMMA[stem.slice(0, -1)]) return stem.slice(0, -1);
  }
  return w;
}

/** Display order and wording of the stance classes, strongest reactions first, neutral reporting last. */
export const STANCE_ORDER: readonly Stance[] = ['warns', 'accuses', 'denies', 'urges', 'concern', 'agrees', 'supplies', 'says'];
export const STANCE_LABELS: Record<Stance, string> = {
  warns: 'Warns or threatens',
  accuses: 'Accuses',
  denies: 'Denies or rejects',
  urges: 'Urges or demands',
  concern: 'Expresses concern',
  agrees: 'Agrees or supports',
  supplies: 'Supplies or offers',
  says: 'Says',
};

/**
 * Attributions grouped by stance in STANCE_ORDER, each group in input order; an attribution stored without
 * a stance is classed from its cue. Empty groups are left out.
 */
export function groupByStance<Q extends { cue: string; stance?: Stance; kind?: string; text?: string }>(
  quotes: readonly Q[],
): { stance: Stance; label: string; quotes: (Q & { stance: Stance })[] }[] {
  const by = new Map<Stance, (Q & { stance: Stance })[]>();
  for (const q of quotes) {
    const stance = q.stance ?? stanceOfCue(q.cue, q.kind === 'label' ? q.text : undefined);
    const list = by.get(stance) ?? [];
    list.push({ ...q, stance });
    by.set(stance, list);
  }
  return STANCE_ORDER.filter((s) => by.has(s)).map((s) => ({ stance: s, label: STANCE_LABELS[s], quotes: by.get(s)! }));
}
