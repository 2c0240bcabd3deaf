// Numbered schema migrations, applied in order and recorded in schema_migrations. A migration is never
// edited once shipped: a schema change is a new entry at the end.
import { watchlistSchema } from '../repositories/watchlists.ts';
import type { Database } from 'better-sqlite3';
import { bandKey } from './band-key.ts';
import { backfillStoryStats } from './story-stats.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in its transaction: a backfill whose values SQL cannot compute as the code does. */
  fill?: (db: Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('feed', 'page', 'file', 'corpus')),
  etag TEXT,
  last_modified TEXT,
  last_success TEXT,
  last_error TEXT,
  last_error_code TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_check TEXT,
  interval_seconds INTEGER,
  created_at TEXT NOT NULL
);

-- rowid is explicit so FTS5 can use the table as external content.
CREATE TABLE articles (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT,
  canonical_url TEXT,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  published TEXT,
  fetched TEXT NOT NULL,
  lang TEXT,
  byline TEXT,
  source_id TEXT REFERENCES sources(id) ON DELETE SET NULL,
  source_name TEXT
);
CREATE INDEX articles_canonical_url ON articles(canonical_url);
CREATE INDEX articles_source ON articles(source_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content = 'articles', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- Copy groups: every article points at the canonical article of its group (itself when it started one).
CREATE TABLE copies (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  canonical_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text_key TEXT NOT NULL,
  signature BLOB NOT NULL
);
CREATE INDEX copies_text_key ON copies(text_key);
CREATE INDEX copies_canonical ON copies(canonical_id);

CREATE TABLE copy_bands (
  band TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
CREATE INDEX copy_bands_article ON copy_bands(article_id);

-- json holds the compact, deflated form (annotation-codec.ts); plain JSON text is also accepted.
CREATE TABLE annotations (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  json BLOB NOT NULL
);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  canonical TEXT NOT NULL UNIQUE COLLATE NOCASE,
  type TEXT NOT NULL
);
CREATE TABLE entity_aliases (
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE TABLE entity_roles (
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (entity_id, article_id, role)
) WITHOUT ROWID;
CREATE INDEX entity_roles_article ON entity_roles(article_id);
CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  role TEXT
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  speaker TEXT COLLATE NOCASE,
  speaker_start INTEGER,
  speaker_end INTEGER,
  cue TEXT NOT NULL,
  kind TEXT NOT NULL,
  stance TEXT
);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE stories (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  merged_into TEXT REFERENCES stories(id)
);
CREATE INDEX stories_merged_into ON stories(merged_into);

-- An article belongs to exactly one story at a time; a merge moves its rows.
CREATE TABLE story_articles (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  story_id TEXT NOT NULL REFERENCES stories(id)
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Every version of a brief is kept (json deflated); the headline is copied out so listings need no decoding.
CREATE TABLE briefs (
  story_id TEXT NOT NULL REFERENCES stories(id),
  version INTEGER NOT NULL,
  headline TEXT NOT NULL,
  json BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (story_id, version)
);

-- Search covers the latest brief of each live story only.
CREATE VIRTUAL TABLE briefs_fts USING fts5(story_id UNINDEXED, headline, text, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE cluster_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state BLOB NOT NULL,
  saved_at TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'partial articles, source folder and private-address permission',
    // Columns are added with defaults so rows written by version 1 stay valid as they are.
    sql: `
ALTER TABLE articles ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN partial_reason TEXT;
ALTER TABLE sources ADD COLUMN folder TEXT;
ALTER TABLE sources ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    version: 3,
    name: 'story id to brief search row',
    // briefs_fts cannot index its story_id column, so replacing a story's search row scanned the whole
    // table on every brief save and merge. This table finds the row by story. A story should have one
    // search row; should an older database hold more, the newest (highest rowid) is kept, the rest dropped.
    sql: `
CREATE TABLE briefs_fts_rows (
  story_id TEXT PRIMARY KEY,
  fts_rowid INTEGER NOT NULL UNIQUE
);
DELETE FROM briefs_fts WHERE rowid NOT IN (SELECT MAX(rowid) FROM briefs_fts GROUP BY story_id);
INSERT INTO briefs_fts_rows (story_id, fts_rowid) SELECT story_id, rowid FROM briefs_fts;
`,
  },
  {
    version: 4,
    name: 'integer band keys',
    // Bands as integers (band-key.ts) and the article as its rowid: the band table and its article index
    // were, after the article text, the largest part of a database, and the lookup slowed as they outgrew
    // the page cache. storyline_band_key is registered by applyMigrations.
    sql: `
CREATE TABLE copy_bands_int (
  band INTEGER NOT NULL,
  article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  PRIMARY KEY (band, article)
) WITHOUT ROWID;
INSERT OR IGNORE INTO copy_bands_int (band, article)
  SELECT storyline_band_key(b.band), a.rowid FROM copy_bands b JOIN articles a ON a.id = b.article_id;
DROP TABLE copy_bands;
ALTER TABLE copy_bands_int RENAME TO copy_bands;
CREATE INDEX copy_bands_article ON copy_bands(article);
`,
  },
  {
    version: 5,
    name: 'reader accounts: API tokens, per-account read and starred state, story items',
    // Tokens keep only their SHA-256; a state row exists only once an account marked an item, so the
    // default (unread, or read for a later copy) costs nothing to store. item is an article's rowid or a
    // story item (READER_STORY_ITEM_BASE + n).
    sql: `
CREATE TABLE api_tokens (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_name ON api_tokens(name);
CREATE TABLE reader_state (
  user_name TEXT NOT NULL,
  item INTEGER NOT NULL,
  read INTEGER,
  starred INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_name, item)
) WITHOUT ROWID;
CREATE TABLE reader_story_items (
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  story_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (story_id, version)
);
`,
  },
  {
    version: 6,
    name: 'watchlists, their matches, the match scan position and webhook deliveries',
    // Written once for both databases (watchlists.ts); never edited once shipped, like every migration.
    sql: watchlistSchema('TEXT'),
  },
  {
    version: 7,
    name: 'per-story figures for ranking (story_stats, story_outlets) and articles per day (article_days)',
    // Ranking summed every article row on each uncached listing (../story-stats.ts). The outlets and days
    // are counted here; the figures per story are filled by backfillStoryStats (dates parsed as the code
    // parses them). ~10 s on the bench's 100k-article world.
    sql: `
CREATE TABLE story_stats (
  story_id TEXT PRIMARY KEY REFERENCES stories(id),
  articles INTEGER NOT NULL,
  sources INTEGER NOT NULL,
  updated TEXT,
  updated_ms REAL,
  first TEXT,
  latest_seq INTEGER NOT NULL,
  latest_title TEXT,
  brief_headline TEXT,
  size_score REAL NOT NULL
);
CREATE INDEX story_stats_updated ON story_stats(updated_ms);
CREATE INDEX story_stats_size ON story_stats(size_score);
CREATE TABLE story_outlets (
  story_id TEXT NOT NULL REFERENCES stories(id),
  outlet TEXT NOT NULL,
  articles INTEGER NOT NULL,
  PRIMARY KEY (story_id, outlet)
) WITHOUT ROWID;
INSERT INTO story_outlets (story_id, outlet, articles)
  SELECT sa.story_id, COALESCE(a.source_name, a.source_id), COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
  WHERE COALESCE(a.source_name, a.source_id) IS NOT NULL GROUP BY 1, 2;
CREATE TABLE article_days (
  day TEXT PRIMARY KEY,
  articles INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO article_days (day, articles)
  SELECT substr(COALESCE(published, fetched), 1, 10), COUNT(*) FROM articles
  WHERE COALESCE(published, fetched) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' GROUP BY 1;
`,
    fill: backfillStoryStats,
  },
];

/** Applies every migration not yet recorded, each in its own transaction. Returns the versions applied. */
export function applyMigrations(db: Database, migrations: Migration[] = MIGRATIONS): number[] {
  db.function('storyline_band_key', { deterministic: true }, (band: unknown) => bandKey(String(band)));
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    // Checked again under the write lock: another process starting on the same new database may have
    // applied it since the read above.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      m.fill?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}
