package gallery

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
)

// TestUnlockBrowseLock: a wrong passphrase leaves the session locked and
// says why; the right one opens the index, whose patients and timeline
// hold the pulled piece with its thumbnail decoded on the session's
// workers; Lock drops the thumbnails, refuses queries and closes the index.
func TestUnlockBrowseLock(t *testing.T) {
	c := newClinic(t)
	m := c.save("K7Q4M2X", "Lighthouse")
	opts := c.options()
	var opened *Opened
	open := opts.Open
	opts.Open = func(ids []age.Identity, p func(int, int)) (*Opened, error) {
		o, err := open(ids, p)
		opened = o
		return o, err
	}
	opts.PullEvery = time.Hour
	var ev events
	ev.hook(&opts)
	s := New(opts)

	s.Unlock("wrong")
	if got := ev.waitState(t, Unlocking); got.err != nil {
		t.Fatal(got.err)
	}
	if got := ev.waitState(t, Locked); !errors.Is(got.err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", got.err)
	}
	if _, err := s.Patients(""); !errors.Is(err, ErrLocked) {
		t.Fatalf("patients while locked: %v", err)
	}

	s.Unlock("right")
	ev.waitState(t, Unlocked)
	select {
	case got := <-ev.pieces:
		if len(got) != 1 || got[0] != "K7Q4M2X" {
			t.Fatalf("pieces added for %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the first pull reported no new piece")
	}
	ps, err := s.Patients("k7q")
	if err != nil || len(ps) != 1 || ps[0].Code != "K7Q4M2X" || ps[0].Pieces != 1 {
		t.Fatalf("patients: %+v, %v", ps, err)
	}
	visits, err := s.Timeline("K7Q4M2X")
	if err != nil || len(visits) != 1 || len(visits[0].Pieces) != 1 || visits[0].Pieces[0].Title != "Lighthouse" {
		t.Fatalf("timeline: %+v, %v", visits, err)
	}
	p := visits[0].Pieces[0]
	if img, ready := s.Thumbnail(p); ready || img != nil {
		t.Fatal("a thumbnail was ready before it was decoded")
	}
	select {
	case id := <-ev.thumbs:
		if id != m.ID {
			t.Fatalf("thumbnail of %s", id)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the thumbnail was not decoded")
	}
	img, ready := s.Thumbnail(p)
	if !ready || img == nil || img.Bounds().Dx() != 64 {
		t.Fatalf("thumbnail: %v, %v", img, ready)
	}
	st := s.Status()
	if st.Pieces != 1 || st.LastPull.IsZero() || st.Offline {
		t.Fatalf("status: %+v", st)
	}

	s.Lock()
	if s.State() != Locked || s.Thumbnails() != 0 {
		t.Fatalf("after lock: %v, %d thumbnails", s.State(), s.Thumbnails())
	}
	if _, err := s.Timeline("K7Q4M2X"); !errors.Is(err, ErrLocked) {
		t.Fatalf("timeline while locked: %v", err)
	}
	if _, ready := s.Thumbnail(p); ready {
		t.Fatal("a thumbnail is served while locked")
	}
	select {
	case <-s.Closed():
	case <-time.After(30 * time.Second):
		t.Fatal("the pull loop did not stop")
	}
	if _, err := opened.Index.Count(); !errors.Is(err, index.ErrClosed) {
		t.Fatalf("the index after lock: %v, want closed", err)
	}

	// It unlocks again, from the same index.
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	if ps, err := s.Patients(""); err != nil || len(ps) != 1 {
		t.Fatalf("patients after a second unlock: %+v, %v", ps, err)
	}
	s.Lock()
	<-s.Closed()
}

// TestIdleLock: with no input for the idle time the session locks by
// itself, says it was the idle time, and closes the index.
func TestIdleLock(t *testing.T) {
	c := newClinic(t)
	opts := c.options()
	opts.IdleLock = 200 * time.Millisecond
	opts.PullEvery = time.Hour
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	ev.waitState(t, Locked)
	if !s.IdleLocked() {
		t.Fatal("locked, but not for the idle time")
	}
	<-s.Closed()
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	if s.IdleLocked() {
		t.Fatal("unlocked, still says idle-locked")
	}
	s.Lock()
	<-s.Closed()
}

// TestPieceAppearsWhileOpen: a piece uploaded while the session is
// unlocked is reported by the background pull and found in the index.
func TestPieceAppearsWhileOpen(t *testing.T) {
	c := newClinic(t)
	c.save("K7Q4M2X", "First")
	opts := c.options()
	opts.PullEvery = 20 * time.Millisecond
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("right")
	ev.waitState(t, Unlocked)
	<-ev.pieces
	c.save("VAFQM2E", "Second")
	select {
	case got := <-ev.pieces:
		if len(got) != 1 || got[0] != "VAFQM2E" {
			t.Fatalf("pieces added for %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the new piece was not pulled")
	}
	ps, err := s.Patients("")
	if err != nil || len(ps) != 2 {
		t.Fatalf("patients: %+v, %v", ps, err)
	}
	s.Lock()
	<-s.Closed()
}

// TestThumbnailCacheBounded: the cache keeps the most recently used.
func TestThumbnailCacheBounded(t *testing.T) {
	c := newThumbCache(2)
	c.put("a", nil)
	c.put("b", nil)
	c.get("a")
	c.put("c", nil)
	if _, ok := c.get("b"); ok {
		t.Fatal("the least recently used thumbnail was kept")
	}
	for _, id := range []string{"a", "c"} {
		if _, ok := c.get(pieceID(id)); !ok {
			t.Fatalf("%s dropped", id)
		}
	}
	if c.len() != 2 {
		t.Fatalf("%d kept", c.len())
	}
}

// TestIndexRebuiltNote: an index file that cannot be used is moved aside
// and rebuilt from the cache, and the note says so.
func TestIndexRebuiltNote(t *testing.T) {
	c := newClinic(t)
	c.save("K7Q4M2X", "Lighthouse")
	o, err := OpenStore(c.data, c.rem, []age.Identity{c.id}, library.Options{Logger: c.discard, Trust: c.trust})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Library.Pull(t.Context()); err != nil {
		t.Fatal(err)
	}
	o.Index.Close()
	path := index.DefaultPath(c.data)
	if err := os.WriteFile(path, []byte(strings.Repeat("garbage ", 2048)), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err = OpenStore(c.data, c.rem, []age.Identity{c.id}, library.Options{Logger: c.discard, Trust: c.trust})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Index.Close()
	if !strings.HasPrefix(o.Note, "index rebuilt (") {
		t.Fatalf("note: %q", o.Note)
	}
	if n, err := o.Index.Count(); err != nil || n != 1 {
		t.Fatalf("rebuilt index holds %d pieces, %v", n, err)
	}
}

// TestIndexUnavailable: an index that cannot be opened at all does not
// stop the gallery: a temporary index is filled from the cache and removed
// when closed, and the note says the index is unavailable.
func TestIndexUnavailable(t *testing.T) {
	c := newClinic(t)
	c.save("K7Q4M2X", "Lighthouse")
	if err := os.MkdirAll(index.DefaultPath(c.data)+".salt", 0o700); err != nil { // a folder where its salt should be
		t.Fatal(err)
	}
	o, err := OpenStore(c.data, c.rem, []age.Identity{c.id}, library.Options{Logger: c.discard, Trust: c.trust})
	if err != nil {
		t.Fatalf("open without the index: %v", err)
	}
	if o.Note != "index unavailable" || o.tempDir == "" {
		t.Fatalf("note %q, temporary folder %q", o.Note, o.tempDir)
	}
	if _, err := o.Library.Pull(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n, err := o.Index.Count(); err != nil || n != 1 {
		t.Fatalf("temporary index holds %d pieces, %v", n, err)
	}
	closeOpened(o, c.discard)
	if _, err := os.Stat(filepath.Join(o.tempDir)); !os.IsNotExist(err) {
		t.Fatalf("the temporary index is left: %v", err)
	}
}
