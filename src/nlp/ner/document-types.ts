// Document-level passes over the typed mentions of one document, after the sentence-level post-rules
// (retype.ts): what a mention is depends on how the rest of the document names it. News introduces a person
// in full before it shortens the name ("Condoleezza Rice" … "Rice"), while products, services, places and
// works are named alone from the start ("Google, Bing, and Yahoo!", "via Zoom", "Rachel in Lincoln County").
import type { EntityType } from '../../types.ts';
import { acronymOf } from '../resolve.ts';

export interface DocMention {
  start: number; // offsets into the text
  end: number;
  type: EntityType;
  role: string | null;
}

export interface DocTypeContext {
  /** Whether a lower-cased word is a known given name or surname (the model's gazetteer has it as PER). */
  knownPersonWord: (lower: string) => boolean;
}

/** Words after a name that make it the one who speaks or acts as a person ("Sergey said"). */
const PERSON_VERBS = new Set([
  'said',
  'says',
  'told',
  'tells',
  'added',
  'adds',
  'asked',
  'asks',
  'explained',
  'explains',
  'wrote',
  'writes',
  'stated',
  'states',
  'replied',
  'noted',
  'argued',
  'claimed',
  'recalled',
  'warned',
  'insisted',
  'admitted',
  'who',
  'himself',
  'herself',
]);

const words = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);

/**
 * Settles each mention's type against the document, in place: a word or phrase the document names as a
 * non-person in a longer or the same phrase takes that type; a one-word "person" the document never
 * introduces in full, that no list knows as a name, that has no role and does not speak, is not listed as a
 * person (MISC); an acronym defined in the text ("exclusive economic zone (EEZ)", "Divisional Railway Manager
 * (DRM)") is what its definition is, and nothing when that is no name.
 */
export function settleDocumentTypes(text: string, mentions: DocMention[], ctx: DocTypeContext): DocMention[] {
  const phraseType = new Map<string, EntityType>();
  const wordType = new Map<string, EntityType>();
  const inPersonName = new Set<string>();
  // How often each exact phrase is read as a person and as something else: the majority reading wins for
  // a name of two or more words ("Doris Day" once inside a show's title stays a person).
  const votes = new Map<string, number>();
  for (const m of mentions) {
    const ws = words(text.slice(m.start, m.end));
    const key = ws.join(' ');
    votes.set(key, (votes.get(key) ?? 0) + (m.type === 'PERSON' ? -1 : 1));
    if (m.type === 'PERSON') {
      if (ws.length >= 2) for (const w of ws) inPersonName.add(w);
      continue;
    }
    if (!phraseType.has(key)) phraseType.set(key, m.type);
    if (ws.length >= 2) for (const w of ws) if (!wordType.has(w)) wordType.set(w, m.type);
  }
  // A one-word name that speaks or carries a role anywhere in the document is a person everywhere in it
  // ("Al-Quaety, who contributed …" … "attacked al-Quaety").
  const actsAsPerson = new Set<string>();
  for (const m of mentions) if (m.type === 'PERSON' && (m.role !== null || speaks(text, m))) actsAsPerson.add(text.slice(m.start, m.end).toLowerCase());
  for (const m of mentions) {
    if (m.type !== 'PERSON') continue;
    const ws = words(text.slice(m.start, m.end));
    const key = ws.join(' ');
    // "Haiyan" after "Typhoon Haiyan"; a phrase the document reads more often as a thing than as a person.
    const other = ws.length === 1 ? (wordType.get(key) ?? phraseType.get(key)) : votes.get(key)! > 0 ? phraseType.get(key) : undefined;
    if (other && !(ws.length === 1 && inPersonName.has(key))) {
      m.type = other;
      continue;
    }
    if (ws.length === 1 && !inPersonName.has(key) && !ctx.knownPersonWord(key) && !actsAsPerson.has(key)) m.type = 'MISC';
  }
  return settleAcronyms(text, mentions);
}

/** Whether the words right after a mention make it a speaker or an agent ("Sergey said", "Li, who …"). */
function speaks(text: string, m: DocMention): boolean {
  const next = /^[\s,]*([\p{L}]+)/u.exec(text.slice(m.end, m.end + 40));
  if (next && PERSON_VERBS.has(next[1].toLowerCase())) return true;
  // "…," Sergey said — and "said Sergey".
  const prev = /([\p{L}]+)[\s,]*$/u.exec(text.slice(Math.max(0, m.start - 20), m.start));
  return prev !== null && PERSON_VERBS.has(prev[1].toLowerCase()) && prev[1] !== 'who';
}

/**
 * "(EEZ)" right after the words it abbreviates. The definition decides: a mention ending right before the
 * bracket gives its type; lower-case words ("exclusive economic zone") or capitalised words that are no
 * mention (a title: "Divisional Railway Manager") mean the acronym is no name either.
 */
function settleAcronyms(text: string, mentions: DocMention[]): DocMention[] {
  const defined = new Map<string, EntityType | null>();
  for (const m of mentions) {
    const t = text.slice(m.start, m.end);
    if (!/^\p{Lu}{2,6}$/u.test(t) || text[m.start - 1] !== '(' || text[m.end] !== ')' || defined.has(t)) continue;
    const before = text.slice(Math.max(0, m.start - 160), m.start - 1).trimEnd();
    const ws = before.split(/\s+/);
    // Some run of words at the end of `before` must spell the acronym, or it is not a definition.
    let spelt = false;
    for (let k = 1; k <= Math.min(ws.length, t.length * 2) && !spelt; k++) {
      const cand = ws.slice(-k).join(' ');
      spelt = acronymOf(cand) === t || initials(cand) === t.toLowerCase();
    }
    if (!spelt) continue;
    const gap = m.start - 1 - text.slice(0, m.start - 1).trimEnd().length;
    const owner = mentions.find(
      (o) =>
        o !== m && o.end === m.start - 1 - gap && (acronymOf(text.slice(o.start, o.end)) === t || initials(text.slice(o.start, o.end)) === t.toLowerCase()),
    );
    defined.set(t, owner ? owner.type : null);
  }
  if (defined.size === 0) return mentions;
  return mentions.filter((m) => {
    const t = text.slice(m.start, m.end);
    if (!defined.has(t) || m.type === 'PERSON') return true;
    const type = defined.get(t)!;
    if (type === null) return false;
    m.type = type;
    return true;
  });
}

/** First letters of every word, lower-cased ("exclusive economic zone" → "eez"). */
function initials(phrase: string): string {
  return phrase
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0].toLowerCase())
    .join('');
}
