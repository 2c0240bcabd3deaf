// Numbered PostgreSQL schema migrations, applied in order and recorded in schema_migrations like the SQLite
// ones. PostgreSQL has no installed base yet, so version 1 is the whole of SQLite's versions 1-3 designed
// afresh; from here on a migration is never edited once shipped: a change is a new entry at the end.
//
// Choices that keep the two adapters answering the same:
// - Every text column is COLLATE "C": byte order, like SQLite's BINARY, so ORDER BY on ids, dates and
//   aliases gives the same order whatever locale the database was created with. lower() under "C" folds
//   ASCII only, which is exactly SQLite's NOCASE, so the case-insensitive unique names agree too.
// - Timestamps stay the ISO text the interface returns: a timestamptz column would re-format them
//   ("2024-05-01" would come back as a full timestamp) and published dates are whatever the source wrote.
// - Blobs (MinHash signatures, packed annotations, cluster state) are bytea holding the same bytes SQLite
//   stores, so a database can be moved between adapters row for row.
// - Briefs are jsonb: versions pile up, and TOAST compresses them as well as SQLite's explicit deflate did,
//   while staying queryable.
// - Full-text search is a stored generated tsvector with a GIN index, over text folded by unaccent(), the
//   counterpart of FTS5's unicode61 remove_diacritics tokenizer; the 'simple' configuration does no
//   stemming, as unicode61 does none.
import type { PoolClient } from 'pg';
import { watchlistSchema } from '../repositories/watchlists.ts';
import { backfillStoryStats } from './story-stats.ts';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in its transaction: a backfill whose values SQL cannot compute as the code does. */
  fill?: (c: PoolClient) => Promise<void>;
}

/** Advisory lock key under which commits take their article_order numbers (any constant unlikely to clash). */
export const ORDER_LOCK = 0x5354_4f52_594f_5244n; // "STORYORD"

/** Most characters of an article indexed for search: a tsvector is capped at 1 MiB and an insert past it fails. */
export const SEARCH_TEXT_MAX_CHARS = 200_000;

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- unaccent() is only STABLE (it reads its dictionary by name through search_path); a generated column needs
-- an IMMUTABLE expression, so this wrapper names the dictionary and schema outright.
CREATE FUNCTION storyline_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, t);

CREATE TABLE sources (
  id text COLLATE "C" PRIMARY KEY,
  url text COLLATE "C" NOT NULL UNIQUE,
  title text COLLATE "C",
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('feed', 'page', 'file', 'corpus')),
  etag text COLLATE "C",
  last_modified text COLLATE "C",
  last_success text COLLATE "C",
  last_error text COLLATE "C",
  last_error_code text COLLATE "C",
  consecutive_failures integer NOT NULL DEFAULT 0,
  next_check text COLLATE "C",
  interval_seconds integer,
  created_at text COLLATE "C" NOT NULL,
  folder text COLLATE "C",
  allow_private boolean NOT NULL DEFAULT false
);

-- seq is the insertion order, for tie-breaks; the sequence articlesSince pages through is article_order's.
CREATE TABLE articles (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  url text COLLATE "C",
  canonical_url text COLLATE "C",
  title text COLLATE "C" NOT NULL,
  text text COLLATE "C" NOT NULL,
  published text COLLATE "C",
  fetched text COLLATE "C" NOT NULL,
  lang text COLLATE "C",
  byline text COLLATE "C",
  source_id text COLLATE "C" REFERENCES sources(id) ON DELETE SET NULL,
  source_name text COLLATE "C",
  partial boolean NOT NULL DEFAULT false,
  partial_reason text COLLATE "C",
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', storyline_fold(title || ' ' || left(text, ${SEARCH_TEXT_MAX_CHARS})))
  ) STORED
);
CREATE INDEX articles_canonical_url ON articles(canonical_url);
CREATE INDEX articles_source ON articles(source_id);
-- A GIN index buffers new entries in a pending list that every search scans linearly; kept short (KiB)
-- so searches stay fast while articles stream in, at a small cost per insert.
CREATE INDEX articles_search ON articles USING gin (search) WITH (gin_pending_list_limit = 256);

-- The sequence articlesSince pages through, numbered in commit order. An identity taken at insert is not
-- enough with several writers: a transaction holding number 5 can commit after one holding 6 was read, and
-- a reader resuming after 6 would never see 5. So the number is taken at commit, by a deferred trigger,
-- under an advisory lock held until the transaction ends: a transaction numbers its articles only after
-- every lower number has committed or rolled back. The cost is that the last step of commits (this insert
-- and the commit record) runs one writer at a time.
CREATE TABLE article_order (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id text COLLATE "C" NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE
);
CREATE FUNCTION storyline_order_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${ORDER_LOCK});
  INSERT INTO article_order (article_id) VALUES (NEW.id);
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER articles_order AFTER INSERT ON articles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION storyline_order_article();

-- Copy groups: every article points at the canonical article of its group (itself when it started one).
-- seq keeps the order copies were recorded in, which copiesOf returns.
CREATE TABLE copies (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  canonical_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text_key text COLLATE "C" NOT NULL,
  signature bytea NOT NULL
);
CREATE INDEX copies_text_key ON copies(text_key);
CREATE INDEX copies_canonical ON copies(canonical_id, seq);

CREATE TABLE copy_bands (
  band text COLLATE "C" NOT NULL,
  article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (band, article_id)
);
CREATE INDEX copy_bands_article ON copy_bands(article_id);

-- The compact, deflated form of annotation-codec.ts, byte for byte what SQLite stores.
CREATE TABLE annotations (
  article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  packed bytea NOT NULL
);

CREATE TABLE entities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  canonical text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX entities_canonical ON entities (lower(canonical));

-- The lower-cased words and acronym of each canonical, so that entity resolution loads only the names that
-- could match an annotation's mentions instead of every stored name. A btree table rather than a GIN
-- array: the planner uses it from the first rows on (it seq-scanned a small GIN-indexed table, 3 ms per
-- lookup at 5k entities, against well under 1 ms here).
CREATE TABLE entity_keys (
  key text COLLATE "C" NOT NULL,
  entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  PRIMARY KEY (key, entity_id)
);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);

CREATE TABLE entity_aliases (
  entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias text COLLATE "C" NOT NULL,
  PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_alias ON entity_aliases (lower(alias));

CREATE TABLE entity_roles (
  entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  role text COLLATE "C" NOT NULL,
  PRIMARY KEY (entity_id, article_id, role)
);
CREATE INDEX entity_roles_article ON entity_roles(article_id);

CREATE TABLE mentions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  start integer NOT NULL,
  "end" integer NOT NULL,
  text text COLLATE "C" NOT NULL,
  role text COLLATE "C"
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE quotes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start integer NOT NULL,
  "end" integer NOT NULL,
  text text COLLATE "C" NOT NULL,
  speaker text COLLATE "C",
  speaker_start integer,
  speaker_end integer,
  cue text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  stance text COLLATE "C"
);
CREATE INDEX quotes_speaker ON quotes (lower(speaker));
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE stories (
  id text COLLATE "C" PRIMARY KEY,
  created_at text COLLATE "C" NOT NULL,
  merged_into text COLLATE "C" REFERENCES stories(id)
);
CREATE INDEX stories_merged_into ON stories(merged_into);
CREATE INDEX stories_live ON stories(id) WHERE merged_into IS NULL;

-- An article belongs to exactly one story at a time; a merge moves its rows.
CREATE TABLE story_articles (
  article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  story_id text COLLATE "C" NOT NULL REFERENCES stories(id)
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Every version of a brief is kept; the headline is copied out so listings need not read the document.
CREATE TABLE briefs (
  story_id text COLLATE "C" NOT NULL REFERENCES stories(id),
  version integer NOT NULL,
  headline text COLLATE "C" NOT NULL,
  doc jsonb NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (story_id, version)
);

-- Search covers the latest brief of each live story only: one row per story, replaced by each new
-- version and dropped by a merge (SQLite needs briefs_fts plus briefs_fts_rows for the same).
CREATE TABLE brief_search (
  story_id text COLLATE "C" PRIMARY KEY REFERENCES stories(id),
  headline text COLLATE "C" NOT NULL,
  body text COLLATE "C" NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', storyline_fold(headline || ' ' || left(body, ${SEARCH_TEXT_MAX_CHARS})))
  ) STORED
);
CREATE INDEX brief_search_search ON brief_search USING gin (search) WITH (gin_pending_list_limit = 256);

CREATE TABLE cluster_state (
  id integer PRIMARY KEY CHECK (id = 1),
  state bytea NOT NULL,
  saved_at text COLLATE "C" NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'reader accounts: API tokens, per-account read and starred state, story items',
    // As SQLite's version 5; item is an article's seq or a story item (READER_STORY_ITEM_BASE + n).
    sql: `
CREATE TABLE api_tokens (
  hash text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX api_tokens_name ON api_tokens(name);
CREATE TABLE reader_state (
  user_name text COLLATE "C" NOT NULL,
  item bigint NOT NULL,
  read integer,
  starred integer NOT NULL DEFAULT 0,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (user_name, item)
);
CREATE TABLE reader_story_items (
  n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  story_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  UNIQUE (story_id, version)
);
`,
  },
  {
    version: 3,
    name: 'job queue shared by worker processes (jobs.ts)',
    // PostgreSQL only: SQLite has one machine and a thread pool instead. (kind, key) is the idempotency key
    // (an article id, a story id), so enqueueing the same work twice adds no row. Times are timestamptz,
    // compared with the server's now(), so workers on machines with skewed clocks agree on leases.
    sql: `
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  payload jsonb NOT NULL,
  state text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  run_after timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  worker text COLLATE "C",
  last_error text,
  seq bigint,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, key)
);
CREATE INDEX jobs_ready ON jobs (kind, id) WHERE state IN ('pending', 'running');
`,
  },
  {
    version: 4,
    name: 'watchlists, their matches, the match scan position and webhook deliveries',
    // As SQLite's version 6, from the same text (watchlists.ts).
    sql: watchlistSchema('text COLLATE "C"'),
  },
  {
    version: 5,
    name: 'per-story figures for ranking (story_stats, story_outlets) and articles per day (article_days)',
    // As SQLite's version 7 (../story-stats.ts); the figures per story are filled by backfillStoryStats.
    sql: `
CREATE TABLE story_stats (
  story_id text COLLATE "C" PRIMARY KEY REFERENCES stories(id),
  articles integer NOT NULL,
  sources integer NOT NULL,
  updated text COLLATE "C",
  updated_ms double precision,
  first text COLLATE "C",
  latest_seq bigint NOT NULL,
  latest_title text COLLATE "C",
  brief_headline text COLLATE "C",
  size_score double precision NOT NULL
);
CREATE INDEX story_stats_updated ON story_stats(updated_ms);
CREATE INDEX story_stats_size ON story_stats(size_score);
CREATE TABLE story_outlets (
  story_id text COLLATE "C" NOT NULL REFERENCES stories(id),
  outlet text COLLATE "C" NOT NULL,
  articles integer NOT NULL,
  PRIMARY KEY (story_id, outlet)
);
INSERT INTO story_outlets (story_id, outlet, articles)
  SELECT sa.story_id, COALESCE(a.source_name, a.source_id), COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
  WHERE COALESCE(a.source_name, a.source_id) IS NOT NULL GROUP BY 1, 2;
CREATE TABLE article_days (
  day text COLLATE "C" PRIMARY KEY,
  articles integer NOT NULL
);
INSERT INTO article_days (day, articles)
  SELECT substr(COALESCE(published, fetched), 1, 10), COUNT(*) FROM articles
  WHERE COALESCE(published, fetched) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' GROUP BY 1;
`,
    fill: backfillStoryStats,
  },
];
