// Development headlines: a short "who does what" line compressed from the development's most central
// sentence (subject named by its short entity name, main verb phrase, object), or built from an
// attribution ("GM says …"). Rule-based and offset-free (the headline cites the whole source sentence):
// clauses, appositives, dates and parentheticals go, and anything that would read as a fragment
// (a quote piece, a pronoun or subordinator opening, a dangling cut) is rejected so the caller falls back.
import nlp from 'compromise';
import { headlineProblem } from './check.ts';
import type { EntityMention, Quote, Stance } from '../types.ts';
import { leadingPronoun, openingPronoun } from './text.ts';

export const DEV_HEADLINE_MAX = 11;
const MIN_WORDS = 4;

export interface HeadlineSource {
  /** The sentence as the brief carries it (cleaned, dates anchored). */
  text: string;
  /** Entity mentions inside the source sentence. */
  entities: EntityMention[];
  /** Quotes overlapping the source sentence. */
  quotes: Quote[];
  /** Short names known from the whole story: acronyms given in parentheses ("General Motors (GM)"). */
  acronyms: Map<string, string>;
}

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
// A date phrase is cut with the comma that closes it ("voted on June 23, 2016, to leave" → "voted to leave").
// The preposition goes with its day, capitalised or not ("From Friday, US authorities declared …" must
// not become "From US authorities declared …"), and so does a part of the day ("Thursday night").
const DATES = [
  new RegExp(
    `(?<!\\buntil\\s*)\\s*,?\\s*\\b(?:[Oo]n |[Bb]y |[Ff]rom |[Ss]ince |[Ii]n |[Aa]t |[Tt]his |[Ll]ast |[Nn]ext |[Ll]ate on |[Ee]arly on )?(?:[Ee]arly |[Ll]ate |mid-)?${DAY}(?:,? ${MONTH} \\d{1,2}(?:st|nd|rd|th)?)?(?:,? \\d{4})?(?: morning| afternoon| evening| night)?\\b(?:,(?=\\s))?`,
    'g',
  ),
  // Day before month ("on 10 November, Japanese time"): the day number goes with its month.
  new RegExp(
    `(?<!\\buntil\\s*)\\s*,?\\s*\\b(?:[Oo]n |[Bb]y |[Ff]rom |[Ss]ince |[Ii]n |[Aa]t )?\\d{1,2}(?:st|nd|rd|th)? ${MONTH}(?:,? \\d{4})?\\b(?:,(?=\\s))?`,
    'g',
  ),
  // "until June 1" is the point of the sentence ("given GM until June 1 to …"), so it stays. "May" alone
  // is more often a name or a verb than the month ("Theresa May is to step down"): only with a day or year.
  new RegExp(
    `(?<!\\buntil\\s*)\\s*,?\\s*\\b(?:[Oo]n |[Bb]y |[Ff]rom |[Ss]ince |[Ii]n |[Aa]t |[Tt]his |[Ll]ast |[Nn]ext |the end of |[Ee]arly |[Ll]ate )*(?:[Ee]arly |[Ll]ate |mid-)?(?:May(?=,? \\d)|(?!May\\b)${MONTH})(?: \\d{1,2}(?:st|nd|rd|th)?)?(?:,? \\d{4})?\\b(?:,(?=\\s))?`,
    'g',
  ),
  /\s*\b(?:earlier |later )?(?:yesterday|today|tomorrow|tonight)\b/gi,
  /\s*\b(?:on |by |in |at )?(?:this|last|next) (?:week|month|year|weekend)\b/gi,
  /\s*\b(?:at )?\d{1,2}:\d{2}(?:\s*(?:UTC|GMT|[ap]\.?m\.?))?/gi,
  // The zone of a removed day or clock time ("on 10 November, Japanese time", "at 10:00 local time").
  /\s*,?\s*\b(?:local|[A-Z][a-z]+(?:ese|an|ern|ic)) time\b(?:,(?=\s))?/g,
  // "back in 2003" goes whole ("Columbia was lost tragically back" is a cut).
  /\s*\b(?:back )?(?:by|in) (?:the end of )?(?:19|20)\d\d\b/g,
];

// Reporting verbs in the past, with the headline present: "GM announced plans" → "GM announces plans".
const PRESENT: Record<string, string> = {
  said: 'says',
  announced: 'announces',
  stated: 'states',
  warned: 'warns',
  urged: 'urges',
  called: 'calls',
  expressed: 'expresses',
  agreed: 'agrees',
  filed: 'files',
  reported: 'reports',
  approved: 'approves',
  rejected: 'rejects',
  denied: 'denies',
  accused: 'accuses',
  confirmed: 'confirms',
  signed: 'signs',
  launched: 'launches',
  criticized: 'criticizes',
  criticised: 'criticises',
  condemned: 'condemns',
  demanded: 'demands',
  asked: 'asks',
  decided: 'decides',
  voted: 'votes',
  unveiled: 'unveils',
  proposed: 'proposes',
  declared: 'declares',
  received: 'receives',
  sought: 'seeks',
  planned: 'plans',
  threatened: 'threatens',
  summoned: 'summons',
  released: 'releases',
  closed: 'closes',
  opened: 'opens',
  won: 'wins',
  lost: 'loses',
  killed: 'kills',
  arrested: 'arrests',
  cut: 'cuts',
  raised: 'raises',
  named: 'names',
  appointed: 'appoints',
  resigned: 'resigns',
  selected: 'selects',
  outlined: 'outlines',
  presented: 'presents',
  labeled: 'labels',
  labelled: 'labels',
  denounced: 'denounces',
};

const STANCE_VERB: Record<Stance, string> = {
  says: 'says',
  concern: 'voices concern that',
  warns: 'warns',
  urges: 'urges',
  denies: 'denies',
  accuses: 'accuses',
  agrees: 'agrees',
  supplies: 'says',
};

// Where a headline's main clause ends: a relative, adverbial or coordinated clause, or punctuation.
const CLAUSE_END =
  /(?:\s*[,;:]\s+|\s+(?:—|–|--)\s+|\s+(?:which|who|whom|whose|where|after|because|as|while|when|amid|amidst|but|although|though|unless|following|since|despite|whereas|so that|in an effort|in order|in a bid|according to|compared)\b)/i;
const DANGLING =
  /\s+(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|as|its|their|his|her|into|over|is|was|were|are|be|been|has|have|had|will|would|which|who|than|about|some|more|most|up|out|not|only|he|she|it|they|we|such as|such|including|until|already|also|still|just|even|next|last|this|very)$/i;
// Words a cut may drop from a headline's end; an auxiliary left there means the clause lost its verb.
const DROPPABLE =
  /\s+(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|as|its|their|his|her|into|over|than|about|some|up|out|only|such as|including|until|next|last|this|very)$/i;
const AUXILIARY_END =
  /\s(is|was|were|are|be|been|has|have|had|will|would|not|already|also|still|just|even|that|which|who|any|all|each|every|no|these|those|put|sworn)$/i;
const TITLE_WORD =
  /^(?:The|A|An|Former|Then|President|Senator|Sen\.|Governor|Gov\.|Minister|Chancellor|CEO|Mayor|King|Queen|Prince|Princess|Pope|Secretary|Judge|Justice|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Chief|Director|Leader|Speaker|Representative|Rep\.|Commissioner|Chairman|Chairwoman|Chair|Officer|Captain|Coach|Archbishop|Bishop|Premier|Sheikh|Emperor|Lord|Lady|Sir|Dame|Professor|Prof\.|Attorney|Ambassador|Manager|Spokesman|Spokeswoman|Spokesperson|Executive)$/;
// Last words of organisation names: a PERSON tag ending in one is a tagging slip, not a surname.
const ORG_WORD =
  /\s(?:Corporation|Corp\.?|Company|Co\.|Inc\.?|Group|Ltd\.?|LLC|plc|Motors|Airlines|Party|Conference|Council|Committee|Union|Association|University|Department|Ministry|Agency|Bank|Times|News)$/;
const VERB =
  /\b(is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|does|did|[a-z]{2,}(?:ed|es|s)|said|says|made|took|gave|won|lost|fell|rose|met|left|began|came|went|got|saw|sent|paid|led|held|found|kept|put|set|ran|hit|cut|sold|sought|told|spoke|struck|wants|plans|seeks|faces|becomes)\b/;

/** The short name a headline uses: an acronym the story defines, else a person's surname, else the canonical name. */
export function shortName(e: EntityMention, acronyms: Map<string, string>): string {
  const name = e.canonical || e.text;
  const acr = acronyms.get(name) ?? acronyms.get(e.text);
  if (acr) return acr;
  if (e.type === 'PERSON') {
    const parts = name.split(/\s+/).filter((p) => !/^(Jr\.?|Sr\.?|II|III)$/.test(p));
    return parts.length > 1 ? parts[parts.length - 1] : name;
  }
  return name.replace(/\s+(Corporation|Corp\.?|Inc\.?|LLC|Ltd\.?|plc|Co\.)$/i, '');
}

/** Acronyms the text defines in parentheses right after a name: "General Motors Corporation (GM)". */
export function acronymsOf(texts: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of texts)
    for (const m of t.matchAll(/((?:[A-Z][\w.&'-]*\s+){0,5}[A-Z][\w.&'-]*)\s+\(([A-Z][A-Z0-9&.]{1,6})\)/g)) {
      const name = m[1].replace(/^(?:The|American|British|US|U\.S\.|United States)\s+/, '');
      const initials = name
        .split(/\s+/)
        .map((w) => w[0])
        .join('');
      // Only a real abbreviation of the name, so "Robert Nardelli (CEO)" is not read as one.
      if (initials.startsWith(m[2][0]) && [...m[2].replace(/\./g, '')].every((ch) => initials.includes(ch))) {
        out.set(name, m[2]);
        const words = name.split(/\s+/);
        for (let k = words.length - 1; k >= 2; k--) out.set(words.slice(0, k).join(' '), m[2]);
      }
    }
  return out;
}

function tidy(t: string): string {
  return t
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,;:]+|[\s,;:]+$/g, '');
}

function reduce(text: string): string {
  // "in the U.S.." keeps the abbreviation's own period.
  let t = /\b(?:[A-Z]\.){2,}\.?$/.test(text) ? text.replace(/\.$/, '').replace(/([A-Z])$/, '$1.') : text.replace(/[.!?]+["'”’]?$/, '');
  // Parentheticals (acronyms, date anchors, asides) and appositives between commas.
  for (let i = 0; i < 2; i++) t = t.replace(/\s*\([^()]*\)/g, '');
  // Commas inside numbers ("32,000") do not bound an appositive.
  t = t.replace(/,\s+(?:a|an|the|who|which|whose|another|currently|its|his|her|their|or|also|now|formerly|both)\b(?:[^,]|,(?=\d)){0,80},(?=\s)/g, '');
  // "today's activities" is no date to drop: removing "today" would leave "of's activities".
  for (const re of DATES)
    t = t.replace(re, (m: string, ...rest: unknown[]) =>
      /^['’]s\b/.test(String(rest[rest.length - 1]).slice((rest[rest.length - 2] as number) + m.length)) ? m : '',
    );
  // A leading introductory phrase or subordinate clause: the headline starts at the subject.
  const opener =
    /^(?:(?:In|On|At|By|After|Before|During|Since|Following|Despite|With|Amid|Under|As|If|When|While|Although|Though|Because|Once|Unless|Until|Earlier|Later|Meanwhile|However|But|Also|Last|This|For)\b[^,]{0,90}|[A-Z][a-z]+ly),\s+/;
  t = t.replace(opener, '');
  t = t.replace(/^(?:But|And|So|Yet|However|Meanwhile|Also)\b,?\s+/, '');
  return tidy(t);
}

/** Swaps a long subject ("American automobile manufacturer General Motors") for its entity's short name. */
function shortenSubject(t: string, src: HeadlineSource): string {
  const firstVerb = VERB.exec(t.replace(/^\S+/, (w) => ' '.repeat(w.length)));
  const limit = firstVerb ? firstVerb.index : Math.min(t.length, 60);
  let best: { at: number; len: number; e: EntityMention } | null = null;
  for (let e of src.entities) {
    if (e.type === 'MISC') continue;
    if (e.type === 'PERSON' && ORG_WORD.test(' ' + (e.canonical || e.text))) e = { ...e, type: 'ORG' };
    const at = t.indexOf(e.text);
    if (at < 0 || at >= limit) continue;
    // The head of the subject is its last name before the verb: "US automaker GM", "United States candidate Joe Biden".
    if (!best || at > best.at) best = { at, len: e.text.length, e };
  }
  if (!best) return t;
  let before = t.slice(0, best.at);
  // A tagged name that is the tail of a longer one ("General [Motors Corporation]") is no subject to
  // shorten; a title or article in front of a name ("President Donald Trump", "The NHC") is.
  const prevWord = /([A-Z][\w.&'-]*)\s+$/.exec(before)?.[1];
  if (prevWord && !TITLE_WORD.test(prevWord)) return t;
  // "Another automaker, General Motors, seeks": a descriptor with the name as its appositive.
  const appo = /^[^,]{2,40},\s+$/.test(before) && /^,\s+/.exec(t.slice(best.at + best.len));
  if (appo) return shortName(best.e, src.acronyms) + ' ' + t.slice(best.at + best.len + appo[0].length);
  // Only a descriptor in front of the name goes ("US automaker GM"); "The president of X" keeps its head.
  if (
    before &&
    (!/^(?:[\w.'-]+\s+){1,7}$/.test(before) ||
      (VERB.test(before.replace(/^\S+/, '').replace(/\b[a-z]+s\b/g, 'x')) && /\b(?:is|are|was|were|has|have|had|will|would|said|says)\b/.test(before)))
  )
    return t;
  // A name inside a prepositional phrase ("Trading on Russia's markets") is not the subject, and the
  // second of two subjects ("Senator Sanders and President Trump won") is not all of it.
  if (/\b(?:of|for|from|by|to|with|on|in|at|about|against|over|under|into|such|as|those|than|like|and|or)\b/i.test(before)) return t;
  before = '';
  let after = t.slice(best.at + best.len);
  // A subject of two names ("GM and Chrysler") keeps both.
  const pair = /^\s+and\s+/.exec(after);
  if (pair) {
    const second = src.entities.find((e) => e !== best!.e && after.slice(pair[0].length).startsWith(e.text));
    if (!second) return t;
    after = ` and ${shortName(second, src.acronyms)}` + after.slice(pair[0].length + second.text.length);
  }
  return shortName(best.e, src.acronyms) + after;
}

function toPresent(t: string, plural: boolean): string {
  if (plural) return t;
  // "X has said that it wants to" → "X wants to": the reporting frame adds nothing to a headline.
  t = t.replace(/^(\S+(?:\s+\S+){0,3}?)\s+(?:has |had )?(?:[a-z]+ly )?(?:said|stated|announced|confirmed)(?: that)? (?:it|he|she) (?=\w)/, '$1 ');
  return t.replace(/^(\S+(?:\s+\S+){0,3}?)\s+(?:has\s+|had\s+)?([a-z]+)\b/, (all, subj: string, verb: string) =>
    PRESENT[verb] ? `${subj} ${PRESENT[verb]}` : all,
  );
}

function cut(t: string): string | null {
  const m = CLAUSE_END.exec(t);
  // A clause end before the verb would strip the action; only cut past the fourth word.
  if (m && t.slice(0, m.index).split(/\s+/).length >= MIN_WORDS) t = t.slice(0, m.index);
  let ws = t.split(/\s+/);
  if (ws.length > DEV_HEADLINE_MAX) {
    // Drop trailing prepositional phrases, the last first, until the line fits.
    let u = t;
    for (;;) {
      const pp = /\s+(?:in|at|on|by|from|for|with|over|under|during|between|across|against|through|to the|into|near|about)\s+[^]*$/i;
      const starts = [...u.matchAll(/\s+(?:in|at|on|by|from|for|with|over|under|during|between|across|through|into|near)\s+/gi)].map((x) => x.index!);
      const last = starts.filter((s) => u.slice(0, s).split(/\s+/).length >= MIN_WORDS).pop();
      if (last === undefined || !pp.test(u)) break;
      // A "phrase" that carries the clause's verb ("in Vell have already been affected") is no trailing phrase.
      if (/\b(?:is|are|was|were|has|have|had|will|would|be|been|can|could|may|might|must|should|does|did)\b/.test(u.slice(last))) break;
      u = u.slice(0, last);
      if (u.split(/\s+/).length <= DEV_HEADLINE_MAX) break;
    }
    // Last resort: a quantity keeps its number and loses what it is a share of ("18% of the network").
    if (u.split(/\s+/).length > DEV_HEADLINE_MAX) u = u.replace(/^(.*?\d[\d,.]*%?)\s+of\s+.*$/, '$1');
    t = u;
    ws = t.split(/\s+/);
    if (ws.length > DEV_HEADLINE_MAX) return null;
  }
  for (let i = 0; i < 4 && DROPPABLE.test(t); i++) t = t.replace(DROPPABLE, '');
  return tidy(t);
}

/** True when the tagger finds a verb in the line: a noun phrase cut from its clause has none. */
function hasVerb(text: string): boolean {
  return nlp(text).verbs().length > 0;
}

function acceptable(h: string): boolean {
  const n = h.split(/\s+/).length;
  // A clause cut before its object leaves a time phrase or a bare verb at the end ("GM's move comes a day").
  if (
    /(?<!\b(?:within|in|for|over|after|by|than|of)\s)\b(?:a|one|two|the|a few|several|some) (?:day|week|month|year|while|hour)s?$|\b(?:comes|came|come|is|are|was|were)$/i.test(
      h,
    )
  )
    return false;
  if (AUXILIARY_END.test(h)) return false;
  // A relative clause hanging off the subject ("Biden, who secured …") has lost its main clause.
  if (/,\s+(?:who|which|whose|where)\b/.test(h)) return false;
  // An active perfect with its object cut ("Kerkorian has called [on …]"), a phrasal verb cut in two.
  if (/\b(?:has|have|had)\s+[a-z]+ed$/.test(h) || /\bto (?:take|give|set|carry|turn|hand|step|make|put|pick|sign|shut|break|come|go|get|look|bring)$/.test(h))
    return false;
  if (n < MIN_WORDS || n > DEV_HEADLINE_MAX) return false;
  if (/["“”]/.test(h) || /^['‘’]/.test(h)) return false;
  if (leadingPronoun(h) || openingPronoun(h)) return false;
  if (
    /^(?:If|When|While|Although|Though|Because|As|After|Before|Since|Once|Unless|Until|Whether|Which|Who|That|Where|And|But|Or|So|Yet|However|There|Here|What)\b/.test(
      h,
    )
  )
    return false;
  if (!/^(?:[A-Z0-9$£€]|[a-z][A-Z])/.test(h)) return false;
  if (/^(?:To|According|Officially|Also|Then|Such|Like|Unlike|Of|For|In|On|At|By|With)\b/.test(h) || /^\S+\s+[-–—]\s/.test(h) || /\s[-–—]\s/.test(h))
    return false;
  // A verb left without what it needs: a bare reporting verb, a progressive, an active past with no object, a modal's verb.
  if (
    /\b(?:said|says|added|adds|mentioned|noted|stated|states|commented|announced|reported|told|indicated|claims|claimed|wrote|writes|explains|explained|argues|argued|believes)$/.test(
      h,
    )
  )
    return false;
  if (/[a-z]ing$/.test(h) || /,\s*\S+$/.test(h)) return false;
  if (/\b(?:will|would|can|could|may|might|must|should)\s+\w+$/.test(h) && !/\bbe\s+\w+$/.test(h)) return false;
  if (/[a-z]ed$/.test(h) && !/\b(?:was|were|is|are|been|be|being|has|have|had|get|got)\s+(?:\w+\s+)?\w+ed$/.test(h)) return false;
  const said = /\b(?:says|said|warns|urges|agrees|denies|accuses|confirms|announces|reports|claims|believes)\s+(?:that\s+)?(.*)$/.exec(h);
  // What is said must be a clause: "Lam says two members to the council" lost its verb in the cut.
  if (said && (/^(?:to|in|as|on|at|via|during|after|of|for)\b/.test(said[1]) || !VERB.test(said[1].replace(/^\S+/, '')) || !hasVerb(said[1]))) return false;
  if (!VERB.test(h.replace(/^\S+/, ''))) return false;
  if (!hasVerb(h)) return false;
  if (/[([]/.test(h) && !/\)/.test(h)) return false;
  // A possessive whose noun was cut off ("Pompeo cited the Cuban government's").
  if (/['’]s$/.test(h)) return false;
  // The brief's own fragment check has the last word ("Apart from when …", "… and again").
  if (headlineProblem(h)) return false;
  return !DANGLING.test(h);
}

/** A headline compressed from one sentence, or null when no clean "who does what" line comes out of it. */
export function compressHeadline(src: HeadlineSource): string | null {
  // A question is no headline, and quoted speech opening a sentence is no event of its own.
  if (/^["“']/.test(src.text.trim()) || /\?["'”’)]*$/.test(src.text.trim())) return null;
  let t = reduce(src.text);
  if (!t || /^["“]/.test(t)) return null;
  // Quoted speech would be cut mid-quote: keep only the part before it, when that says something.
  const q = t.search(/["“]/);
  if (q >= 0) {
    t = t.slice(0, q).trim();
    // What stood before the quote must be a clause of its own, not "X said the dealers are".
    if (DANGLING.test(t) || /\b(?:are|is|was|were|be|called|described|labeled|labelled|named|said|says|of)$/i.test(t) || /\bthat\b/.test(t)) return null;
    // "Jobs called the new software [“…”]": what the quote names or describes it as is the point.
    if (/\b(?:call|calls|called|describe|describes|described|labell?ed|labels?|named|dubbed|termed|brands?|branded)\b(?:\s+\S+){0,4}$/i.test(t)) return null;
  }
  t = shortenSubject(t, src);
  const plural = /^\S+(?:\s+\S+)?\s+and\s+/.test(t) || (/^[A-Z][a-z]+s\s/.test(t) === true && !/^[A-Z][a-z]+ss\s/.test(t));
  t = toPresent(t, plural);
  const h = cut(t);
  return h && acceptable(h) ? h : null;
}

/** "GM says dealers closing underperform": from a reported claim with a known speaker, else null. */
export function attributionHeadline(src: HeadlineSource): string | null {
  for (const q of src.quotes) {
    if (!q.speaker || q.kind === 'direct' || q.kind === 'label') continue;
    // Only a person or an organisation speaks ("Ohio says" is a tagging slip); an untagged speaker must read as a name.
    const ent = src.entities.find((e) => (e.canonical === q.speaker || e.text === q.speaker) && (e.type === 'PERSON' || e.type === 'ORG'));
    const who = ent ? shortName(ent, src.acronyms) : /^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$/.test(q.speaker) ? q.speaker : null;
    if (!who) continue;
    const verb = STANCE_VERB[q.stance ?? 'says'];
    const claim = reduce(q.text.replace(/^(?:that)\s+/i, ''));
    // A claim with no subject of its own ("that had decided to …") belongs to a relative clause, not to a speaker.
    if (
      !claim ||
      /^["“]/.test(claim) ||
      leadingPronoun(claim) ||
      /^(?:had|has|have|was|were|is|are|will|would|could|should|did|does|do|may|might|can)\b/i.test(claim)
    )
      continue;
    const h = cut(
      `${who} ${verb} ${claim[0].toLowerCase() === claim[0] ? claim : /^[A-Z][a-z]+\s+[a-z]/.test(claim) && !src.entities.some((e) => claim.startsWith(e.text)) ? claim[0].toLowerCase() + claim.slice(1) : claim}`,
    );
    if (h && acceptable(h)) return h;
  }
  return null;
}
