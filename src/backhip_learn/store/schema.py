"""The SQLite schema: the first released version verbatim and each forward migration.

``PRAGMA user_version`` holds the version a file is at; ``SQLiteStore`` runs every migration from
there up to ``SCHEMA_VERSION`` in one transaction. A new migration is a new entry in ``MIGRATIONS``.
"""

from __future__ import annotations

SCHEMA_VERSION = 4
APPLICATION_ID = 0x42484C31  # "BHL1": marks the file as ours (PRAGMA application_id)

# The first released schema, kept verbatim so that migrating from it stays tested.
SCHEMA_V1 = """
CREATE TABLE cards (
    item_id     TEXT PRIMARY KEY,
    state       INTEGER NOT NULL DEFAULT 0,
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         INTEGER,
    last_review INTEGER,
    reps        INTEGER NOT NULL DEFAULT 0,
    lapses      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    item_id     TEXT NOT NULL,
    rating      INTEGER NOT NULL,
    reviewed_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT
);
"""

# v1 -> v2: bury/suspend/flag, the full review log (response, misconceptions, earlier state for undo),
# exam results, study days, and the indexes the queue and stats need.
MIGRATE_V2 = """
ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN buried_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN state_before INTEGER NOT NULL DEFAULT 2;
ALTER TABLE reviews ADD COLUMN response TEXT;
ALTER TABLE reviews ADD COLUMN misconceptions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reviews ADD COLUMN card_before TEXT;
ALTER TABLE reviews ADD COLUMN card_existed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN due_after INTEGER;
ALTER TABLE reviews ADD COLUMN deck TEXT;
ALTER TABLE reviews ADD COLUMN day TEXT;
-- Covering for the queue's queries: they never touch the table rows.
CREATE INDEX cards_state_due ON cards (state, due, suspended, buried_until, item_id);
CREATE INDEX reviews_item ON reviews (item_id, id);
CREATE INDEX reviews_time ON reviews (reviewed_at);
CREATE TABLE exam_results (
    id          INTEGER PRIMARY KEY,
    exam_id     TEXT NOT NULL,
    started     INTEGER NOT NULL,
    finished    INTEGER NOT NULL,
    score       REAL NOT NULL,
    passed      INTEGER NOT NULL,
    parts       TEXT NOT NULL DEFAULT '{}',
    answers     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX exam_results_exam ON exam_results (exam_id, finished);
ALTER TABLE cards ADD COLUMN new_pos INTEGER;
CREATE INDEX cards_new ON cards (new_pos) WHERE state = 0;
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE TABLE study_days (
    day         TEXT PRIMARY KEY,
    reviews     INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
"""

# Version 3: an exam quit before hand-in is kept as an abandoned attempt (no score counted).
MIGRATE_V3 = """
ALTER TABLE exam_results ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
"""

# Version 4: a cloze item is one card per gap number, ``item-id::cN`` (content/cards.py), as in Anki.
# The cards that were whole-cloze cards (their review log says so) are listed; the first
# ``sync_library`` whose library has the item splits each (``SQLiteStore._split_cloze``), since only
# the library knows the gap numbers.
MIGRATE_V4 = """
CREATE TABLE cloze_split (item_id TEXT PRIMARY KEY);
INSERT OR IGNORE INTO cloze_split (item_id)
    SELECT DISTINCT item_id FROM reviews
    WHERE CASE WHEN json_valid(outcome) THEN json_extract(outcome, '$.item_type') END = 'cloze'
       OR CASE WHEN json_valid(response) THEN json_extract(response, '$.kind') END = 'cloze';
"""

# target version -> the script from the version before
MIGRATIONS: dict[int, str] = {2: MIGRATE_V2, 3: MIGRATE_V3, 4: MIGRATE_V4}
