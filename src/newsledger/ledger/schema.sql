-- newsledger ledger schema: the whole current schema. A new ledger gets this file and the
-- latest version number; an older ledger is brought forward by the files in migrations/.
-- Plain SQLite: it opens in sqlite3, sqlite-utils, Datasette and DuckDB as it is.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);

-- One row per command that wrote to the ledger. status (RunStatus): running, done, interrupted, died
-- (killed: its process was gone when a later run or `stats` looked). counts: JSON of read,
-- stored, errors by kind, skipped by reason; pid and host: the process that ran it.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    newsledger_version TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    counts TEXT,
    pid INTEGER,
    host TEXT
);

-- One row per version of an article. key = content hash of (id, metadata, raw text), so
-- ingesting the same article again changes nothing; the same id with new content gets the
-- next version number.
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    author TEXT,
    published TEXT,          -- ISO 8601; timezone-aware when it has a time; NULL if unknown
    language TEXT,
    raw_text TEXT NOT NULL,  -- as read; removals point into it
    text TEXT NOT NULL,      -- clean; every other offset points into it
    story_id TEXT,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    duplicate_of TEXT,       -- id of the earlier article this one copies (link stage)
    UNIQUE (id, version)
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);

-- What cleaning removed from raw_text, and why.
CREATE TABLE IF NOT EXISTS removals (
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_key, n)
);

CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (article_key, n)
);

-- Full-text search over sentences, kept in step by triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text, content='sentences', content_rowid='id'
);
CREATE TRIGGER IF NOT EXISTS sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- Named-entity mentions found by the NLP pipeline.
CREATE TABLE IF NOT EXISTS mentions (
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_key, n)
);
CREATE INDEX IF NOT EXISTS mentions_text ON mentions(label, text);

-- Claims: statements (who said what) and quantities (numbers asserted about something).
-- Filled by the attribution and quantity stages; offsets point into articles.text.
-- Quantities only: measure is what the figure measures, normalised ("people killed"), from
-- the class of what it counts (thing: "people", "pirate boat") and what befell it (outcome:
-- "killed", "held"); part is 1 for a part of an earlier figure ("three of them"); dimension
-- is the unit's ("length", "money") and base_* the figure in its base unit ("m", "USD");
-- era is the past event it belongs to ("2003"), event_day the day of its event as written
-- ("wednesday"), running 1 for a running total ("so far"), headline 1 in a headline or deck.
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('statement', 'quantity')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence TEXT,
    speaker TEXT,
    speaker_id TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue_start INTEGER,
    cue_end INTEGER,
    direct INTEGER,
    said_on TEXT,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT,
    unit TEXT,
    counted TEXT,
    scope TEXT,
    statement_id TEXT REFERENCES claims(id) DEFERRABLE INITIALLY DEFERRED,
    group_id TEXT,
    detail TEXT,             -- JSON for fields a stage adds beyond these columns
    measure TEXT,
    thing TEXT,
    outcome TEXT,
    part INTEGER,
    dimension TEXT,
    base_unit TEXT,
    base_value REAL,
    base_low REAL,
    base_high REAL,
    era TEXT,
    event_day TEXT,
    running INTEGER,
    headline INTEGER
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_key, kind);
CREATE INDEX IF NOT EXISTS claims_measure ON claims(measure);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker_id);
CREATE INDEX IF NOT EXISTS claims_group ON claims(group_id);

-- Flags raised on claims by the link stage, each with its reason and evidence.
CREATE TABLE IF NOT EXISTS flags (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    evidence TEXT,           -- JSON: the claims and sentences involved
    PRIMARY KEY (claim_id, kind)
);

-- Link state, kept so a new batch links into the ledger without re-clustering the past:
-- each linked article's TF-IDF vector as weighed when it was linked (JSON {term: weight}),
-- the terms it is blocked on, its MinHash LSH bands (near-duplicate candidates), and per term
-- the number of linked articles with it (df, for idf) and blocked on it.
CREATE TABLE IF NOT EXISTS link_articles (
    article_key TEXT PRIMARY KEY REFERENCES articles(key) ON DELETE CASCADE,
    vector TEXT NOT NULL
);
-- the nearest-neighbour graph of stories: each linked article's edges to its nearest
-- neighbours (link.clusters.STORY_NEIGHBOURS of them)
CREATE TABLE IF NOT EXISTS link_edges (
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    other_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (article_key, other_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_edges_other ON link_edges(other_key);
-- a story id that a merge of small stories retired -> the story that holds its articles now
CREATE TABLE IF NOT EXISTS story_aliases (
    old_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_postings (
    term TEXT NOT NULL,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    PRIMARY KEY (term, article_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_key TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_terms (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL,
    postings INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per story (link stage): its size, dates, first headline and flags, for listing.
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    first TEXT,
    last TEXT,
    title TEXT,
    flags INTEGER NOT NULL          -- flags other than unattributed
);
CREATE INDEX IF NOT EXISTS stories_size ON stories(articles DESC, story_id);
CREATE INDEX IF NOT EXISTS flags_kind ON flags(kind, claim_id);

-- Inputs, or records inside them, that could not be read.
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source TEXT NOT NULL,
    position TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    UNIQUE (source, position, kind, message)
);
CREATE INDEX IF NOT EXISTS errors_kind ON errors(kind);

-- Watching live sources (newsledger watch).
-- fetch_state: per canonical URL, the validators of the last fetch (ETag, Last-Modified), the
-- body's digest, when first seen and last fetched, and whether it waits in the queue;
-- captures: each fetched article version's HTTP response in the WARC archive; watch_polls:
-- the polls; alerted: flags already alerted.
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
