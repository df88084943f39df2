package index

// SchemaVersion is the version of the index's tables. An index file of any
// other version is rebuilt (it is a cache of the manifests).
const SchemaVersion = 5

// visitsSQL creates the visit records, which Rebuild keeps.
const visitsSQL = `
-- Visit records (issue 12 moves moods from manifests to them). Moods of a
-- visit with no record come from its pieces' manifests.
CREATE TABLE visits (
	patient        TEXT NOT NULL,
	visit          TEXT NOT NULL,
	started        INTEGER NOT NULL,
	ended          INTEGER NOT NULL,
	in_pleasant    INTEGER,
	in_energy      INTEGER,
	out_pleasant   INTEGER,
	out_energy     INTEGER,
	PRIMARY KEY (patient, visit)
) WITHOUT ROWID;
`

// notesSQL creates the therapists' notes (internal/notes), which Rebuild
// keeps: they are not in piece manifests (every pull lists them all).
const notesSQL = `
CREATE TABLE notes (
	rowid       INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	thread      TEXT NOT NULL,
	supersedes  TEXT NOT NULL,
	patient     TEXT NOT NULL,
	on_kind     TEXT NOT NULL,
	target      TEXT NOT NULL,
	author      TEXT NOT NULL,
	written     INTEGER NOT NULL,
	text        TEXT NOT NULL
);
CREATE INDEX notes_target ON notes (on_kind, target, thread, written);
CREATE INDEX notes_patient ON notes (patient, written);

CREATE VIRTUAL TABLE notes_fts USING fts5 (
	text, content = 'notes', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
	INSERT INTO notes_fts (rowid, text) VALUES (new.rowid, new.text);
END;

-- Versions of patients' display names (internal/patientname); the newest
-- is copied into patients.display_name.
CREATE TABLE names (
	id       TEXT PRIMARY KEY,
	patient  TEXT NOT NULL,
	name     TEXT NOT NULL,
	written  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX names_patient ON names (patient, written);
`

// tablesSQL creates everything but the visit records; Rebuild drops and
// recreates these. Times are Unix milliseconds (UTC). A piece "counts" for its patient when its origin is
// verified or it was tampered with after being verified: patients and their
// last visit and piece count are kept by triggers from those pieces only, so
// a piece from an unknown kiosk can never create or grow a patient.
const tablesSQL = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE pieces (
	rowid       INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	kiosk       TEXT NOT NULL,
	kind        TEXT NOT NULL,
	created     INTEGER NOT NULL,
	finished    INTEGER NOT NULL,
	patient     TEXT NOT NULL,
	visit       TEXT NOT NULL,
	prompt      TEXT NOT NULL,
	title       TEXT NOT NULL,
	reflection  TEXT NOT NULL,
	quadrant    TEXT NOT NULL,
	in_pleasant  INTEGER, -- mood check-in and check-out as on the manifest
	in_energy    INTEGER, -- (NULL: not asked; 0: not answered)
	out_pleasant INTEGER,
	out_energy   INTEGER,
	unfinished  INTEGER NOT NULL,
	development INTEGER NOT NULL,
	schema      INTEGER NOT NULL,
	provenance  TEXT NOT NULL CHECK (provenance IN ('verified', 'origin-not-verified', 'tampered')),
	provenance_detail TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '', -- a written piece's text (Entry.Body), searchable
	body_map    TEXT NOT NULL DEFAULT '', -- the manifest's body map, JSON ('' for none; schema 5)
	counts      INTEGER GENERATED ALWAYS AS (provenance <> 'origin-not-verified') VIRTUAL
);
CREATE INDEX pieces_patient ON pieces (patient, counts, created);
CREATE INDEX pieces_visit ON pieces (patient, visit, created);
CREATE INDEX pieces_created ON pieces (created);
CREATE INDEX pieces_kind ON pieces (kind, created);

CREATE TABLE words (
	piece     INTEGER NOT NULL, -- pieces.rowid
	pos       INTEGER NOT NULL,
	word      TEXT NOT NULL,
	quadrant  TEXT NOT NULL,
	intensity INTEGER NOT NULL,
	PRIMARY KEY (piece, pos)
) WITHOUT ROWID;
CREATE INDEX words_word ON words (word, piece);
CREATE INDEX words_quadrant ON words (quadrant, piece);

CREATE TABLE patients (
	code         TEXT PRIMARY KEY,
	display_name TEXT NOT NULL DEFAULT '',
	last_visit   INTEGER NOT NULL DEFAULT 0,
	pieces       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX patients_last ON patients (last_visit DESC);

CREATE TABLE damage (
	piece        TEXT PRIMARY KEY,
	kiosk        TEXT NOT NULL,
	reason       TEXT NOT NULL,
	first_seen   INTEGER NOT NULL,
	last_checked INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE cursors (
	kiosk   TEXT PRIMARY KEY,
	after   TEXT NOT NULL,
	updated INTEGER NOT NULL
) WITHOUT ROWID;

-- The pull's problem records (library.Damaged): what is wrong with a piece
-- or a kiosk's keys, and when to look again. piece is '' for a kiosk's junk;
-- class keeps a piece's tampered flag apart from its damage.
CREATE TABLE problems (
	kiosk      TEXT NOT NULL,
	piece      TEXT NOT NULL,
	class      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	reason     TEXT NOT NULL,
	since      INTEGER NOT NULL,
	attempts   INTEGER NOT NULL,
	next_check INTEGER NOT NULL,
	PRIMARY KEY (kiosk, piece, class)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE pieces_fts USING fts5 (
	title, reflection, body,
	content = 'pieces', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Search orders by this rank: bm25, a title match weighing 4 reflection
-- (or written text) matches.
INSERT INTO pieces_fts (pieces_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0)');

CREATE TRIGGER pieces_ai AFTER INSERT ON pieces BEGIN
	INSERT INTO pieces_fts (rowid, title, reflection, body) VALUES (new.rowid, new.title, new.reflection, new.body);
END;
CREATE TRIGGER pieces_ad AFTER DELETE ON pieces BEGIN
	INSERT INTO pieces_fts (pieces_fts, rowid, title, reflection, body) VALUES ('delete', old.rowid, old.title, old.reflection, old.body);
END;

CREATE TRIGGER patients_ai AFTER INSERT ON pieces WHEN new.counts BEGIN
	INSERT INTO patients (code, last_visit, pieces) VALUES (new.patient, new.created, 1)
	ON CONFLICT (code) DO UPDATE SET pieces = pieces + 1, last_visit = max(last_visit, excluded.last_visit);
END;
CREATE TRIGGER patients_ad AFTER DELETE ON pieces WHEN old.counts BEGIN
	UPDATE patients SET pieces = pieces - 1,
		last_visit = coalesce((SELECT max(created) FROM pieces WHERE patient = old.patient AND counts), 0)
	WHERE code = old.patient;
END;
CREATE TRIGGER patients_au AFTER UPDATE OF provenance ON pieces WHEN old.counts <> new.counts BEGIN
	INSERT INTO patients (code, last_visit, pieces) VALUES (new.patient, 0, 0) ON CONFLICT (code) DO NOTHING;
	UPDATE patients SET pieces = pieces + (CASE WHEN new.counts THEN 1 ELSE -1 END),
		last_visit = coalesce((SELECT max(created) FROM pieces WHERE patient = new.patient AND counts), 0)
	WHERE code = new.patient;
END;
`
