-- The ledger schema as version 1 wrote it (before the link stage): the start of the chain
-- of migrations that test_migrations.py walks. Kept as it was; never edit.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);

-- One row per command that wrote to the ledger. status: running, done, interrupted.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    newsledger_version TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    counts TEXT              -- JSON: read, stored, errors by kind, skipped by reason
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
    detail TEXT              -- JSON for fields a stage adds beyond these columns
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_key, kind);

-- Flags raised on claims by the link stage, each with its reason and evidence.
CREATE TABLE IF NOT EXISTS flags (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    evidence TEXT,           -- JSON: the claims and sentences involved
    PRIMARY KEY (claim_id, kind)
);

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
