package galleryui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden images show dates
	os.Exit(m.Run())
}

var discard = slog.New(slog.DiscardHandler)

// clinic is a development clinic: a kiosk that seals, signs and uploads
// through its real outbox into a folder remote, and a gallery data folder.
type clinic struct {
	t     *testing.T
	data  string
	rem   remote.Remote
	sp    *spool.Spool
	ob    *outbox.Outbox
	trust *provenance.Trust
	id    age.Identity
	at    time.Time // when the next piece is made; zero: now
	visit string    // the visit id of the next pieces saved ("" none)
}

func newClinic(t *testing.T) *clinic {
	t.Helper()
	c := &clinic{t: t, data: t.TempDir()}
	sealer, _, err := seal.NewDevSealer(c.data)
	if err != nil {
		t.Fatal(err)
	}
	if c.id, _, err = seal.DevIdentity(c.data); err != nil {
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
	if c.ob, err = outbox.New(outbox.Options{KioskID: "lounge-1", Remote: c.rem, Source: outbox.FromSpool(c.sp), StateDir: t.TempDir(), Logger: discard}); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go c.ob.Run(ctx)
	return c
}

// save makes a finished drawing with a thumbnail and uploads it.
func (c *clinic) save(code, title, reflection string) *piece.Manifest {
	c.t.Helper()
	return c.saveDrawing(code, title, reflection, []byte("png"))
}

// saveDrawing is save with the drawing's PNG.
func (c *clinic) saveDrawing(code, title, reflection string, original []byte) *piece.Manifest {
	c.t.Helper()
	at := c.at
	if at.IsZero() {
		at = time.Now()
	}
	m := piece.New(piece.Drawing, "lounge-1", code, at)
	m.VisitID = c.visit
	m.Title, m.Reflection, m.Finished = title, reflection, at.Add(10*time.Minute)
	c.at = c.at.Add(20 * time.Minute)
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-high", X: 0.8, Y: 0.8, Words: []piece.EmotionTag{{Word: "hopeful", Intensity: 4}}}
	m.MoodCheckIn, m.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
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
		spool.Bytes("", piece.RoleOriginal, "image/png", original),
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

// saveEncoded uploads a drawing as the kiosk encodes it (PNG, thumbnail,
// stroke log).
func (c *clinic) saveEncoded(code, title string, enc *drawing.Encoded) *piece.Manifest {
	c.t.Helper()
	m := piece.New(piece.Drawing, "lounge-1", code, c.at)
	m.Title, m.Finished = title, c.at.Add(10*time.Minute)
	if err := c.sp.Save(context.Background(), m, enc.Blobs()); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		c.t.Fatalf("upload: %v", err)
	}
	return m
}

// sessionOptions unlock the development identity with the passphrase
// "right"; opened receives what each unlock opened.
func (c *clinic) sessionOptions(opened chan<- *gallery.Opened) gallery.Options {
	return gallery.Options{
		Unlock: func(pass string) ([]age.Identity, error) {
			if pass != "right" {
				return nil, gallery.ErrWrongPassphrase
			}
			return []age.Identity{c.id}, nil
		},
		Open: func(ids []age.Identity, progress func(done, total int)) (*gallery.Opened, error) {
			o, err := gallery.OpenStore(c.data, c.rem, ids, library.Options{Logger: discard, Trust: c.trust, Progress: progress})
			if err == nil && opened != nil {
				opened <- o
			}
			return o, err
		},
		PullEvery: 50 * time.Millisecond,
		Logger:    discard,
	}
}

// indexed is an index at a temporary path, filled with manifests and
// opened by the passphrase "right" (no library: nothing is pulled, no
// thumbnail decoded).
type indexed struct {
	t      *testing.T
	id     age.Identity
	path   string
	secret []byte
}

func newIndexed(t *testing.T, entries []index.Entry) indexed {
	t.Helper()
	id, _, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := index.KeyMaterial(id)
	if err != nil {
		t.Fatal(err)
	}
	x := indexed{t: t, id: id, path: filepath.Join(t.TempDir(), "index.db"), secret: secret}
	x.with(nil, func(ix *index.Index) error { return ix.AddPieces(slices.Values(entries)) })
	return x
}

// with opens the index (opts may be nil), runs fill and closes it.
func (x indexed) with(opts *index.Options, fill func(*index.Index) error) {
	x.t.Helper()
	ix, _, err := index.Open(x.path, x.secret, opts)
	if err != nil {
		x.t.Fatal(err)
	}
	defer ix.Close()
	if err := fill(ix); err != nil {
		x.t.Fatal(err)
	}
}

// options are a gallery's options opening this index.
func (x indexed) options() gallery.Options {
	return gallery.Options{
		Unlock: func(string) ([]age.Identity, error) { return []age.Identity{x.id}, nil },
		Open: func([]age.Identity, func(int, int)) (*gallery.Opened, error) {
			ix, _, err := index.Open(x.path, x.secret, nil)
			return &gallery.Opened{Index: ix}, err
		},
		PullEvery: time.Hour,
		Logger:    discard,
	}
}

// fixedIndex is an index filled with manifests, some marked damaged.
func fixedIndex(t *testing.T, entries []index.Entry, damaged map[piece.ID]string) gallery.Options {
	t.Helper()
	x := newIndexed(t, entries)
	x.with(nil, func(ix *index.Index) error {
		for p, why := range damaged {
			if err := ix.MarkDamaged("lounge-1", p, why); err != nil {
				return err
			}
		}
		return nil
	})
	return x.options()
}

// walk visits o and everything it draws (widgets through their renderers).
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walk(c, f)
		}
	}
}

// texts is every text the window's tree holds.
func texts(u *UI) string {
	var out []string
	u.inUI(func() {
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *canvas.Text:
				out = append(out, v.Text)
			case *widget.Label:
				out = append(out, v.Text)
			case *widget.Entry:
				out = append(out, v.Text)
			}
		})
	})
	return strings.Join(out, "\n")
}

// waitFor polls cond (under the UI's lock) until it holds, touching the
// session like a clinician's hand on the mouse when touch is set.
func waitFor(t *testing.T, u *UI, what string, touch bool, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		u.inUI(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30 s", what)
		}
		if touch {
			u.s.Touch()
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
}

// closeUI closes the window (which locks the gallery) and waits until the
// session has stopped and its last callbacks have run: nothing of this test
// touches Fyne after it (Fyne's caches are not safe across goroutines).
func closeUI(u *UI) {
	u.inUI(func() { u.win.Close() })
	u.s.Lock()
	u.s.Sync()
	<-u.s.Closed()
	u.s.Sync()
}
