// SQLite copies repository: copy groups point at their root; bands are stored hashed (band-key.ts).
import type { CopyInfo, CopyRepository } from '../repositories/copies.ts';
import { bytesToSignature, signatureToBytes } from '../rows.ts';
import { bandKey } from './band-key.ts';
import type { SqliteConnection } from './connection.ts';

/** Records the article's copy group and bands inside the caller's transaction. */
export function writeCopy(c: SqliteConnection, articleId: string, textKey: string, info: CopyInfo): void {
  // A canonical that is itself a copy would make chains; point at the root instead.
  const root = c.q('SELECT canonical_id FROM copies WHERE article_id = ?').get(info.canonicalId) as { canonical_id: string } | undefined;
  const canonical = root?.canonical_id ?? info.canonicalId;
  c.q('INSERT OR REPLACE INTO copies (article_id, canonical_id, text_key, signature) VALUES (?, ?, ?, ?)').run(
    articleId,
    canonical,
    textKey,
    signatureToBytes(info.signature),
  );
  // The copies row above already failed on its foreign key when the article is missing.
  const { rowid } = c.q('SELECT rowid FROM articles WHERE id = ?').get(articleId) as { rowid: number };
  c.q('DELETE FROM copy_bands WHERE article = ?').run(rowid);
  const ins = c.q('INSERT OR IGNORE INTO copy_bands (band, article) VALUES (?, ?)');
  for (const band of info.bands) ins.run(bandKey(band), rowid);
}

export class SqliteCopies implements CopyRepository {
  constructor(private readonly c: SqliteConnection) {}

  async findCopyCandidates(bands: string[]): Promise<{ articleId: string; signature: Uint32Array }[]> {
    if (bands.length === 0) return [];
    const seen = new Set<string>();
    const out: { articleId: string; signature: Uint32Array }[] = [];
    const stmt = this.c.q(
      'SELECT a.id AS id, c.signature AS sig FROM copy_bands b JOIN articles a ON a.rowid = b.article JOIN copies c ON c.article_id = a.id WHERE b.band = ?',
    );
    for (const band of new Set(bands)) {
      for (const r of stmt.all(bandKey(band)) as { id: string; sig: Buffer }[]) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        out.push({ articleId: r.id, signature: bytesToSignature(r.sig) });
      }
    }
    return out;
  }

  async findExactCopy(textKey: string): Promise<string | null> {
    const r = this.c.q('SELECT canonical_id FROM copies WHERE text_key = ? LIMIT 1').get(textKey) as { canonical_id: string } | undefined;
    return r?.canonical_id ?? null;
  }

  async recordCopy(articleId: string, textKey: string, info: CopyInfo): Promise<void> {
    await this.c.forArticle(articleId, () => this.c.write(() => writeCopy(this.c, articleId, textKey, info)));
  }

  async copiesOf(articleId: string): Promise<string[]> {
    const r = this.c.q('SELECT canonical_id FROM copies WHERE article_id = ?').get(articleId) as { canonical_id: string } | undefined;
    if (!r) return this.c.q('SELECT 1 FROM articles WHERE id = ?').get(articleId) ? [articleId] : [];
    const others = this.c.q('SELECT article_id FROM copies WHERE canonical_id = ? AND article_id <> ? ORDER BY rowid').all(r.canonical_id, r.canonical_id) as {
      article_id: string;
    }[];
    return [r.canonical_id, ...others.map((o) => o.article_id)];
  }
}
