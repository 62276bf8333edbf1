-- 0006: when a batch merges two small stories into one, the story id that is gone points to
-- the one that now holds its articles, so links to it (bookmarks, notes) keep working.
CREATE TABLE IF NOT EXISTS story_aliases (
    old_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
) WITHOUT ROWID;
