-- 0005: stories are clustered over a nearest-neighbour graph, which the ledger keeps: each
-- linked article's edges to its nearest neighbours (link_edges), so that a later batch can
-- rank new articles among them and re-cluster a small story without comparing its articles
-- again. LSH band hashes become 64-bit integers. Links made before this version are dropped:
-- the next `newsledger link` (or ingest) links every article again, once.
CREATE TABLE IF NOT EXISTS link_edges (
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    other_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (article_key, other_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_edges_other ON link_edges(other_key);
DELETE FROM link_postings;
DELETE FROM link_articles;
DROP TABLE link_bands;
CREATE TABLE link_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_key)
) WITHOUT ROWID;
DELETE FROM link_terms;
DELETE FROM stories;
DELETE FROM flags;
UPDATE articles SET story_id = NULL, duplicate_of = NULL;
UPDATE claims SET speaker_id = NULL, group_id = NULL;
