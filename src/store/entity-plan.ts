// Store-wide entity resolution of one annotation, planned once for both adapters: which entities the
// annotation names (and which of them are new), which stored short names a new full name absorbs, and the
// name every mention, alias, role and quote speaker lands on. Pure: the adapters turn names into ids and
// write. SQLite applies the plan as it comes; PostgreSQL plans on the names it loaded, to learn which keys
// to load and which entities to create in one statement, and plans again should the database disagree.
import type { Annotation, EntityType } from '../types.ts';
import { addToIndex, longerForm, removeFromIndex, shortFormsOf, type NameIndex } from '../nlp/resolve.ts';

/**
 * When two entity names are the same entity, on every adapter: equal once A-Z are lower-cased, every other
 * character compared as it is ("MARA QUINN" is "Mara Quinn"; "émile zola" is not "Émile Zola"). It is the
 * rule both databases enforce on stored names (SQLite's NOCASE, PostgreSQL's lower() under COLLATE "C"),
 * so a plan never takes two names for one entity where the database keeps two, or the reverse. Full
 * Unicode case folding would need ICU in SQLite, which better-sqlite3 does not ship; the ASCII rule keeps
 * the unique index and the planner agreeing instead.
 */
export function nameKey(name: string): string {
  return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export interface PlannedEntity {
  canonical: string;
  type: EntityType;
  /** Not stored yet (as `exists` answered): the adapter creates it. */
  created: boolean;
}

export interface EntityPlan {
  /**
   * Every entity the annotation uses, once per name (as nameKey compares them), in first-use order; includes entities
   * created here and folded later in the same annotation (their folds move the stored rows of that name).
   */
  entities: PlannedEntity[];
  /** Stored (or just created) short names moved onto a new full name, in the order they happen. */
  folds: { short: string; into: string }[];
  /** Rows name their entity by its `entities` canonical, after every fold ("Putin" rows land on "Vladimir Putin"). */
  mentions: { canonical: string; start: number; end: number; text: string; role: string | null }[];
  aliases: { canonical: string; alias: string }[];
  roles: { canonical: string; role: string }[];
  /** The resolved speaker of each of the annotation's quotes, by position. */
  speakers: (string | null)[];
}

/**
 * Plans the annotation's entities against the stored names in `index`, and updates `index` to match (new
 * names added, folded ones removed). For each mention its local canonical joins the one longer stored name
 * it is a short form of; a name that is new collects the shorter stored entities it is the unique full form
 * of. `exists` answers whether a name is stored, as the adapter's database compares names; it is asked
 * once per name (nameKey), before anything of this annotation is written.
 */
export function planAnnotationEntities(index: NameIndex, ann: Annotation, exists: (canonical: string) => boolean): EntityPlan {
  const plan: EntityPlan = { entities: [], folds: [], mentions: [], aliases: [], roles: [], speakers: [] };
  // nameKey of a name → the canonical its rows go to: itself, or the full name it was folded into.
  const target = new Map<string, string>();
  const resolved = new Map<string, string>();
  const resolve = (name: string, type: EntityType): string => {
    const key = `${type}\u0000${nameKey(name)}`;
    let r = resolved.get(key);
    if (r === undefined) {
      r = longerForm(index, name, type) ?? name;
      resolved.set(key, r);
    }
    return r;
  };
  for (const m of ann.entities) {
    const local = m.canonical?.trim() || m.text.trim();
    if (!local) continue;
    const canonical = resolve(local, m.type);
    const key = nameKey(canonical);
    if (!target.has(key)) {
      const created = !exists(canonical);
      plan.entities.push({ canonical, type: m.type, created });
      target.set(key, canonical);
      if (created) {
        for (const short of shortFormsOf(index, canonical, m.type)) {
          plan.folds.push({ short: short.canonical, into: canonical });
          removeFromIndex(index, short);
          // The short entity may have been created earlier in this very annotation: its rows, and its later
          // mentions, land on the full name.
          target.set(nameKey(short.canonical), canonical);
          resolved.clear();
        }
        addToIndex(index, { canonical, type: m.type });
      }
    }
    // Final names are settled below, once every fold is known; rows hold the name they were written under.
    if (m.text !== canonical) plan.aliases.push({ canonical: key, alias: m.text });
    if (local !== canonical) plan.aliases.push({ canonical: key, alias: local });
    if (m.role) plan.roles.push({ canonical: key, role: m.role });
    plan.mentions.push({ canonical: key, start: m.start, end: m.end, text: m.text, role: m.role ?? null });
  }
  const speakerType = new Map(ann.entities.map((m) => [nameKey(m.canonical?.trim() || m.text.trim()), m.type] as const));
  for (const q of ann.quotes) plan.speakers.push(q.speaker ? resolve(q.speaker, speakerType.get(nameKey(q.speaker)) ?? 'PERSON') : null);
  // Follow folds to the end of a chain ("Council" → "Security Council" → "UN Security Council"). Folds
  // always go to a longer name, so a chain cannot loop.
  const final = (key: string): string => {
    let name = target.get(key)!;
    for (let next = target.get(nameKey(name))!; next !== name; next = target.get(nameKey(name))!) name = next;
    return name;
  };
  for (const list of [plan.mentions, plan.aliases, plan.roles]) for (const r of list) r.canonical = final(r.canonical);
  return plan;
}
