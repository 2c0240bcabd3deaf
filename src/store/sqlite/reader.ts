// SQLite reader repository: API tokens and the Google Reader API's state, on the queries reader-sql.ts
// writes once for both adapters (an article's item is its rowid).
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
  readerArticlesSql,
  readerItemsSql,
  readerUnreadCountsSql,
  setStateParams,
  toReaderItem,
  type ReaderItemRow,
} from '../reader-sql.ts';
import { toArticle, type ArticleRow } from '../rows.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteTokens implements TokenRepository {
  constructor(private readonly c: SqliteConnection) {}

  async addToken(t: TokenRecord): Promise<void> {
    await this.c.write(() => this.c.q('INSERT INTO api_tokens (hash, name, created_at) VALUES (?, ?, ?)').run(t.hash, t.name, t.createdAt));
  }

  async tokenByHash(hash: string): Promise<TokenRecord | null> {
    const r = this.c.q('SELECT hash, name, created_at FROM api_tokens WHERE hash = ?').get(hash) as
      { hash: string; name: string; created_at: string } | undefined;
    return r ? { hash: r.hash, name: r.name, createdAt: r.created_at } : null;
  }

  async tokensNamed(name: string): Promise<TokenRecord[]> {
    const rows = this.c.q('SELECT hash, name, created_at FROM api_tokens WHERE name = ? ORDER BY created_at, hash').all(name) as {
      hash: string;
      name: string;
      created_at: string;
    }[];
    return rows.map((r) => ({ hash: r.hash, name: r.name, createdAt: r.created_at }));
  }
}

export class SqliteReader implements ReaderRepository {
  constructor(private readonly c: SqliteConnection) {}

  async readerItems(f: ReaderFilter & { order: 'newest' | 'oldest'; after?: number; limit: number }): Promise<ReaderItem[]> {
    const { text, params } = readerItemsSql('rowid', f);
    return (this.c.q(text).all(...params) as ReaderItemRow[]).map(toReaderItem);
  }

  async readerArticles(user: string, items: number[]): Promise<(ReaderItem & { article: Article })[]> {
    if (!items.length) return [];
    const { text, params } = readerArticlesSql('rowid', 'a.*', user, items);
    return (this.c.q(text).all(...params) as (ReaderItemRow & ArticleRow)[]).map((r) => ({ ...toReaderItem(r), article: toArticle(r) }));
  }

  async readerUnreadCounts(user: string): Promise<{ sourceId: string; count: number; newest: string }[]> {
    const { text, params } = readerUnreadCountsSql('rowid', user);
    return (this.c.q(text).all(...params) as { source_id: string; n: number; newest: string }[]).map((r) => ({
      sourceId: r.source_id,
      count: r.n,
      newest: r.newest,
    }));
  }

  async setReaderState(user: string, items: number[], patch: { read?: boolean; starred?: boolean }): Promise<void> {
    const now = new Date().toISOString();
    await this.c.write(() => {
      for (const item of items) this.c.q(SET_STATE_SQL).run(...setStateParams(user, item, patch, now));
    });
  }

  async markReaderRead(f: ReaderFilter): Promise<number> {
    const { text, params } = markReaderReadSql('rowid', f, new Date().toISOString());
    return this.c.write(() => this.c.q(text).run(...params).changes);
  }

  async readerStoryItems(refs: { storyId: string; version: number }[]): Promise<ReaderStoryItem[]> {
    if (!refs.length) return [];
    const now = new Date().toISOString();
    return this.c.write(() =>
      refs.map((r) => {
        this.c
          .q('INSERT INTO reader_story_items (story_id, version, created_at) VALUES (?, ?, ?) ON CONFLICT (story_id, version) DO NOTHING')
          .run(r.storyId, r.version, now);
        const n = (this.c.q('SELECT n FROM reader_story_items WHERE story_id = ? AND version = ?').get(r.storyId, r.version) as { n: number }).n;
        return { item: READER_STORY_ITEM_BASE + n, storyId: r.storyId, version: r.version };
      }),
    );
  }

  async readerStoryRefs(items: number[]): Promise<ReaderStoryItem[]> {
    const ns = items.filter((i) => i > READER_STORY_ITEM_BASE).map((i) => i - READER_STORY_ITEM_BASE);
    if (!ns.length) return [];
    const rows = this.c.q(`SELECT n, story_id, version FROM reader_story_items WHERE n IN (${ns.map(() => '?').join(', ')})`).all(...ns) as {
      n: number;
      story_id: string;
      version: number;
    }[];
    return rows.map((r) => ({ item: READER_STORY_ITEM_BASE + r.n, storyId: r.story_id, version: r.version }));
  }

  async readerStates(user: string, items: number[] | 'starredStories'): Promise<ReaderState[]> {
    const rows = (
      items === 'starredStories'
        ? this.c
            .q('SELECT item, read, starred FROM reader_state WHERE user_name = ? AND item > ? AND starred = 1 ORDER BY item DESC')
            .all(user, READER_STORY_ITEM_BASE)
        : items.length
          ? this.c.q(`SELECT item, read, starred FROM reader_state WHERE user_name = ? AND item IN (${items.map(() => '?').join(', ')})`).all(user, ...items)
          : []
    ) as { item: number; read: number | null; starred: number }[];
    return rows.map((r) => ({ item: r.item, read: r.read === null ? null : r.read === 1, starred: r.starred === 1 }));
  }
}
