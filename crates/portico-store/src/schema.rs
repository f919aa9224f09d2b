//! The database's tables. Every statement is idempotent, so an older
//! database is brought up to date by running the whole text again.

/// The schema version this code writes (`PRAGMA user_version`).
pub(crate) const SCHEMA_VERSION: i64 = 6;

/// Consent records and notices (version 1–2); accounts, their secrets and
/// sessions, throttling counts and the audit chain (version 3); content
/// revisions and items (version 4); publishing jobs, comments,
/// the trash and media (version 5); the content tree's covering indexes
/// (version 6). Times of
/// sessions, links, tokens and throttling are Unix seconds (compared on
/// every admin request); times shown to people are RFC 3339 text.
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS consent_record (
    position         INTEGER PRIMARY KEY,
    record_id        TEXT NOT NULL UNIQUE,
    consent_id       TEXT NOT NULL,
    event            TEXT NOT NULL,
    state            TEXT NOT NULL,
    event_time       TEXT NOT NULL,
    validity_seconds INTEGER NOT NULL,
    purposes         TEXT NOT NULL,
    notice_url       TEXT NOT NULL,
    notice_hash      TEXT NOT NULL,
    language         TEXT NOT NULL,
    jurisdiction     TEXT,
    method           TEXT NOT NULL,
    trace_id         TEXT NOT NULL,
    policy_version   TEXT NOT NULL,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_record_by_consent_id ON consent_record (consent_id);
CREATE INDEX IF NOT EXISTS consent_record_by_time ON consent_record (event_time);
CREATE TABLE IF NOT EXISTS consent_chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    count     INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    record_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notice_text (
    hash TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notice_version (
    version     TEXT NOT NULL,
    locale      TEXT NOT NULL,
    url         TEXT NOT NULL,
    hash        TEXT NOT NULL REFERENCES notice_text (hash),
    archived_at TEXT NOT NULL,
    PRIMARY KEY (version, locale, url, hash)
);
CREATE INDEX IF NOT EXISTS notice_version_by_hash ON notice_version (hash);
CREATE TABLE IF NOT EXISTS secret (
    name       TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS account (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    sections      TEXT NOT NULL DEFAULT '[]',
    locales       TEXT NOT NULL DEFAULT '[]',
    disabled      INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    totp_secret   BLOB,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    webauthn_id   TEXT UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recovery_code (
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (account_id, hash)
);
CREATE TABLE IF NOT EXISTS session (
    hash        TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    method      TEXT NOT NULL,
    csrf        TEXT NOT NULL,
    user_agent  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS session_by_account ON session (account_id);
CREATE TABLE IF NOT EXISTS sign_in_link (
    hash       TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE TABLE IF NOT EXISTS api_token (
    id           INTEGER PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE TABLE IF NOT EXISTS passkey (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    data          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);
CREATE INDEX IF NOT EXISTS passkey_by_account ON passkey (account_id);
CREATE TABLE IF NOT EXISTS ceremony (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    account_id INTEGER REFERENCES account (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS throttle (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_record (
    position   INTEGER PRIMARY KEY,
    record_id  TEXT NOT NULL UNIQUE,
    event_time TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    trace_id   TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_record_by_time ON audit_record (event_time);
CREATE TABLE IF NOT EXISTS audit_chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    count     INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    record_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revision (
    id         INTEGER PRIMARY KEY,
    locale     TEXT NOT NULL,
    key        TEXT NOT NULL,
    path       TEXT NOT NULL,
    parent     INTEGER REFERENCES revision (id),
    text       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    author     TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS revision_by_item ON revision (locale, key, id);
CREATE TABLE IF NOT EXISTS item (
    locale    TEXT NOT NULL,
    key       TEXT NOT NULL,
    path      TEXT NOT NULL,
    head      INTEGER NOT NULL REFERENCES revision (id),
    published INTEGER REFERENCES revision (id),
    owner     INTEGER REFERENCES account (id) ON DELETE SET NULL,
    file_hash TEXT,
    review    TEXT NOT NULL DEFAULT '',
    approved  INTEGER REFERENCES revision (id),
    section   TEXT GENERATED ALWAYS AS
        (CASE WHEN instr(key, '/') > 0 THEN substr(key, 1, instr(key, '/') - 1) ELSE '' END) STORED,
    PRIMARY KEY (locale, key)
);
CREATE TABLE IF NOT EXISTS autosave (
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    key        TEXT NOT NULL,
    base       INTEGER NOT NULL,
    text       TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT '',
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, locale, key)
);
-- version 5: the editor's jobs, comments and trash
CREATE TABLE IF NOT EXISTS job (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('publish', 'unpublish')),
    locale     TEXT NOT NULL,
    key        TEXT NOT NULL,
    revision   INTEGER REFERENCES revision (id),
    run_at     INTEGER NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    ended_at   INTEGER,
    error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS job_by_state ON job (state, run_at);
CREATE INDEX IF NOT EXISTS job_by_item ON job (locale, key, id);
CREATE TABLE IF NOT EXISTS comment (
    id         INTEGER PRIMARY KEY,
    locale     TEXT NOT NULL,
    key        TEXT NOT NULL,
    revision   INTEGER REFERENCES revision (id),
    step       TEXT NOT NULL,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comment_by_item ON comment (locale, key, id);
CREATE TABLE IF NOT EXISTS trash (
    locale     TEXT NOT NULL,
    key        TEXT NOT NULL,
    trashed_at TEXT NOT NULL,
    trashed_by TEXT NOT NULL,
    PRIMARY KEY (locale, key)
);
CREATE INDEX IF NOT EXISTS revision_by_key ON revision (key, id);
CREATE INDEX IF NOT EXISTS item_by_review ON item (review);
CREATE TABLE IF NOT EXISTS translation_base (
    locale TEXT NOT NULL,
    key    TEXT NOT NULL,
    base   INTEGER NOT NULL,
    PRIMARY KEY (locale, key)
);
-- version 5: media
CREATE TABLE IF NOT EXISTS media (
    key         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    byte_size   INTEGER NOT NULL,
    width       INTEGER,
    height      INTEGER,
    focal_x     REAL NOT NULL DEFAULT 0.5,
    focal_y     REAL NOT NULL DEFAULT 0.5,
    decorative  INTEGER NOT NULL DEFAULT 0,
    uploaded_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL,
    original    BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS media_alt (
    key    TEXT NOT NULL REFERENCES media (key) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    alt    TEXT NOT NULL,
    PRIMARY KEY (key, locale)
);
CREATE TABLE IF NOT EXISTS media_variant (
    key    TEXT NOT NULL REFERENCES media (key) ON DELETE CASCADE,
    width  INTEGER NOT NULL,
    format TEXT NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (key, width, format)
);
-- version 6: the content tree read from indexes alone: a section's keys
-- (with their locales, for the trash), and its counts per locale (with
-- what a draft and a review are read from)
DROP INDEX IF EXISTS item_by_section;
CREATE INDEX IF NOT EXISTS item_by_section_key ON item (section, key, locale);
CREATE INDEX IF NOT EXISTS item_by_section_locale ON item (section, locale, key, head, published, review);
PRAGMA user_version = 6;
";
