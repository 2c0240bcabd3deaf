// PostgreSQL reader repository: API tokens and the Google Reader API's state, on the queries reader-sql.ts
// writes once for both adapters (an article's item is its articles.seq).
import type { Article } from '../../types.ts';
import {
  READER_STORY_ITEM_BASE,
  type ReaderFilter,
  type ReaderItem,
  type ReaderRepository,
  type ReaderState,
  type ReaderStoryItem,
  type TokenRecord,
  type TokenRepository,
} from '../repositories/reader.ts';
import {
  SET_STATE_SQL,
  markReaderReadSql,
  numbered,
  readerArticlesSql,
  readerItemsSql,
  readerUnreadCountsSql,
  setStateParams,
  toReaderItem,
  type ReaderItemRow,
} from '../reader-sql.ts';
import { toArticle, type ArticleRow } from '../rows.ts';
import { all, exec, one, type PgConnection } from './connection.ts';
import { ARTICLE_COLUMNS_A } from './articles.ts';

export class PgTokens implements TokenRepository {
  constructor(private readonly c: PgConnection) {}

  async addToken(t: TokenRecord): Promise<void> {
    await this.c.read((db) => exec(db, 'INSERT INTO api_tokens (hash, name, created_at) VALUES ($1, $2, $3)', [t.hash, t.name, t.createdAt]));
  }

  async tokenByHash(hash: string): Promise<TokenRecord | null> {
    const r = await this.c.read((db) =>
      one<{ hash: string; name: string; created_at: string }>(db, 'SELECT hash, name, created_at FROM api_tokens WHERE hash = $1', [hash]),
    );
    return r ? { hash: r.hash, name: r.name, createdAt: r.created_at } : null;
  }

  async tokensNamed(name: string): Promise<TokenRecord[]> {
    const rows = await this.c.read((db) =>
      all<{ hash: string; name: string; created_at: string }>(db, 'SELECT hash, name, created_at FROM api_tokens WHERE name = $1 ORDER BY created_at, hash', [
        name,
      ]),
    );
    return rows.map((r) => ({ hash: r.hash, name: r.name, createdAt: r.created_at }));
  }
}

export class PgReader implements ReaderRepository {
  constructor(private readonly c: PgConnection) {}

  async readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]> {
    const { text, params } = readerItemsSql('seq', f);
    return (await this.c.read((db) => all<ReaderItemRow>(db, numbered(text), params))).map(toReaderItem);
  }

  async readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]> {
    if (!items.length) return [];
    const { text, params } = readerArticlesSql('seq', ARTICLE_COLUMNS_A, user, items);
    const rows = await this.c.read((db) => all<ReaderItemRow & ArticleRow>(db, numbered(text), params));
    return rows.map((r) => ({ ...toReaderItem(r), article: toArticle(r) }));
  }

  async readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]> {
    const { text, params } = readerUnreadCountsSql('seq', user);
    const rows = await this.c.read((db) => all<{ source_id: string; n: string; newest: string }>(db, numbered(text), params));
    return rows.map((r) => ({ sourceId: r.source_id, count: Number(r.n), newest: r.newest }));
  }

  async setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void> {
    const now = new Date().toISOString();
    await this.c.tx(async (c) => {
      for (const item of items) await exec(c, numbered(SET_STATE_SQL), setStateParams(user, item, patch, now));
    });
  }

  async markReaderRead(f: ReaderFilter): Promise<number> {
    const { text, params } = markReaderReadSql('seq', f, new Date().toISOString());
    return this.c.read((db) => exec(db, numbered(text), params));
  }

  async readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]> {
    if (!refs.length) return [];
    const now = new Date().toISOString();
    return this.c.tx(async (c) => {
      const out: ReaderStoryItem[] = [];
      for (const r of refs) {
        await exec(c, 'INSERT INTO reader_story_items (story_id, version, created_at) VALUES ($1, $2, $3) ON CONFLICT (story_id, version) DO NOTHING', [
          r.storyId,
          r.version,
          now,
        ]);
        const row = await one<{ n: string }>(c, 'SELECT n FROM reader_story_items WHERE story_id = $1 AND version = $2', [r.storyId, r.version]);
        out.push({ item: READER_STORY_ITEM_BASE + Number(row!.n), storyId: r.storyId, version: r.version });
      }
      return out;
    });
  }

  async readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]> {
    const ns = items.filter((i) => i > READER_STORY_ITEM_BASE).map((i) => i - READER_STORY_ITEM_BASE);
    if (!ns.length) return [];
    const rows = await this.c.read((db) =>
      all<{ n: string; story_id: string; version: number }>(db, 'SELECT n, story_id, version FROM reader_story_items WHERE n = ANY($1::bigint[])', [ns]),
    );
    return rows.map((r) => ({ item: READER_STORY_ITEM_BASE + Number(r.n), storyId: r.story_id, version: r.version }));
  }

  async readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]> {
    if (items !== 'starredStories' && !items.length) return [];
    const rows = await this.c.read((db) =>
      items === 'starredStories'
        ? all<{ item: string; read: number | null; starred: number }>(
            db,
            'SELECT item, read, starred FROM reader_state WHERE user_name = $1 AND item > $2 AND starred = 1 ORDER BY item DESC',
            [user, READER_STORY_ITEM_BASE],
          )
        : all<{ item: string; read: number | null; starred: number }>(
            db,
            'SELECT item, read, starred FROM reader_state WHERE user_name = $1 AND item = ANY($2::bigint[])',
            [user, items],
          ),
    );
    return rows.map((r) => ({ item: Number(r.item), read: r.read === null ? null : r.read === 1, starred: r.starred === 1 }));
  }
}
