// SQLite entities repository: annotations, and entity resolution across articles applied in the
// annotation's transaction (planned by entity-plan.ts against a name index kept in memory).
import { StorylineError } from '../../errors.ts';
import type { Annotation, EntityType, Quote } from '../../types.ts';
import type { EntityRecord, EntityRepository } from '../repositories/entities.ts';
import { decodeAnnotation, encodeAnnotation } from '../annotation-codec.ts';
import { longerForm, nameIndex, type KnownEntity, type NameIndex } from '../../nlp/resolve.ts';
import { planAnnotationEntities } from '../entity-plan.ts';
import { toQuote, type QuoteRow } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteEntities implements EntityRepository {
  /**
   * Index of stored entity names for cross-article resolution, kept in memory and updated by this
   * connection's own writes (reading every entity on each save made ingest slower as the store grew).
   * Rebuilt when another connection changed the database (PRAGMA data_version) or a write rolled back.
   */
  private names: { index: NameIndex; dataVersion: number } | null = null;

  constructor(private readonly c: SqliteConnection) {
    c.onRollback(() => {
      this.names = null;
    });
  }

  /** Stores the annotation of a stored article inside the caller's transaction, resolving its names. */
  writeAnnotation(articleId: string, ann: Annotation): void {
    const c = this.c;
    const art = c.q('SELECT text FROM articles WHERE id = ?').get(articleId) as { text: string } | undefined;
    if (!art) throw new StorylineError('store', 'unknown_article', 'no such article', { input: articleId });
    c.q('INSERT OR REPLACE INTO annotations (article_id, json) VALUES (?, ?)').run(articleId, encodeAnnotation(ann, art.text));
    c.q('DELETE FROM mentions WHERE article_id = ?').run(articleId);
    c.q('DELETE FROM quotes WHERE article_id = ?').run(articleId);
    c.q('DELETE FROM entity_roles WHERE article_id = ?').run(articleId);
    // Across articles: "Putin" here joins the "Vladimir Putin" stored from another article (and a full name
    // arriving now collects the short entities stored before it), when exactly one longer name fits.
    const getEntity = c.q('SELECT id FROM entities WHERE canonical = ?');
    const ids = new Map<string, number>();
    const plan = planAnnotationEntities(this.nameIndex(), ann, (canonical) => {
      const row = getEntity.get(canonical) as { id: number } | undefined;
      if (row) ids.set(canonical, row.id);
      return row !== undefined;
    });
    // Entities, then folds, then rows: the rows go straight to the entity they end on (the plan followed the
    // folds), while each fold still moves what earlier articles stored under the short name.
    const insEntity = c.q('INSERT INTO entities (canonical, type) VALUES (?, ?)');
    for (const e of plan.entities) if (e.created) ids.set(e.canonical, Number(insEntity.run(e.canonical, e.type).lastInsertRowid));
    for (const f of plan.folds) this.foldEntity(f.short, ids.get(f.into)!, f.into);
    const insAlias = c.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)');
    for (const a of plan.aliases) insAlias.run(ids.get(a.canonical), a.alias);
    const insRole = c.q('INSERT OR IGNORE INTO entity_roles (entity_id, article_id, role) VALUES (?, ?, ?)');
    for (const r of plan.roles) insRole.run(ids.get(r.canonical), articleId, r.role);
    const insMention = c.q('INSERT INTO mentions (article_id, entity_id, start, "end", text, role) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of plan.mentions) insMention.run(articleId, ids.get(m.canonical), m.start, m.end, m.text, m.role);
    const insQuote = c.q(
      `INSERT INTO quotes (article_id, start, "end", text, speaker, speaker_start, speaker_end, cue, kind, stance)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    ann.quotes.forEach((q, i) => {
      insQuote.run(articleId, q.start, q.end, q.text, plan.speakers[i], q.speakerStart, q.speakerEnd, q.cue, q.kind, q.stance ?? null);
    });
  }

  /** Moves everything of the entity named `short` onto entity `into` (named `intoName`) and drops it. */
  private foldEntity(short: string, into: number, intoName: string): void {
    const c = this.c;
    const old = c.q('SELECT id FROM entities WHERE canonical = ?').get(short) as { id: number } | undefined;
    if (!old || old.id === into) return;
    c.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) SELECT ?, alias FROM entity_aliases WHERE entity_id = ?').run(into, old.id);
    c.q('INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)').run(into, short);
    c.q('INSERT OR IGNORE INTO entity_roles (entity_id, article_id, role) SELECT ?, article_id, role FROM entity_roles WHERE entity_id = ?').run(into, old.id);
    c.q('UPDATE mentions SET entity_id = ? WHERE entity_id = ?').run(into, old.id);
    c.q('UPDATE quotes SET speaker = ? WHERE speaker = ? COLLATE NOCASE').run(intoName, short);
    c.q('DELETE FROM entities WHERE id = ?').run(old.id);
  }

  async saveAnnotation(articleId: string, ann: Annotation): Promise<void> {
    await this.c.forArticle(articleId, () => this.c.write(() => this.writeAnnotation(articleId, ann)));
  }

  private nameIndex(): NameIndex {
    const version = (this.c.q('PRAGMA data_version').get() as { data_version: number }).data_version;
    if (!this.names || this.names.dataVersion !== version) {
      this.names = { index: nameIndex(this.c.q('SELECT canonical, type FROM entities').all() as KnownEntity[]), dataVersion: version };
    }
    return this.names.index;
  }

  async getAnnotation(articleId: string): Promise<Annotation | null> {
    const r = this.c
      .q('SELECT n.json AS json, a.text AS text FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.article_id = ?')
      .get(articleId) as { json: Buffer | string; text: string } | undefined;
    return r ? decodeAnnotation(r.json, r.text) : null;
  }

  /**
   * The entity a name denotes: its canonical, else the one entity carrying it as an alias, else the one
   * longer canonical it is a short form of ("Putin" → "Vladimir Putin", "NATO" → the full name).
   */
  private findEntity(name: string): { id: number; canonical: string; type: EntityType } | null {
    const c = this.c;
    const n = name.trim();
    const exact = c.q('SELECT id, canonical, type FROM entities WHERE canonical = ?').get(n) as { id: number; canonical: string; type: EntityType } | undefined;
    if (exact) return exact;
    const byAlias = c
      .q('SELECT DISTINCT e.id, e.canonical, e.type FROM entity_aliases al JOIN entities e ON e.id = al.entity_id WHERE al.alias = ? COLLATE NOCASE')
      .all(n) as {
      id: number;
      canonical: string;
      type: EntityType;
    }[];
    if (byAlias.length === 1) return byAlias[0];
    if (byAlias.length > 1) return null;
    const index = this.nameIndex();
    const found = new Set((['PERSON', 'ORG', 'PLACE'] as EntityType[]).map((t) => longerForm(index, n, t)).filter((x): x is string => x !== null));
    if (found.size !== 1) return null;
    return (
      (c.q('SELECT id, canonical, type FROM entities WHERE canonical = ?').get([...found][0]) as
        { id: number; canonical: string; type: EntityType } | undefined) ?? null
    );
  }

  async getEntity(canonical: string): Promise<EntityRecord | null> {
    const c = this.c;
    const e = this.findEntity(canonical);
    if (!e) return null;
    const aliases = (c.q('SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias').all(e.id) as { alias: string }[]).map((r) => r.alias);
    const roles = (
      c
        .q(
          `SELECT r.role, r.article_id FROM entity_roles r JOIN articles a ON a.id = r.article_id
         WHERE r.entity_id = ? ORDER BY COALESCE(a.published, a.fetched) DESC, r.role`,
        )
        .all(e.id) as { role: string; article_id: string }[]
    ).map((r) => ({ role: r.role, articleId: r.article_id }));
    const storyIds = (
      c
        .q(
          `SELECT sa.story_id AS id, MAX(COALESCE(a.published, a.fetched)) AS last FROM mentions m
         JOIN story_articles sa ON sa.article_id = m.article_id JOIN articles a ON a.id = m.article_id
         WHERE m.entity_id = ? GROUP BY sa.story_id ORDER BY last DESC`,
        )
        .all(e.id) as { id: string }[]
    ).map((r) => r.id);
    const mentions = (c.q('SELECT COUNT(*) AS n FROM mentions WHERE entity_id = ?').get(e.id) as { n: number }).n;
    return { canonical: e.canonical, type: e.type, aliases, roles, storyIds, mentions };
  }

  async quotesBy(canonical: string, limit: number): Promise<(Quote & { articleId: string })[]> {
    const speaker = this.findEntity(canonical)?.canonical ?? canonical.trim();
    const rows = this.c
      .q(
        `SELECT q.*, a.published AS published FROM quotes q JOIN articles a ON a.id = q.article_id
       WHERE q.speaker = ? ORDER BY COALESCE(a.published, a.fetched) DESC, q.article_id, q.start LIMIT ?`,
      )
      .all(speaker, Math.max(0, Math.floor(limit))) as QuoteRow[];
    return rows.map(toQuote);
  }
}
