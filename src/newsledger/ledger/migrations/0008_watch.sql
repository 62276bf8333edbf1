-- 0008: watching live sources (newsledger watch). fetch_state holds, per canonical URL, what
-- the last fetch left: validators for a conditional GET, the body's digest, when it was first
-- seen and last fetched, the source a feed was found through (via), and whether the page
-- still waits in the queue; captures points each fetched article version at its HTTP
-- response in the WARC archive; watch_polls logs the polls; alerted remembers the flags
-- already alerted, so a restart alerts only new ones.
CREATE TABLE IF NOT EXISTS fetch_state (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('source', 'page')),
    outlet TEXT,
    etag TEXT,
    last_modified TEXT,
    digest TEXT,
    first_seen TEXT NOT NULL,
    fetched TEXT,
    changed TEXT,
    article_id TEXT,
    via TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    queued INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS fetch_state_queued ON fetch_state(queued) WHERE queued = 1;
CREATE INDEX IF NOT EXISTS fetch_state_pages ON fetch_state(kind, first_seen);
CREATE TABLE IF NOT EXISTS captures (
    article_key TEXT PRIMARY KEY REFERENCES articles(key) ON DELETE CASCADE,
    url TEXT NOT NULL,
    fetched TEXT NOT NULL,
    warc_file TEXT,
    warc_offset INTEGER,
    warc_record_id TEXT
);
CREATE TABLE IF NOT EXISTS watch_polls (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    started TEXT NOT NULL,
    ended TEXT,
    counts TEXT
);
CREATE TABLE IF NOT EXISTS alerted (
    claim_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    poll_id INTEGER NOT NULL,
    PRIMARY KEY (claim_id, kind)
) WITHOUT ROWID;
