package index

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	_ "github.com/ncruces/go-sqlite3/vfs/adiantum" // registers the "adiantum" VFS
	"golang.org/x/crypto/hkdf"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
)

// saltSize is the length of the per-install salt kept in <path>.salt.
const saltSize = 32

// keyInfo binds the derived key to its use (HKDF "info").
const keyInfo = "afterimage index v1: adiantum page key"

// pageSize is the SQLite page size, equal to the adiantum VFS's block size.
const pageSize = 4096

// ErrDamaged wraps errors from an index whose file turned out to be damaged
// after it was opened (SQLite reported corruption). The caller should Close
// it and Open it again: Open then moves the file aside and starts a new one.
var ErrDamaged = errors.New("index: the index file is damaged")

// ErrClosed is returned by every method after Close.
var ErrClosed = errors.New("index: closed")

// OpenReport says what Open found.
type OpenReport struct {
	// Created is true when there was no index file: the index is new and
	// empty, and should be filled with Rebuild.
	Created bool
	// Rebuilt is true when an index file existed but could not be used
	// (damaged, cut short, sealed with another key, salt lost, older
	// schema): it was moved to MovedTo and an empty index created in its
	// place, to be filled with Rebuild.
	Rebuilt bool
	// Reason says why the file could not be used. It never quotes patient
	// data and may be logged.
	Reason string
	// MovedTo is where the unusable file was moved ("" if it was not).
	MovedTo string
}

// Empty reports whether the opened index is new and empty and needs a
// Rebuild from the manifests.
func (r OpenReport) Empty() bool { return r.Created || r.Rebuilt }

// Index is an open index. Its methods may be called from any goroutine; they
// run one at a time.
type Index struct {
	mu    sync.Mutex
	conn  *sqlite3.Conn
	path  string
	log   *slog.Logger
	stmts map[string]*sqlite3.Stmt
	now   func() time.Time
	// reviews: the reviews table exists (see reviews.go).
	reviews bool
}

// Options tune Open. The zero value is ready to use.
type Options struct {
	// Logger receives one line per rebuild (no patient data). Nil discards.
	Logger *slog.Logger
	// Now is the clock for damage and cursor times; nil is time.Now.
	Now func() time.Time
	// Plaintext stores the index unencrypted. For benchmarks that compare
	// the cost of encryption only; never in the product.
	Plaintext bool
}

// Open opens the index at path, creating it if needed. secret is the key
// derivation input: the unlocked clinic identity's secret material (for
// example its encoded form from seal.FormatIdentities); it is not kept.
//
// An index file that cannot be used — sealed with another key, garbled,
// cut short, of another schema, or whose salt file is lost — does not make
// Open fail: the file is moved aside (<path>.damaged, replacing an earlier
// one), an empty index is created, and the report says so. Open fails only
// when the folder cannot be written or the database cannot be opened at all
// (for example because another process holds it).
func Open(path string, secret []byte, opts *Options) (*Index, OpenReport, error) {
	if opts == nil {
		opts = &Options{}
	}
	if len(secret) == 0 && !opts.Plaintext {
		return nil, OpenReport{}, errors.New("index: open: no key material (is the clinic identity unlocked?)")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	var rep OpenReport
	_, statErr := os.Stat(path)
	exists := statErr == nil
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return nil, rep, fmt.Errorf("index: open: %w", statErr)
	}

	var key []byte
	if !opts.Plaintext {
		salt, fresh, err := loadSalt(path + ".salt")
		if err != nil {
			return nil, rep, err
		}
		if fresh && exists {
			// The salt that sealed this file is gone: nothing can read it.
			if err := moveAside(path, &rep, "its salt file was lost"); err != nil {
				return nil, rep, err
			}
			exists = false
		}
		key = deriveKey(secret, salt)
	}

	if _, err := os.Stat(path + rebuildSuffix); err == nil && exists {
		if err := moveAside(path, &rep, "damage was found in it while in use"); err != nil {
			return nil, rep, err
		}
		exists = false
	}
	if err := os.Remove(path + rebuildSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, rep, fmt.Errorf("index: open: %w", err)
	}

	ix, why, err := openConn(path, key, opts.Plaintext, exists)
	if err != nil {
		return nil, rep, err
	}
	if why != "" {
		if err := moveAside(path, &rep, why); err != nil {
			return nil, rep, err
		}
		if ix, why, err = openConn(path, key, opts.Plaintext, false); err != nil {
			return nil, rep, err
		}
		if why != "" {
			return nil, rep, fmt.Errorf("index: open: a new index is unusable too: %s", why)
		}
	}
	if !exists && !rep.Rebuilt {
		rep.Created = true
	}
	if rep.Rebuilt {
		log.Warn("index rebuilt: the old index file could not be used", "reason", rep.Reason, "movedTo", rep.MovedTo)
	}
	ix.path = path
	ix.log = log
	ix.now = now
	return ix, rep, nil
}

// deriveKey derives the 32-byte adiantum key from the identity's secret
// material and the per-install salt.
func deriveKey(secret, salt []byte) []byte {
	key := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret, salt, []byte(keyInfo)), key); err != nil {
		panic("index: hkdf: " + err.Error()) // cannot happen for 32 bytes
	}
	return key
}

// loadSalt reads the per-install salt, or makes and stores a new one when
// there is none or it is unusable (fresh is then true).
func loadSalt(path string) (salt []byte, fresh bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) == saltSize {
		return b, false, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("index: read salt: %w", err)
	}
	salt = make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, false, fmt.Errorf("index: make salt: %w", err)
	}
	if err := atomicfile.Write(path, salt, 0o600); err != nil {
		return nil, false, fmt.Errorf("index: store salt: %w", err)
	}
	return salt, true, nil
}

// moveAside moves an unusable index file (and its journal) out of the way.
func moveAside(path string, rep *OpenReport, why string) error {
	aside := path + ".damaged"
	if err := os.Rename(path, aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("index: move the unusable index aside: %w", err)
	}
	for _, suffix := range []string{"-journal", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("index: remove the unusable index's %s: %w", suffix, err)
		}
	}
	rep.Rebuilt = true
	rep.Reason = why
	rep.MovedTo = aside
	return nil
}

// openConn opens path and checks it. A non-empty why says the file is
// unusable (and the connection is closed); err is for failures that moving
// the file would not cure.
func openConn(path string, key []byte, plaintext, exists bool) (ix *Index, why string, err error) {
	uri := "file:" + (&url.URL{Path: path}).EscapedPath()
	if !plaintext {
		uri += "?vfs=adiantum"
	}
	conn, err := sqlite3.OpenFlags(uri, sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE|sqlite3.OPEN_URI|sqlite3.OPEN_EXRESCODE)
	if err != nil {
		return nil, "", fmt.Errorf("index: open: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			conn.Close()
		}
	}()
	if !plaintext {
		// The key goes in as a PRAGMA, not a URI parameter, so it is not
		// readable from the connection's file name.
		if err := conn.Exec("PRAGMA hexkey='" + hex.EncodeToString(key) + "'"); err != nil {
			return nil, "", fmt.Errorf("index: open: set key: %w", err)
		}
	}
	if err := fts5.Register(conn); err != nil {
		// Registering reads the schema: a damaged file shows here first.
		if why := unusable(err); why != "" {
			return nil, why, nil
		}
		return nil, "", fmt.Errorf("index: open: full-text search: %w", err)
	}
	if err := conn.BusyTimeout(5 * time.Second); err != nil {
		return nil, "", fmt.Errorf("index: open: %w", err)
	}
	for _, p := range []string{
		"PRAGMA temp_store = memory",
		"PRAGMA cache_size = -16384", // 16 MiB of page cache
	} {
		if err := conn.Exec(p); err != nil {
			if why := unusable(err); why != "" {
				return nil, why, nil
			}
			return nil, "", fmt.Errorf("index: open: %s: %w", p, err)
		}
	}

	ix = &Index{conn: conn, stmts: map[string]*sqlite3.Stmt{}}
	version, err := ix.schemaVersion()
	switch {
	case err != nil:
		ix.closeStmts()
		if why := unusable(err); why != "" {
			return nil, why, nil
		}
		return nil, "", fmt.Errorf("index: open: %w", err)
	case version == 0 && !exists:
		if err := ix.create(); err != nil {
			ix.closeStmts()
			return nil, "", err
		}
	case version == 0:
		ix.closeStmts()
		return nil, "the file holds no index", nil
	case version != SchemaVersion:
		ix.closeStmts()
		return nil, fmt.Sprintf("the index has schema %d, this version uses %d", version, SchemaVersion), nil
	default:
		if why, err := checkSize(conn, path); err != nil || why != "" {
			ix.closeStmts()
			return nil, why, err
		}
	}
	ok = true
	return ix, "", nil
}

// unusable says why err means the file cannot be used, or "" if it does not.
func unusable(err error) string {
	switch {
	case errors.Is(err, sqlite3.NOTADB):
		return "the file cannot be read with this key (another clinic identity, or garbled)"
	case errors.Is(err, sqlite3.CORRUPT):
		return "the file is damaged"
	case errors.Is(err, sqlite3.IOERR_SHORT_READ):
		return "the file is cut short"
	}
	return ""
}

// checkSize compares the page count in the database header with the file's
// size: a file cut short (or grown by garbage) is caught at open rather than
// at the first query that reaches a missing page.
func checkSize(conn *sqlite3.Conn, path string) (why string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("index: open: %w", err)
	}
	stmt, _, err := conn.Prepare("PRAGMA page_count")
	if err != nil {
		return unusable(err), nilIfUnusable(err)
	}
	defer stmt.Close()
	var pages int64
	if stmt.Step() {
		pages = stmt.ColumnInt64(0)
	}
	if err := stmt.Err(); err != nil {
		return unusable(err), nilIfUnusable(err)
	}
	if st.Size()%pageSize != 0 || st.Size() < pages*pageSize {
		return "the file is cut short", nil
	}
	return "", nil
}

func nilIfUnusable(err error) error {
	if unusable(err) != "" {
		return nil
	}
	return fmt.Errorf("index: open: %w", err)
}

// schemaVersion reads the schema version from the meta table: 0 when the
// database is empty (no tables at all).
func (ix *Index) schemaVersion() (int, error) {
	stmt, _, err := ix.conn.Prepare("SELECT count(*) FROM sqlite_schema")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var tables int64
	if stmt.Step() {
		tables = stmt.ColumnInt64(0)
	}
	if err := stmt.Err(); err != nil {
		return 0, err
	}
	if tables == 0 {
		return 0, nil
	}
	v, _, err := ix.conn.Prepare("SELECT value FROM meta WHERE key = 'schema'")
	if err != nil {
		if errors.Is(err, sqlite3.ERROR) {
			return -1, nil // tables, but not ours
		}
		return 0, err
	}
	defer v.Close()
	version := -1
	if v.Step() {
		n, err := strconv.Atoi(v.ColumnText(0))
		if err == nil && n > 0 {
			version = n
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	return version, nil
}

// create makes the tables of an empty index.
func (ix *Index) create() (err error) {
	tx, err := ix.conn.BeginImmediate()
	if err != nil {
		return fmt.Errorf("index: create: %w", err)
	}
	defer tx.End(&err)
	if err := ix.conn.Exec(visitsSQL + notesSQL); err != nil {
		return fmt.Errorf("index: create tables: %w", err)
	}
	return ix.createTables()
}

// createTables creates all but the visit records, inside the caller's
// transaction.
func (ix *Index) createTables() error {
	if err := ix.conn.Exec(tablesSQL); err != nil {
		return fmt.Errorf("index: create tables: %w", err)
	}
	if err := ix.conn.Exec("INSERT INTO meta (key, value) VALUES ('schema', '" + strconv.Itoa(SchemaVersion) + "')"); err != nil {
		return fmt.Errorf("index: create tables: %w", err)
	}
	return nil
}

// Close closes the index. Later calls return ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return nil
	}
	ix.closeStmts()
	err := ix.conn.Close()
	ix.conn = nil
	if err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

func (ix *Index) closeStmts() {
	for k, s := range ix.stmts {
		s.Close()
		delete(ix.stmts, k)
	}
}

// Path returns the index file's path.
func (ix *Index) Path() string { return ix.path }

// stmt returns a cached prepared statement, reset and with no bindings.
// The caller holds ix.mu.
func (ix *Index) stmt(sql string) (*sqlite3.Stmt, error) {
	if ix.conn == nil {
		return nil, ErrClosed
	}
	if s, ok := ix.stmts[sql]; ok {
		s.Reset()
		s.ClearBindings()
		return s, nil
	}
	s, _, err := ix.conn.Prepare(sql)
	if err != nil {
		return nil, err
	}
	ix.stmts[sql] = s
	return s, nil
}

// wrap adds the operation to err. Corruption is marked ErrDamaged and
// remembered beside the file (<path>.rebuild, empty), so that the next Open
// rebuilds the index instead of handing back the same damaged file.
func (ix *Index) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrClosed) {
		return err
	}
	if unusable(err) != "" {
		if ix.path != "" {
			if werr := os.WriteFile(ix.path+rebuildSuffix, nil, 0o600); werr != nil {
				ix.log.Error("index: cannot note that the index needs rebuilding", "err", werr)
			}
		}
		ix.log.Warn("index damaged in use; it will be rebuilt when next opened", "op", op)
		return fmt.Errorf("index: %s: %w: %w", op, ErrDamaged, err)
	}
	return fmt.Errorf("index: %s: %w", op, err)
}

// rebuildSuffix names the marker that asks the next Open to rebuild.
const rebuildSuffix = ".rebuild"

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
