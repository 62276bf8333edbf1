-- 0004: what the link stage keeps so that a new batch links into the ledger without
-- re-clustering the past, and one row per story for listing them. Links made before this
-- version are dropped (they had no stored link state): the next `newsledger link` (or
-- ingest) links every article again, once.
CREATE TABLE IF NOT EXISTS link_articles (
    article_key TEXT PRIMARY KEY REFERENCES articles(key) ON DELETE CASCADE,
    vector TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS link_postings (
    term TEXT NOT NULL,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    PRIMARY KEY (term, article_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_bands (
    band INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_terms (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL,
    postings INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    first TEXT,
    last TEXT,
    title TEXT,
    flags INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_size ON stories(articles DESC, story_id);
CREATE INDEX IF NOT EXISTS flags_kind ON flags(kind, claim_id);
UPDATE articles SET story_id = NULL, duplicate_of = NULL;
UPDATE claims SET speaker_id = NULL, group_id = NULL;
DELETE FROM flags;
