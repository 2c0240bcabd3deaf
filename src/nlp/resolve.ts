// Entity resolution: one canonical name for every mention of the same entity, within a document
// ("Putin" → "Vladimir Putin", "NATO" ↔ "North Atlantic Treaty Organization", "US" → "United States")
// and across the articles of a story. Rules, not a model: news names an entity in full once and
// shortens it afterwards, so the longest compatible form in the same text is the reliable canonical.
import type { EntityMention, EntityType } from '../types.ts';
import { countryOf, HONORIFICS } from './ner/lexicon.ts';

export { countryOf };

const ACRONYM_SKIP = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', '&', 'to']);

/** Name without honorifics, possessive or surrounding punctuation: "Mr. Miller's" → "Miller". */
export function cleanName(name: string): string {
  let words = name
    .replace(/['\u2019]s$/, '')
    .trim()
    .split(/\s+/);
  while (words.length > 1 && HONORIFICS.has(words[0].toLowerCase())) words = words.slice(1);
  return words.join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '');
}

/** "North Atlantic Treaty Organization" → "NATO". */
export function acronymOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !ACRONYM_SKIP.has(w.toLowerCase()) && /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
}

function words(name: string): string[] {
  return name.split(/\s+/).filter(Boolean);
}

/** Whether `short` names the same thing as the longer `long` (a contiguous run of its words). */
function isPartOf(short: string[], long: string[]): boolean {
  if (short.length >= long.length) return false;
  for (let i = 0; i + short.length <= long.length; i++) {
    let ok = true;
    for (let k = 0; k < short.length && ok; k++) ok = short[k].toLowerCase() === long[i + k].toLowerCase();
    if (ok) return true;
  }
  return false;
}

function isAcronymOf(short: string, long: string): boolean {
  const s = short.replace(/\./g, '');
  return s.length >= 2 && s === s.toUpperCase() && /^\p{Lu}+$/u.test(s) && acronymOf(long) === s;
}

interface Named {
  name: string;
  type: EntityType;
  first: number;
  count: number;
}

/**
 * Canonical name for each distinct (name, type) of a document. Candidates are names of the same type
 * (PLACE/ORG may also match each other for acronyms); ties go to the entity introduced first, which in
 * news is the one the story is about.
 */
export function canonicalNames(mentions: { text: string; type: EntityType }[]): Map<string, string> {
  const byKey = new Map<string, Named>();
  mentions.forEach((m, i) => {
    const name = cleanName(m.text);
    const key = `${m.type}\u0000${name}`;
    const n = byKey.get(key);
    if (n) n.count++;
    else byKey.set(key, { name, type: m.type, first: i, count: 1 });
  });
  const all = [...byKey.values()];
  const out = new Map<string, string>();
  for (const n of all) {
    let canonical = n.name;
    if (n.type === 'PLACE') {
      const c = countryOf(n.name);
      if (c && n.name.length <= 5) canonical = c; // "US", "U.S.", "UK" → the country's name
    }
    const w = words(n.name);
    const candidates = all.filter((o) => {
      if (o === n) return false;
      if (n.type === 'MISC' || o.type === 'MISC') return false;
      const sameKind = o.type === n.type || (n.type !== 'PERSON' && o.type !== 'PERSON');
      if (!sameKind) return false;
      if (isAcronymOf(n.name, o.name)) return true;
      if (o.type !== n.type) return false;
      if (n.type === 'PERSON') {
        const ow = words(o.name);
        // "Putin" ↔ "Vladimir Putin" (surname last) and "Kim" ↔ "Kim Jong-un" (family name first).
        return w.length < ow.length && isPartOf(w, ow) && (ow[ow.length - 1] === w[w.length - 1] || ow[0] === w[0]);
      }
      // "Security Council" → "United Nations Security Council"; "Korea" alone stays ambiguous below.
      return isPartOf(w, words(o.name)) && words(o.name).slice(-w.length).join(' ') === w.join(' ');
    });
    if (candidates.length) {
      // Prefer surname matches for people, then the earliest-introduced entity.
      const pick = [...candidates].sort((a, b) => {
        if (n.type === 'PERSON') {
          const al = words(a.name).at(-1) === w.at(-1) ? 0 : 1;
          const bl = words(b.name).at(-1) === w.at(-1) ? 0 : 1;
          if (al !== bl) return al - bl;
        }
        return a.first - b.first;
      })[0];
      const distinctTargets = new Set(candidates.map((c) => c.name));
      const ambiguous = n.type !== 'PERSON' && distinctTargets.size > 1;
      if (!ambiguous) canonical = pick.name;
    }
    out.set(`${n.type}\u0000${n.name}`, canonical);
  }
  // An acronym may have been chosen as canonical for its expansion's sibling; make chains settle on the
  // longest form ("UN" → "United Nations" and "U.N." → "United Nations").
  for (const [k, v] of out) {
    for (const [k2, v2] of out) if (k2.endsWith('\u0000' + v) && v2.length > v.length) out.set(k, v2);
  }
  return out;
}

/** Key under which `canonicalNames` stores a mention's canonical name. */
export function canonicalKey(text: string, type: EntityType): string {
  return `${type}\u0000${cleanName(text)}`;
}

/**
 * Merges canonical names across the documents of a story: a canonical that is a short form of another
 * document's canonical ("Blinken" in one article, "Antony Blinken" in another) takes the longer one.
 * Returns new mention arrays; roles are left as each text states them.
 */
export function resolveAcrossDocuments(docs: EntityMention[][]): EntityMention[][] {
  const pool = docs.flat().map((m) => ({ text: m.canonical, type: m.type }));
  const map = canonicalNames(pool);
  return docs.map((ms) => ms.map((m) => ({ ...m, canonical: map.get(canonicalKey(m.canonical, m.type)) ?? m.canonical })));
}

// ---------------------------------------------------------------------------------------------------------
// Store-wide resolution. Inside one article the first-introduced entity wins a tie; across a whole store
// there is no such order, so a short name only joins a longer one when exactly one longer one fits
// ("Bush" stays apart while both "Jeb Bush" and "George W. Bush" are known).

export interface KnownEntity {
  canonical: string;
  type: EntityType;
}

/** Whether the short name `s` is a short form of the longer canonical `l` (same rules as in one text). */
function shortFormOf(s: KnownEntity, l: KnownEntity): boolean {
  if (s.type === 'MISC' || l.type === 'MISC') return false;
  const sn = cleanName(s.canonical);
  const ln = cleanName(l.canonical);
  if (sn.toLowerCase() === ln.toLowerCase()) return false;
  if (s.type !== 'PERSON' && l.type !== 'PERSON' && isAcronymOf(sn, ln)) return true;
  if (s.type !== l.type) return false;
  const sw = words(sn);
  const lw = words(ln);
  if (!isPartOf(sw, lw)) return false;
  if (s.type === 'PERSON') {
    // Surname ("Putin" of "Vladimir Putin") or, for family-name-first names, the first word ("Kim").
    return lw.at(-1)!.toLowerCase() === sw.at(-1)!.toLowerCase() || (sw.length === 1 && lw[0].toLowerCase() === sw[0].toLowerCase() && /-/.test(ln));
  }
  return lw.slice(-sw.length).join(' ').toLowerCase() === sw.join(' ').toLowerCase();
}

/** Lookup structure over a store's canonicals: lower-cased word or acronym → entities carrying it. */
export interface NameIndex {
  byKey: Map<string, KnownEntity[]>;
}

function keysOf(e: KnownEntity): string[] {
  const name = cleanName(e.canonical);
  const keys = words(name).map((w) => w.toLowerCase());
  if (e.type !== 'PERSON') {
    const acr = acronymOf(name);
    if (acr.length >= 2) keys.push('\u0000' + acr);
  }
  return keys;
}

export function nameIndex(known: KnownEntity[]): NameIndex {
  const byKey = new Map<string, KnownEntity[]>();
  for (const e of known) addToIndex({ byKey }, e);
  return { byKey };
}

export function addToIndex(index: NameIndex, e: KnownEntity): void {
  for (const k of new Set(keysOf(e))) {
    const list = index.byKey.get(k) ?? [];
    // A new array, never a push: a copied index (shortFormsOf) shares its lists with the original.
    if (!list.some((x) => x.canonical === e.canonical && x.type === e.type)) index.byKey.set(k, [...list, e]);
  }
}

/**
 * The one longer canonical in the index that `name` is a short form of ("Putin" → "Vladimir Putin",
 * "NATO" → "North Atlantic Treaty Organization"), or null when there is none or more than one.
 * People prefer surname matches over first-word matches before calling it ambiguous.
 */
export function longerForm(index: NameIndex, name: string, type: EntityType): string | null {
  const s: KnownEntity = { canonical: name, type };
  const clean = cleanName(name);
  const w = words(clean);
  if (!w.length) return null;
  const pool = new Set<KnownEntity>();
  for (const k of [w.at(-1)!.toLowerCase(), w[0].toLowerCase(), '\u0000' + clean.replace(/\./g, '')]) {
    for (const e of index.byKey.get(k) ?? []) pool.add(e);
  }
  const fits = [...pool].filter((l) => shortFormOf(s, l));
  if (!fits.length) return null;
  let targets = [...new Set(fits.map((f) => f.canonical))];
  if (targets.length > 1 && type === 'PERSON') {
    const bySurname = fits.filter((f) => words(cleanName(f.canonical)).at(-1)!.toLowerCase() === w.at(-1)!.toLowerCase());
    targets = [...new Set(bySurname.map((f) => f.canonical))];
  }
  if (targets.length !== 1) return null;
  // A chain ("Putin" → "Vladimir Putin" → "Vladimir V. Putin") settles on its longest unambiguous end.
  const next = longerForm(index, targets[0], fits.find((f) => f.canonical === targets[0])!.type);
  return next ?? targets[0];
}

/**
 * Known canonicals that a newly stored `name` becomes the unique longer form of: the entities to fold into
 * it ("Putin" stored first, "Vladimir Putin" arriving later).
 */
export function shortFormsOf(index: NameIndex, name: string, type: EntityType): KnownEntity[] {
  const e: KnownEntity = { canonical: name, type };
  const candidates = new Set<KnownEntity>();
  for (const k of keysOf(e)) for (const c of index.byKey.get(k) ?? []) candidates.add(c);
  // A stored acronym ("NATO") is indexed under its own word.
  for (const c of index.byKey.get(acronymOf(cleanName(name)).toLowerCase()) ?? []) candidates.add(c);
  // Ask with the new name in the index, then put back the few lists it touched: copying the whole index
  // here cost O(stored names) for every new entity a store saw.
  const saved = new Map([...new Set(keysOf(e))].map((k) => [k, index.byKey.get(k)] as const));
  addToIndex(index, e);
  try {
    return [...candidates].filter((c) => shortFormOf(c, e) && longerForm(index, c.canonical, c.type) === name);
  } finally {
    for (const [k, list] of saved) {
      if (list) index.byKey.set(k, list);
      else index.byKey.delete(k);
    }
  }
}

/** Drops an entity from the index (it was folded into a longer name). */
export function removeFromIndex(index: NameIndex, e: KnownEntity): void {
  for (const k of new Set(keysOf(e))) {
    const list = index.byKey.get(k);
    if (!list) continue;
    const rest = list.filter((x) => !(x.canonical === e.canonical && x.type === e.type));
    if (rest.length) index.byKey.set(k, rest);
    else index.byKey.delete(k);
  }
}
