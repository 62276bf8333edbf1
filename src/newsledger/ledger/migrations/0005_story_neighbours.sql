-- 0005: stories are clustered over a nearest-neighbour graph; each linked article keeps the
-- similarities of its nearest neighbours, so a later batch can tell whether a new article
-- ranks among them. Links made before this version are dropped: the next `newsledger link`
-- (or ingest) links every article again, once. LSH band hashes become 64-bit integers.
ALTER TABLE link_articles ADD COLUMN nearest TEXT NOT NULL DEFAULT '[]';
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
