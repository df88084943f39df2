package gallery

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// clinic is a development clinic: a kiosk that seals, signs and uploads
// through its real outbox into a folder remote, and a gallery data folder.
type clinic struct {
	t       testing.TB
	data    string
	rem     remote.Remote
	sp      *spool.Spool
	ob      *outbox.Outbox
	trust   *provenance.Trust
	id      age.Identity
	discard *slog.Logger
}

func newClinic(t testing.TB) *clinic {
	t.Helper()
	c := &clinic{t: t, data: t.TempDir(), discard: slog.New(slog.DiscardHandler)}
	sealer, _, err := seal.NewDevSealer(c.data)
	if err != nil {
		t.Fatal(err)
	}
	c.id, _, err = seal.DevIdentity(c.data)
	if err != nil {
		t.Fatal(err)
	}
	if c.rem, err = dir.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if c.sp, err = spool.Open(t.TempDir(), sealer); err != nil {
		t.Fatal(err)
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	c.sp.SetSigner(signer)
	c.trust = provenance.NewTrust()
	c.trust.Add("lounge-1", signer.PublicKey())
	c.ob, err = outbox.New(outbox.Options{KioskID: "lounge-1", Remote: c.rem, Source: outbox.FromSpool(c.sp), StateDir: t.TempDir(), Logger: c.discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go c.ob.Run(ctx)
	return c
}

// save makes a finished drawing with a thumbnail and uploads it.
func (c *clinic) save(code, title string) *piece.Manifest {
	c.t.Helper()
	return c.saveIn(code, title, "")
}

// saveIn is save, the piece made during visit ("" for none).
func (c *clinic) saveIn(code, title, visit string) *piece.Manifest {
	c.t.Helper()
	m := piece.New(piece.Drawing, "lounge-1", code, time.Now())
	m.VisitID = visit
	m.Title, m.Reflection, m.Finished = title, "It felt like coming home.", time.Now()
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-high", X: 0.8, Y: 0.8, Words: []piece.EmotionTag{{Word: "hopeful", Intensity: 4}}}
	thumb := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for i := range thumb.Pix {
		thumb.Pix[i] = 200
	}
	thumb.Set(10, 10, color.Black)
	var jp bytes.Buffer
	if err := jpeg.Encode(&jp, thumb, nil); err != nil {
		c.t.Fatal(err)
	}
	if err := c.sp.Save(context.Background(), m, []spool.BlobSource{
		spool.Bytes("", piece.RoleOriginal, "image/png", []byte("png")),
		spool.Bytes("", piece.RoleThumbnail, "image/jpeg", jp.Bytes()),
	}); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		c.t.Fatalf("upload: %v", err)
	}
	return m
}

// options are a session's options for this clinic: the passphrase "right"
// unlocks the development identity.
func (c *clinic) options() Options {
	return Options{
		Unlock: func(pass string) ([]age.Identity, error) {
			if pass != "right" {
				return nil, ErrWrongPassphrase
			}
			return []age.Identity{c.id}, nil
		},
		Open: func(ids []age.Identity, progress func(done, total int)) (*Opened, error) {
			return OpenStore(c.data, c.rem, ids, library.Options{Logger: c.discard, Trust: c.trust, Progress: progress})
		},
		Logger: c.discard,
	}
}

// events records a session's callbacks for tests to wait on.
type events struct {
	states  chan stateEvent
	pieces  chan []string
	thumbs  chan piece.ID
	statuss chan Status
}

type stateEvent struct {
	s   State
	err error
}

func (e *events) hook(o *Options) {
	e.states = make(chan stateEvent, 64)
	e.pieces = make(chan []string, 64)
	e.thumbs = make(chan piece.ID, 64)
	e.statuss = make(chan Status, 1024)
	o.OnState = func(s State, err error) { e.states <- stateEvent{s, err} }
	o.OnPieces = func(p []string) { e.pieces <- p }
	o.OnThumbnail = func(id piece.ID) { e.thumbs <- id }
	o.OnStatus = func(s Status) {
		select {
		case e.statuss <- s:
		default:
		}
	}
}

func (e *events) waitState(t testing.TB, want State) stateEvent {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-e.states:
			if ev.s == want {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %v state within 30 s", want)
		}
	}
}

func pieceID(s string) piece.ID { return piece.ID(s) }

// unlocked starts a session with opts, unlocks it and waits for its first
// pull's pieces; it is locked at the test's end.
func (c *clinic) unlocked(opts Options) *Session {
	c.t.Helper()
	var ev events
	ev.hook(&opts)
	s := New(opts)
	s.Unlock("right")
	ev.waitState(c.t, Unlocked)
	<-ev.pieces
	c.t.Cleanup(func() { s.Lock(); <-s.Closed() })
	return s
}

// crashed saves m's draft holding blobs and promotes it as a kiosk does
// at its next start after a crash, then uploads it.
func (c *clinic) crashed(m *piece.Manifest, blobs []spool.BlobSource) {
	c.t.Helper()
	ctx := context.Background()
	if err := c.sp.SaveDraft(ctx, m, blobs); err != nil {
		c.t.Fatal(err)
	}
	if err := c.sp.PromoteDraft(ctx, m.ID); err != nil {
		c.t.Fatal(err)
	}
	fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(fctx); err != nil {
		c.t.Fatal(err)
	}
}
