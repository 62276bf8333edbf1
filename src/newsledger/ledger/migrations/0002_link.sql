-- 0002: the link stage marks near-duplicate copies of an earlier article.
ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
