package audit

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Head is the last entry of a chain: what an install knows it has
// written, against which Verify detects a truncated chain.
type Head struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// Root is where every install's chain is stored.
const Root = "v1/audit/"

// ObjectKey names the object holding entries first..last of install.
func ObjectKey(install string, first, last uint64) string {
	return fmt.Sprintf("%s%s/%020d-%020d.age", Root, install, first, last)
}

// parseObjectKey reads ObjectKey's name back.
func parseObjectKey(key string) (install string, first, last uint64, ok bool) {
	rest, found := strings.CutPrefix(key, Root)
	install, name, found2 := strings.Cut(rest, "/")
	if !found || !found2 || !validInstall(install) {
		return "", 0, 0, false
	}
	name, found = strings.CutSuffix(name, ".age")
	a, b, found2 := strings.Cut(name, "-")
	if !found || !found2 || len(a) != 20 || len(b) != 20 {
		return "", 0, 0, false
	}
	f, err1 := strconv.ParseUint(a, 10, 64)
	l, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil || f == 0 || l < f {
		return "", 0, 0, false
	}
	return install, f, l, true
}

// validInstall accepts the ids NewInstallID makes and nothing that could
// leave the audit folder.
func validInstall(id string) bool {
	if len(id) < 3 || len(id) > 40 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Log appends one install's entries. Each entry is sealed to the clinic
// and kept in <dir>/pending/ until Flush stores the pending entries in the
// bucket as one create-only object; <dir>/head records the last entry.
// Safe for concurrent use.
type Log struct {
	mu      sync.Mutex
	dir     string
	install string
	signer  Signer
	sealer  *seal.Sealer
	remote  remote.Remote
	now     func() time.Time
	head    Head
	pending []Entry
}

// Options configure Open.
type Options struct {
	Dir    string        // the install's audit folder (in the gallery's data folder)
	Signer Signer        // the install's key
	Sealer *seal.Sealer  // to the clinic's recipients
	Opener *seal.Opener  // to read pending entries back at start
	Remote remote.Remote // where chains are stored
	Now    func() time.Time
}

// Open opens the install's log in o.Dir, creating it (and the install's
// id) the first time.
func Open(o Options) (*Log, error) {
	if err := os.MkdirAll(filepath.Join(o.Dir, "pending"), 0o700); err != nil {
		return nil, fmt.Errorf("audit: open: %w", err)
	}
	install, err := installID(o.Dir)
	if err != nil {
		return nil, err
	}
	l := &Log{dir: o.Dir, install: install, signer: o.Signer, sealer: o.Sealer, remote: o.Remote, now: o.Now}
	if l.now == nil {
		l.now = time.Now
	}
	if l.head, err = ReadHead(o.Dir); err != nil {
		return nil, err
	}
	names, err := filepath.Glob(filepath.Join(o.Dir, "pending", "*.age"))
	if err != nil {
		return nil, fmt.Errorf("audit: open: %w", err)
	}
	slices.Sort(names)
	for _, name := range names {
		sealed, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("audit: open: %w", err)
		}
		line, err := o.Opener.OpenBytes(sealed)
		if err != nil {
			return nil, fmt.Errorf("audit: open pending %s: %w", filepath.Base(name), err)
		}
		e, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("audit: open pending %s: %w", filepath.Base(name), err)
		}
		l.pending = append(l.pending, e)
	}
	return l, nil
}

// Install is the id of this install's chain.
func (l *Log) Install() string { return l.install }

// installID reads the install's id, making one the first time.
func installID(dir string) (string, error) {
	path := filepath.Join(dir, "install")
	if b, err := os.ReadFile(path); err == nil {
		id := strings.TrimSpace(string(b))
		if !validInstall(id) {
			return "", fmt.Errorf("audit: %s holds no install id", path)
		}
		return id, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("audit: read install id: %w", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("audit: new install id: %w", err)
	}
	id := "gallery-" + hex.EncodeToString(b[:])
	if err := atomicfile.Write(path, []byte(id+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("audit: write install id: %w", err)
	}
	return id, nil
}

// ReadHead reads the last entry an install's log in dir has written; the
// zero Head for a log that has written none.
func ReadHead(dir string) (Head, error) {
	var h Head
	b, err := os.ReadFile(filepath.Join(dir, "head"))
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &h)
	}
	if err != nil {
		return h, fmt.Errorf("audit: read head: %w", err)
	}
	return h, nil
}

// InstallOf reads the install id of the log in dir ("" if it has none).
func InstallOf(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "install"))
	if err != nil || !validInstall(strings.TrimSpace(string(b))) {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Append records ev: signed, chained, sealed and on disk when it returns.
func (l *Log) Append(ev Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := Entry{
		Seq: l.head.Seq + 1, Time: l.now().UTC().Truncate(time.Millisecond), Install: l.install,
		Actor: ev.Actor, Action: ev.Action, Patient: ev.Patient, Piece: ev.Piece, Prev: l.head.Hash,
	}
	if !actions[e.Action] {
		return fmt.Errorf("audit: append: unknown action %q", e.Action)
	}
	if e.Seq == 1 {
		e.Key = l.signer.PublicKey()
	}
	e.sign(l.signer)
	sealed, err := l.sealer.SealBytes(e.line())
	if err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	if err := atomicfile.Write(l.pendingPath(e.Seq), sealed, 0o600); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	head := Head{Seq: e.Seq, Hash: e.Hash()}
	b, _ := json.Marshal(head)
	if err := atomicfile.Write(filepath.Join(l.dir, "head"), b, 0o600); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	l.head = head
	l.pending = append(l.pending, e)
	return nil
}

func (l *Log) pendingPath(seq uint64) string {
	return filepath.Join(l.dir, "pending", fmt.Sprintf("%020d.age", seq))
}

// Pending is how many entries wait for Flush.
func (l *Log) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending)
}

// Flush stores the pending entries in the bucket as one object and lets
// go of them. An upload that succeeded before a crash is found by its
// name and not repeated.
func (l *Log) Flush(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.pending) > 0 {
		done, err := l.flushOnce(ctx)
		if err != nil {
			return err
		}
		if err := l.letGo(done); err != nil {
			return err
		}
	}
	return nil
}

// flushOnce stores the pending entries, or finds that an earlier Flush
// stored those from the first pending one on; it returns the last entry
// now in the bucket. The caller holds the lock.
func (l *Log) flushOnce(ctx context.Context) (uint64, error) {
	first := l.pending[0].Seq
	// An object starting at first exists when an earlier Flush stored it
	// and stopped before letting go of its entries.
	var done uint64
	err := l.remote.List(ctx, fmt.Sprintf("%s%s/%020d-", Root, l.install, first), "", func(info remote.Info) error {
		if _, _, last, ok := parseObjectKey(info.Key); ok {
			done = max(done, last)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("audit: flush: %w", err)
	}
	if done == 0 {
		last := l.pending[len(l.pending)-1].Seq
		var body bytes.Buffer
		for _, e := range l.pending {
			body.Write(e.line())
			body.WriteByte('\n')
		}
		sealed, err := l.sealer.SealBytes(body.Bytes())
		if err != nil {
			return 0, fmt.Errorf("audit: flush: %w", err)
		}
		sum := sha256.Sum256(sealed)
		_, err = l.remote.Put(ctx, ObjectKey(l.install, first, last), bytes.NewReader(sealed), int64(len(sealed)), hex.EncodeToString(sum[:]))
		if err != nil && !errors.Is(err, remote.ErrExists) {
			return 0, fmt.Errorf("audit: flush: %w", err)
		}
		done = last
	}
	return done, nil
}

// letGo removes the pending entries up to done. The caller holds the lock.
func (l *Log) letGo(done uint64) error {
	kept := l.pending[:0]
	for _, e := range l.pending {
		if e.Seq > done {
			kept = append(kept, e)
			continue
		}
		if err := os.Remove(l.pendingPath(e.Seq)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("audit: flush: %w", err)
		}
	}
	l.pending = kept
	return nil
}

// Unsent is a copy of the entries this install has written that are not
// in the bucket yet (they wait on disk for Flush), oldest first.
func (l *Log) Unsent() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.pending)
}
