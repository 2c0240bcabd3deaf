// PostgreSQL entities repository: annotations, and entity resolution across articles inside the
// annotation's transaction. Nothing is cached in the process: the names an annotation can touch are loaded
// per annotation by key (entity_keys), under per-key advisory locks, and planned by ../entity-plan.ts.
import type { PoolClient } from 'pg';
import { StorylineError, errorMessage } from '../../errors.ts';
import type { Annotation, EntityType, Quote } from '../../types.ts';
import type { EntityRecord, EntityRepository } from '../repositories/entities.ts';
import { decodeAnnotation, encodeAnnotation } from '../annotation-codec.ts';
import { acronymOf, addToIndex, cleanName, longerForm, type KnownEntity } from '../../nlp/resolve.ts';
import { nameKey, planAnnotationEntities, type EntityPlan } from '../entity-plan.ts';
import { toQuote, type QuoteRow } from '../rows.ts';
import { all, exec, noNul, one, type PgConnection, type Queryable } from './connection.ts';

/**
 * Class of the per-name-key advisory locks (the two-int form, a lock space apart from MERGE_LOCK's). A writer
 * locks every name key before it reads the names filed under it and every key it files a new entity under, and
 * holds them to commit: two workers storing "Kovac" and "Ivana Kovac" at once then take turns, and the second
 * resolves its name against what the first stored, as one writer would. Without them each planned against names
 * read before the other committed, and "Kovac" stayed an entity of its own beside "Ivana Kovac".
 */
const NAME_LOCK_CLASS = 0x534c_4e4b; // "SLNK"

// ---- entity names: what the name index needs, loaded from the database by key

/**
 * The keys nlp/resolve.ts files a canonical under in its NameIndex (lower-cased words, and a NUL-prefixed
 * acronym for non-people); stored per entity so that only the names sharing a key are loaded. A test checks
 * these against nameIndex() so the two cannot drift apart silently.
 */
export function entityNameKeys(canonical: string, type: EntityType): string[] {
  const name = cleanName(canonical);
  const keys = name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (type !== 'PERSON') {
    const acr = acronymOf(name);
    if (acr.length >= 2) keys.push('\u0000' + acr);
  }
  return [...new Set(keys)];
}

// PostgreSQL text has no NUL; the index's acronym marker is stored as U+0001, which no word begins with.
const toDbKey = (k: string) => (k.startsWith('\u0000') ? '\u0001' + k.slice(1) : k);

/**
 * A NameIndex whose lists are loaded from the database on demand. Reads of keys not loaded yet are noted,
 * so a dry run of the resolution shows which keys to load before the real run.
 */
class LoadedNames extends Map<string, KnownEntity[]> {
  readonly loaded = new Set<string>();
  missing = new Set<string>();
  private quiet = false;

  override get(key: string): KnownEntity[] | undefined {
    if (!this.quiet && !this.loaded.has(key)) this.missing.add(key);
    return super.get(key);
  }

  /** A copy to dry-run on: the resolution edits the index it works on. Lists are never mutated in place. */
  copy(): LoadedNames {
    const c = new LoadedNames(this);
    for (const k of this.loaded) c.loaded.add(k);
    return c;
  }

  /** Loads the names filed under `keys`; `lock` (writers, inside a transaction) takes the keys' name locks first. */
  async load(db: Queryable, keys: Iterable<string>, lock = false): Promise<boolean> {
    const want = [...new Set(keys)].filter((k) => !this.loaded.has(k));
    if (!want.length) return false;
    if (lock) await lockNameKeys(db, want);
    const rows = await all<{ canonical: string; type: EntityType }>(
      db,
      'SELECT canonical, type FROM entities WHERE id IN (SELECT entity_id FROM entity_keys WHERE key = ANY($1::text[]))',
      [want.map(toDbKey)],
    );
    this.quiet = true;
    try {
      for (const r of rows) addToIndex({ byKey: this }, r);
    } finally {
      this.quiet = false;
    }
    for (const k of want) this.loaded.add(k);
    return true;
  }
}

/**
 * Takes the name locks of `keys` (see NAME_LOCK_CLASS) until the transaction ends. In hash order, so two writers
 * wanting overlapping keys in one call queue instead of deadlocking; a deadlock across calls is 40P01, retried.
 */
async function lockNameKeys(db: Queryable, keys: string[]): Promise<void> {
  await exec(
    db,
    `SELECT pg_advisory_xact_lock(${NAME_LOCK_CLASS}, h)
     FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [keys.map(toDbKey)],
  );
}

/** Keys longerForm() reads for a name, before following a chain. */
function lookupKeys(name: string): string[] {
  const clean = cleanName(name);
  const w = clean.split(/\s+/).filter(Boolean);
  if (!w.length) return [];
  return [w.at(-1)!.toLowerCase(), w[0].toLowerCase(), '\u0000' + clean.replace(/\./g, '')];
}

/** Whether the loaded names hold `canonical`: a dry run's answer to "is it stored?", read from the index. */
function loadedHas(names: LoadedNames, canonical: string): boolean {
  const key = nameKey(canonical);
  const first = entityNameKeys(canonical, 'MISC')[0];
  return first !== undefined && (names.get(first) ?? []).some((e) => nameKey(e.canonical) === key);
}

type EntityIds = Map<string, { id: string; created: boolean }>;

/**
 * A row of this annotation referring to an entity that is gone: another transaction folded it away (deleted
 * it) after this one read it. A serialisation failure in effect, so it is reported as one (SQLSTATE 40001)
 * and the transaction retried, planning again on the names as they are now.
 */
function retryIfNamesChanged(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23503' || !/_entity_id_fkey$/.test(e.constraint ?? '')) return err;
  return Object.assign(new Error(`an entity this annotation uses was removed meanwhile: ${errorMessage(err)}`, { cause: err }), { code: '40001' });
}

/** Stores the annotation inside the caller's transaction, resolving its names. `text`: the article's stored text when the caller has it; `fresh`: no earlier annotation rows exist. */
export async function writeAnnotation(c: PoolClient, articleId: string, ann: Annotation, text: string | null, fresh: boolean): Promise<void> {
  if (text === null) {
    const art = await one<{ text: string }>(c, 'SELECT text FROM articles WHERE id = $1', [articleId]);
    if (!art) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId });
    text = art.text;
  }
  if (!fresh) {
    await exec(
      c,
      `WITH m AS (DELETE FROM mentions WHERE article_id = $1), q AS (DELETE FROM quotes WHERE article_id = $1)
       DELETE FROM entity_roles WHERE article_id = $1`,
      [articleId],
    );
  }
  const { names, plan: dry } = await namesFor(c, ann);
  const known: EntityIds = dry?.entities.length ? await createEntities(c, dry.entities) : new Map();
  const plan = await settlePlan(c, names, ann, dry, known);
  const idOf = (canonical: string) => known.get(nameKey(noNul(canonical)))!.id;
  try {
    for (const f of plan.folds) await foldEntity(c, f.short, idOf(f.into), f.into);
    // Entities created for a plan the final one does not follow would be names with no mention.
    const used = new Set(plan.entities.map((e) => idOf(e.canonical)));
    const unused = [...known.values()].filter((p) => p.created && !used.has(p.id)).map((p) => p.id);
    if (unused.length) await exec(c, 'DELETE FROM entities WHERE id = ANY($1::bigint[])', [unused]);
    const qs = ann.quotes;
    // Every row of the annotation in one statement (one round trip); empty arrays insert nothing.
    await exec(
      c,
      `WITH ann AS (
         INSERT INTO annotations (article_id, packed) VALUES ($1, $2) ON CONFLICT (article_id) DO UPDATE SET packed = excluded.packed
       ), aliases AS (
         INSERT INTO entity_aliases (entity_id, alias) SELECT DISTINCT e, a FROM unnest($3::bigint[], $4::text[]) AS t(e, a) ON CONFLICT DO NOTHING
       ), roles AS (
         INSERT INTO entity_roles (entity_id, article_id, role) SELECT DISTINCT e, $1, r FROM unnest($5::bigint[], $6::text[]) AS t(e, r) ON CONFLICT DO NOTHING
       ), ments AS (
         INSERT INTO mentions (article_id, entity_id, start, "end", text, role)
         SELECT $1, e, s, x, t, r FROM unnest($7::bigint[], $8::int[], $9::int[], $10::text[], $11::text[]) WITH ORDINALITY AS m(e, s, x, t, r, n) ORDER BY n
       )
       INSERT INTO quotes (article_id, start, "end", text, speaker, speaker_start, speaker_end, cue, kind, stance)
       SELECT $1, s, x, t, sp, ss, se, cu, k, st
       FROM unnest($12::int[], $13::int[], $14::text[], $15::text[], $16::int[], $17::int[], $18::text[], $19::text[], $20::text[]) WITH ORDINALITY AS q(s, x, t, sp, ss, se, cu, k, st, n)
       ORDER BY n`,
      [
        articleId,
        encodeAnnotation(ann, text),
        plan.aliases.map((x) => idOf(x.canonical)),
        plan.aliases.map((x) => noNul(x.alias)),
        plan.roles.map((x) => idOf(x.canonical)),
        plan.roles.map((x) => noNul(x.role)),
        plan.mentions.map((m) => idOf(m.canonical)),
        plan.mentions.map((m) => m.start),
        plan.mentions.map((m) => m.end),
        plan.mentions.map((m) => noNul(m.text)),
        plan.mentions.map((m) => noNul(m.role)),
        qs.map((q) => q.start),
        qs.map((q) => q.end),
        qs.map((q) => noNul(q.text)),
        plan.speakers.map((sp) => noNul(sp)),
        qs.map((q) => q.speakerStart),
        qs.map((q) => q.speakerEnd),
        qs.map((q) => noNul(q.cue)),
        qs.map((q) => q.kind),
        qs.map((q) => q.stance ?? null),
      ],
    );
  } catch (err) {
    throw retryIfNamesChanged(err);
  }
}

/**
 * The stored names this annotation's resolution can touch. A dry run on a copy of the index reports the
 * keys it read that were not loaded; they are loaded and the dry run repeated until it reads nothing new
 * (once or twice: a name's longer forms share its words).
 */
async function namesFor(c: PoolClient, ann: Annotation): Promise<{ names: LoadedNames; plan: EntityPlan | null }> {
  const names = new LoadedNames();
  const first = new Set<string>();
  // What longerForm reads for each name, and what shortFormsOf reads should the name be new, so the first
  // dry run seldom finds a key missing.
  for (const m of ann.entities) {
    const name = m.canonical?.trim() || m.text.trim();
    for (const k of [...lookupKeys(name), ...entityNameKeys(name, m.type), acronymOf(cleanName(name)).toLowerCase()]) first.add(k);
  }
  for (const q of ann.quotes) if (q.speaker) for (const k of lookupKeys(q.speaker)) first.add(k);
  await names.load(c, first, true);
  for (let round = 0; round < 8; round++) {
    const dry = names.copy();
    const plan = planAnnotationEntities({ byKey: dry }, ann, (canonical) => loadedHas(dry, canonical));
    if (!(await names.load(c, dry.missing, true))) return { names, plan };
  }
  return { names, plan: null };
}

/**
 * The plan the writes follow: the dry run's when creating its entities found each one stored or not as the
 * loaded names said. Otherwise another transaction stored (or folded away) one of them meanwhile: planned
 * again with the database's answers, and names that then come up off the plan are created one round at a
 * time until every name the plan uses has the database's answer.
 */
async function settlePlan(c: PoolClient, names: LoadedNames, ann: Annotation, dry: EntityPlan | null, known: EntityIds): Promise<EntityPlan> {
  const key = (canonical: string) => nameKey(noNul(canonical));
  const agrees = (p: EntityPlan) => p.entities.every((e) => known.get(key(e.canonical))?.created === e.created);
  let plan = dry;
  while (!plan || !agrees(plan)) {
    plan = planAnnotationEntities({ byKey: names.copy() }, ann, (canonical) => known.get(key(canonical))?.created === false);
    const off = plan.entities.filter((e) => !known.has(key(e.canonical)));
    if (off.length) for (const [k, v] of await createEntities(c, off)) known.set(k, v);
  }
  return plan;
}

/**
 * Creates (or finds, case-insensitively) entities with their name keys, in two statements however many
 * there are. Keyed by nameKey; `created`: this call inserted it.
 */
async function createEntities(c: PoolClient, list: KnownEntity[]): Promise<Map<string, { id: string; created: boolean }>> {
  const out = new Map<string, { id: string; created: boolean }>();
  // Readers of these keys wait for this transaction, so none plans against a state without these names.
  await lockNameKeys(
    c,
    list.flatMap((e) => entityNameKeys(e.canonical, e.type)),
  );
  const rows = list.map((e, ord) => ({ canonical: noNul(e.canonical), type: e.type, keys: entityNameKeys(e.canonical, e.type).map(toDbKey), ord }));
  // The second half reads the names that existed before this statement (it cannot see the rows the first
  // half inserts, so nothing comes twice); a name a concurrent transaction committed meanwhile is found by
  // the follow-up query below.
  const got = await all<{ id: string; canonical: string; created: boolean }>(
    c,
    `WITH w AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(canonical text, type text, keys jsonb, ord int)),
     ins AS (
       INSERT INTO entities (canonical, type) SELECT w.canonical, w.type FROM w ORDER BY w.ord
       ON CONFLICT ((lower(canonical))) DO NOTHING RETURNING id, canonical
     ),
     k AS (
       INSERT INTO entity_keys (key, entity_id)
       SELECT DISTINCT jsonb_array_elements_text(w.keys), ins.id FROM ins JOIN w ON w.canonical = ins.canonical
     )
     SELECT id, canonical, true AS created FROM ins
     UNION ALL
     SELECT e.id, e.canonical, false FROM entities e WHERE lower(e.canonical) IN (SELECT lower(w.canonical COLLATE "C") FROM w)`,
    [JSON.stringify(rows)],
  );
  for (const r of got) out.set(nameKey(r.canonical), { id: r.id, created: r.created });
  const rest = rows.map((r) => r.canonical).filter((n) => !out.has(nameKey(n)));
  if (rest.length) {
    const found = await all<{ id: string; canonical: string }>(
      c,
      'SELECT id, canonical FROM entities WHERE lower(canonical) = ANY (SELECT lower(x COLLATE "C") FROM unnest($1::text[]) AS x)',
      [rest],
    );
    for (const r of found) out.set(nameKey(r.canonical), { id: r.id, created: false });
  }
  return out;
}

/** Moves everything of the entity named `short` onto entity `into` (named `intoName`) and drops it. */
async function foldEntity(c: PoolClient, short: string, into: string, intoName: string): Promise<void> {
  const old = await one<{ id: string }>(c, 'SELECT id FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C") FOR UPDATE', [noNul(short)]);
  if (!old || old.id === into) return;
  await exec(
    c,
    `INSERT INTO entity_aliases (entity_id, alias)
     SELECT $1::bigint, alias FROM entity_aliases WHERE entity_id = $2 UNION SELECT $1::bigint, $3::text
     ON CONFLICT DO NOTHING`,
    [into, old.id, noNul(short)],
  );
  await exec(
    c,
    'INSERT INTO entity_roles (entity_id, article_id, role) SELECT $1::bigint, article_id, role FROM entity_roles WHERE entity_id = $2 ON CONFLICT DO NOTHING',
    [into, old.id],
  );
  await exec(c, 'UPDATE mentions SET entity_id = $1 WHERE entity_id = $2', [into, old.id]);
  await exec(c, 'UPDATE quotes SET speaker = $1 WHERE lower(speaker) = lower($2::text COLLATE "C")', [noNul(intoName), noNul(short)]);
  await exec(c, 'DELETE FROM entities WHERE id = $1', [old.id]);
}

/**
 * The entity a name denotes: its canonical, else the one entity carrying it as an alias, else the one
 * longer canonical it is a short form of ("Putin" → "Vladimir Putin", "NATO" → the full name).
 */
async function findEntity(db: Queryable, name: string): Promise<{ id: string; canonical: string; type: EntityType } | null> {
  const n = noNul(name.trim());
  const exact = await one<{ id: string; canonical: string; type: EntityType }>(
    db,
    'SELECT id, canonical, type FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C")',
    [n],
  );
  if (exact) return exact;
  const byAlias = await all<{ id: string; canonical: string; type: EntityType }>(
    db,
    'SELECT DISTINCT e.id, e.canonical, e.type FROM entity_aliases al JOIN entities e ON e.id = al.entity_id WHERE lower(al.alias) = lower($1::text COLLATE "C")',
    [n],
  );
  if (byAlias.length === 1) return byAlias[0];
  if (byAlias.length > 1) return null;
  const names = new LoadedNames();
  const ask = () => new Set((['PERSON', 'ORG', 'PLACE'] as EntityType[]).map((t) => longerForm({ byKey: names }, n, t)).filter((x): x is string => x !== null));
  let found = new Set<string>();
  let keys = lookupKeys(n);
  // Load what longerForm reads until it reads nothing new (chains follow the longer names' words).
  for (let round = 0; round < 8 && (await names.load(db, keys)); round++) {
    names.missing = new Set();
    found = ask();
    keys = [...names.missing];
  }
  if (found.size !== 1) return null;
  return (
    (await one<{ id: string; canonical: string; type: EntityType }>(
      db,
      'SELECT id, canonical, type FROM entities WHERE lower(canonical) = lower($1::text COLLATE "C")',
      [[...found][0]],
    )) ?? null
  );
}

export class PgEntities implements EntityRepository {
  constructor(private readonly c: PgConnection) {}

  async saveAnnotation(articleId: string, ann: Annotation): Promise<void> {
    await this.c.tx((c) => this.c.forArticle(articleId, () => writeAnnotation(c, articleId, ann, null, false)));
  }

  async getAnnotation(articleId: string): Promise<Annotation | null> {
    return this.c.read(async (db) => {
      const r = await one<{ packed: Buffer; text: string }>(
        db,
        'SELECT n.packed, a.text FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.article_id = $1',
        [articleId],
      );
      return r ? decodeAnnotation(r.packed, r.text) : null;
    });
  }

  async getEntity(canonical: string): Promise<EntityRecord | null> {
    return this.c.read(async (db) => {
      const e = await findEntity(db, canonical);
      if (!e) return null;
      const aliases = (await all<{ alias: string }>(db, 'SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY alias', [e.id])).map((r) => r.alias);
      const roles = (
        await all<{ role: string; article_id: string }>(
          db,
          `SELECT r.role, r.article_id FROM entity_roles r JOIN articles a ON a.id = r.article_id
           WHERE r.entity_id = $1 ORDER BY COALESCE(a.published, a.fetched) DESC, r.role`,
          [e.id],
        )
      ).map((r) => ({ role: r.role, articleId: r.article_id }));
      const storyIds = (
        await all<{ id: string }>(
          db,
          `SELECT sa.story_id AS id, MAX(COALESCE(a.published, a.fetched)) AS last FROM mentions m
           JOIN story_articles sa ON sa.article_id = m.article_id JOIN articles a ON a.id = m.article_id
           WHERE m.entity_id = $1 GROUP BY sa.story_id ORDER BY last DESC`,
          [e.id],
        )
      ).map((r) => r.id);
      const mentions = Number((await one<{ n: string }>(db, 'SELECT COUNT(*) AS n FROM mentions WHERE entity_id = $1', [e.id]))!.n);
      return { canonical: e.canonical, type: e.type, aliases, roles, storyIds, mentions };
    });
  }

  async quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]> {
    return this.c.read(async (db) => {
      const speaker = (await findEntity(db, canonical))?.canonical ?? noNul(canonical.trim());
      const rows = await all<QuoteRow>(
        db,
        `SELECT q.article_id, q.start, q."end", q.text, q.speaker, q.speaker_start, q.speaker_end, q.cue, q.kind, q.stance
         FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE lower(q.speaker) = lower($1::text COLLATE "C") ORDER BY COALESCE(a.published, a.fetched) DESC, q.article_id, q.start LIMIT $2`,
        [speaker, Math.max(0, Math.floor(limit))],
      );
      return rows.map(toQuote);
    });
  }
}
