// PostgreSQL copies repository: copy groups point at their root, in copies.seq order.
import type { PoolClient } from 'pg';
import type { CopyInfo, CopyRepository } from '../repositories/copies.ts';
import { bytesToSignature, signatureToBytes } from '../rows.ts';
import { all, exec, noNul, one, type PgConnection } from './connection.ts';

/** `fresh`: the article row was inserted in this transaction, so it has no copy rows to replace. */
export async function writeCopy(c: PoolClient, articleId: string, textKey: string, info: CopyInfo, fresh: boolean): Promise<void> {
  // A canonical that is itself a copy would make chains; point at the root instead. Re-recording moves the
  // row to the end of its group (seq = DEFAULT), as SQLite's INSERT OR REPLACE gives it a new rowid.
  if (!fresh) await exec(c, 'DELETE FROM copy_bands WHERE article_id = $1', [articleId]);
  await exec(
    c,
    `WITH copy AS (
       INSERT INTO copies (article_id, canonical_id, text_key, signature)
       VALUES ($1, COALESCE((SELECT canonical_id FROM copies WHERE article_id = $2), $2), $3, $4)
       ON CONFLICT (article_id) DO UPDATE SET canonical_id = excluded.canonical_id, text_key = excluded.text_key,
         signature = excluded.signature, seq = DEFAULT
     )
     INSERT INTO copy_bands (band, article_id) SELECT DISTINCT unnest($5::text[]), $1 ON CONFLICT DO NOTHING`,
    [articleId, info.canonicalId, noNul(textKey), signatureToBytes(info.signature), info.bands.map((b) => noNul(b))],
  );
}

export class PgCopies implements CopyRepository {
  constructor(private readonly c: PgConnection) {}

  async findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> {
    if (bands.length === 0) return [];
    return this.c.read(async (db) => {
      const rows = await all<{ article_id: string; signature: Buffer }>(
        db,
        `SELECT c.article_id, c.signature FROM copies c
         WHERE c.article_id IN (SELECT b.article_id FROM copy_bands b WHERE b.band = ANY($1::text[])) ORDER BY c.seq`,
        [[...new Set(bands)]],
      );
      return rows.map((r) => ({ articleId: r.article_id, signature: bytesToSignature(r.signature) }));
    });
  }

  async findExactCopy(textKey: string): Promise<string | null> {
    return this.c.read(async (db) => {
      const r = await one<{ canonical_id: string }>(db, 'SELECT canonical_id FROM copies WHERE text_key = $1 ORDER BY seq LIMIT 1', [textKey]);
      return r?.canonical_id ?? null;
    });
  }

  async recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void> {
    await this.c.tx((c) => this.c.forArticle(articleId, () => writeCopy(c, articleId, textKey, info, false)));
  }

  async copiesOf(articleId: string): Promise<string[]> {
    return this.c.read(async (db) => {
      const r = await one<{ canonical_id: string }>(db, 'SELECT canonical_id FROM copies WHERE article_id = $1', [articleId]);
      if (!r) return (await one(db, 'SELECT 1 FROM articles WHERE id = $1', [articleId])) ? [articleId] : [];
      const others = await all<{ article_id: string }>(db, 'SELECT article_id FROM copies WHERE canonical_id = $1 AND article_id <> $1 ORDER BY seq', [
        r.canonical_id,
      ]);
      return [r.canonical_id, ...others.map((o) => o.article_id)];
    });
  }
}
