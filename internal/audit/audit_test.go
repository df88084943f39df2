package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// bench is a log written to a folder remote, sealed to a development key.
type bench struct {
	remote remote.Remote
	root   string // the remote's folder
	sealer *seal.Sealer
	opener *seal.Opener
	log    *Log
	signer *provenance.Signer
}

func newBench(t *testing.T, entries, batch int) *bench {
	t.Helper()
	root := t.TempDir()
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	s, o, err := seal.NewDevSealer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l, err := Open(Options{Dir: t.TempDir(), Signer: signer, Sealer: s, Opener: o, Remote: r,
		Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{remote: r, root: root, sealer: s, opener: o, log: l, signer: signer}
	for i := range entries {
		ev := Event{Actor: "Dr. Rivera", Action: PieceViewed, Patient: "K7Q4M2X", Piece: "01a2315a-9665-7352-bf8f-159e4b536fe8"}
		if i%7 == 0 {
			ev = Event{Actor: "Dr. Rivera", Action: PatientOpened, Patient: "K7Q4M2X"}
		}
		if err := l.Append(ev); err != nil {
			t.Fatal(err)
		}
		if (i+1)%batch == 0 {
			if err := l.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	return b
}

// clone is a copy of b's bucket and log folder, to tamper with.
func (b *bench) clone(t *testing.T) *bench {
	t.Helper()
	root, logDir := t.TempDir(), t.TempDir()
	if err := os.CopyFS(root, os.DirFS(b.root)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(logDir, os.DirFS(b.log.dir)); err != nil {
		t.Fatal(err)
	}
	r, err := dir.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open(Options{Dir: logDir, Signer: b.signer, Sealer: b.sealer, Opener: b.opener, Remote: r})
	if err != nil {
		t.Fatal(err)
	}
	return &bench{remote: r, root: root, sealer: b.sealer, opener: b.opener, log: l, signer: b.signer}
}

func (b *bench) verify(t *testing.T) Chain {
	t.Helper()
	h, err := ReadHead(b.log.dir)
	if err != nil {
		t.Fatal(err)
	}
	chains, err := Verify(t.Context(), b.remote, b.opener, map[string]Head{b.log.Install(): h})
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 {
		t.Fatalf("%d chains, want 1", len(chains))
	}
	return chains[0]
}

// objects lists the chain's object keys in order.
func (b *bench) objects(t *testing.T) []string {
	t.Helper()
	var keys []string
	if err := b.remote.List(t.Context(), Root, "", func(i remote.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	return keys
}

// rewrite is an insider with the clinic's key and write access to the
// bucket (but not the install's key) changing one object's entries.
func (b *bench) rewrite(t *testing.T, key string, change func(lines [][]byte) [][]byte) {
	t.Helper()
	rc, err := b.remote.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := io.ReadAll(rc)
	rc.Close()
	plain, err := b.opener.OpenBytes(sealed)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(plain, []byte("\n")), []byte("\n"))
	lines = change(lines)
	out, err := b.sealer.SealBytes(append(bytes.Join(lines, []byte("\n")), '\n'))
	if err != nil {
		t.Fatal(err)
	}
	b.replace(t, key, out)
}

func (b *bench) replace(t *testing.T, key string, data []byte) {
	t.Helper()
	if err := b.remote.Delete(t.Context(), key); err != nil {
		t.Fatal(err)
	}
	b.put(t, key, data)
}

func (b *bench) put(t *testing.T, key string, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	if _, err := b.remote.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), hex.EncodeToString(sum[:])); err != nil {
		t.Fatal(err)
	}
}

// TestChainVerifiesAndEveryTamperingIsNamed: 1,000 entries in batches of
// 100 verify whole; each way of tampering with them is found, and the
// break names the entry or object where it happened.
func TestChainVerifiesAndEveryTamperingIsNamed(t *testing.T) {
	base := newBench(t, 1000, 100)
	if c := base.verify(t); !c.OK() || c.Entries != 1000 || c.Last.Seq != 1000 || c.Key == "" {
		t.Fatalf("an untouched log: %d entries, last %d, breaks %v", c.Entries, c.Last.Seq, c.Breaks)
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, b *bench)
		want   string // in the first break
	}{
		{"truncate", func(t *testing.T, b *bench) {
			keys := b.objects(t)
			if err := b.remote.Delete(t.Context(), keys[len(keys)-1]); err != nil {
				t.Fatal(err)
			}
		}, "ends at entry 900, but this install has written 1000"},
		{"cut short", func(t *testing.T, b *bench) {
			key := b.objects(t)[9]
			rc, _ := b.remote.Get(t.Context(), key)
			sealed, _ := io.ReadAll(rc)
			rc.Close()
			b.replace(t, key, sealed[:len(sealed)-40])
		}, "00000000000000000901-00000000000000001000.age: cannot be opened"},
		{"edit one byte", func(t *testing.T, b *bench) {
			key := b.objects(t)[3]
			rc, _ := b.remote.Get(t.Context(), key)
			sealed, _ := io.ReadAll(rc)
			rc.Close()
			sealed[len(sealed)/2] ^= 1
			b.replace(t, key, sealed)
		}, "00000000000000000301-00000000000000000400.age: cannot be opened"},
		{"edit one entry", func(t *testing.T, b *bench) {
			b.rewrite(t, b.objects(t)[4], func(l [][]byte) [][]byte {
				l[10] = bytes.Replace(l[10], []byte("K7Q4M2X"), []byte("K7Q4M2Y"), 1)
				return l
			})
		}, "entry 411 (in v1/audit/"},
		{"drop an entry", func(t *testing.T, b *bench) {
			b.rewrite(t, b.objects(t)[5], func(l [][]byte) [][]byte { return append(l[:20:20], l[21:]...) })
		}, "entries 521 to 521 are missing"},
		{"swap two", func(t *testing.T, b *bench) {
			b.rewrite(t, b.objects(t)[6], func(l [][]byte) [][]byte { l[30], l[31] = l[31], l[30]; return l })
		}, "entry 632 (in"},
		{"replay an old entry", func(t *testing.T, b *bench) {
			b.rewrite(t, b.objects(t)[9], func(l [][]byte) [][]byte { return append(l, l[5]) }) // entry 906 again
		}, "entry 906 (in v1/audit/"},
		{"append with another key", func(t *testing.T, b *bench) {
			other, _ := provenance.NewSigner()
			h, _ := ReadHead(b.log.dir)
			e := Entry{Seq: 1001, Time: time.Now().UTC(), Install: b.log.Install(), Actor: "someone", Action: PieceViewed, Prev: h.Hash}
			e.sign(other)
			sealed, _ := b.sealer.SealBytes(append(e.line(), '\n'))
			b.put(t, ObjectKey(b.log.Install(), 1001, 1001), sealed)
		}, "entry 1001 (in"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := base.clone(t)
			tc.tamper(t, b)
			c := b.verify(t)
			if c.OK() {
				t.Fatal("the tampered log verifies")
			}
			if !slices.ContainsFunc(c.Breaks, func(b Break) bool { return strings.Contains(b.String(), tc.want) }) {
				t.Fatalf("no break names %q: %v", tc.want, c.Breaks)
			}
		})
	}
}

// TestFlushAfterACrashStoresEachEntryOnce: entries stored by a Flush that
// stopped before letting go of them are not stored again by the next.
func TestFlushAfterACrashStoresEachEntryOnce(t *testing.T) {
	b := newBench(t, 0, 1)
	for range 5 {
		if err := b.log.Append(Event{Actor: "a", Action: Unlock}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.log.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	restarted := func() *Log {
		l, err := Open(Options{Dir: b.log.dir, Signer: b.signer, Sealer: b.sealer, Opener: b.opener, Remote: b.remote})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := restarted()
	if len(l.pending) != 0 {
		t.Fatalf("%d entries still pending after a flush", len(l.pending))
	}
	// The crash: put back the pending files of entries 1-5, as a Flush
	// that stored them and stopped before removing them leaves them.
	rc, err := b.remote.Get(t.Context(), ObjectKey(l.Install(), 1, 5))
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := io.ReadAll(rc)
	rc.Close()
	plain, _ := b.opener.OpenBytes(sealed)
	for _, line := range bytes.Split(bytes.TrimSpace(plain), []byte("\n")) {
		e, err := parseEntry(line)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := b.sealer.SealBytes(e.line())
		if err := os.WriteFile(l.pendingPath(e.Seq), s, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l = restarted()
	if err := l.Append(Event{Actor: "a", Action: Unlock}); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	c := b.verify(t)
	if !c.OK() || c.Entries != 6 {
		t.Fatalf("after a crash between upload and clean-up: %d entries, breaks %v; want 6, none", c.Entries, c.Breaks)
	}
	if names, _ := filepath.Glob(filepath.Join(l.dir, "pending", "*")); len(names) != 0 {
		t.Fatalf("still pending: %v", names)
	}
}

// FuzzParseEntry: no stored line makes parseEntry panic, and a line it
// accepts keeps its hash through a round trip.
func FuzzParseEntry(f *testing.F) {
	e := Entry{Seq: 1, Time: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Install: "gallery-0a1b2c", Key: "ed25519:AAAA", Actor: "Dr. Rivera", Action: Unlock, Sig: "c2ln"}
	f.Add(e.line())
	e.Seq, e.Key, e.Action, e.Patient = 2, "", PieceViewed, "K7Q4M2X"
	f.Add(e.line())
	f.Add([]byte(`{"seq":0}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := parseEntry(line)
		if err != nil {
			return
		}
		again, err := parseEntry(e.line())
		if err != nil || again.Hash() != e.Hash() {
			t.Fatalf("an accepted entry does not read back the same: %v", err)
		}
	})
}
