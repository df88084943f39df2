package drawing

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

func paintSomething(p *paint.Painter, t0 time.Duration) {
	p.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: paint.SizeLarge, Opacity: 1})
	p.BeginStroke(100, 100, t0)
	for i := 1; i <= 20; i++ {
		p.StrokeTo(100+float64(i)*60, 100+float64(i*i), t0+time.Duration(i)*10*time.Millisecond)
	}
	p.EndStroke()
}

func openSpool(t *testing.T) (*spool.Spool, *seal.Opener) {
	t.Helper()
	id, rcp, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		t.Fatal(err)
	}
	s, err := seal.NewSealer(rcp)
	if err != nil {
		t.Fatal(err)
	}
	o, err := seal.NewOpener(id)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	return sp, o
}

func manifest(unfinished bool) *piece.Manifest {
	m := &piece.Manifest{Schema: piece.SchemaVersion, ID: piece.NewID(), Kind: piece.Drawing,
		Started: time.Now().UTC().Add(-time.Minute), KioskID: "kiosk-test", PatientCode: "T-0001",
		PromptID: "session-image", Unfinished: unfinished}
	if !unfinished {
		m.Finished = time.Now().UTC()
	}
	return m
}

func TestSaveIntoSpool(t *testing.T) {
	p := paint.New(paint.Options{Seed: 1})
	paintSomething(p, 0)
	res := Capture(p, "session-image", time.Now())
	if res.Empty() || res.Image.Bounds() != image.Rect(0, 0, 1920, 1080) {
		t.Fatalf("capture: empty=%v bounds=%v", res.Empty(), res.Image.Bounds())
	}
	// the capture is a copy: painting on does not change it
	before := bytes.Clone(res.Image.Pix)
	paintSomething(p, time.Second)
	if !bytes.Equal(before, res.Image.Pix) {
		t.Fatal("the captured image changed when painting went on")
	}

	enc, err := res.Encode()
	if err != nil {
		t.Fatal(err)
	}
	sp, opener := openSpool(t)
	m := manifest(false)
	if err := sp.Save(context.Background(), m, enc.Blobs()); err != nil {
		t.Fatal(err)
	}
	opened, err := sp.OpenPiece(m.ID, opener)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, b := range opened.Manifest.Blobs {
		roles[b.Role] = b.MediaType
	}
	want := map[string]string{piece.RoleOriginal: MediaTypePNG, piece.RoleThumbnail: MediaTypeJPEG, piece.RoleStrokes: MediaTypeStrokes}
	for r, mt := range want {
		if roles[r] != mt {
			t.Errorf("blob %s has media type %q, want %q", r, roles[r], mt)
		}
	}

	pngData, err := opened.ReadBlob(BlobOriginal)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	got := image.NewRGBA(img.Bounds())
	for y := 0; y < 1080; y++ {
		for x := 0; x < 1920; x++ {
			got.Set(x, y, img.At(x, y))
		}
	}
	if !bytes.Equal(got.Pix, res.Image.Pix) {
		t.Error("the saved PNG differs from the canvas")
	}

	thumbData, err := opened.ReadBlob(BlobThumbnail)
	if err != nil {
		t.Fatal(err)
	}
	th, err := jpeg.Decode(bytes.NewReader(thumbData))
	if err != nil {
		t.Fatal(err)
	}
	if th.Bounds().Dx() != 512 || th.Bounds().Dy() != 288 {
		t.Errorf("thumbnail is %v, want 512×288", th.Bounds())
	}

	strokes, err := opened.ReadBlob(BlobStrokes)
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := paint.Replay(strokes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(replayed.Canvas().Snapshot().Pix, res.Image.Pix) {
		t.Error("replaying the saved stroke log does not give the saved image")
	}
}

// spoolDrafter is how a kiosk plugs the spool in: its manifest, the spool's
// SaveDraft.
type spoolDrafter struct {
	s *spool.Spool
	m *piece.Manifest
}

func (d spoolDrafter) SaveDraft(ctx context.Context, blobs []spool.BlobSource) error {
	return d.s.SaveDraft(ctx, d.m, blobs)
}

func TestAutosaveCheckpointsTheStrokeLog(t *testing.T) {
	sp, opener := openSpool(t)
	m := manifest(true)
	p := paint.New(paint.Options{Width: 640, Height: 360, Seed: 2})
	a := NewAutosaver(p.Log(), spoolDrafter{sp, m}, 10*time.Millisecond)

	// nothing drawn: no draft
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ds, _ := sp.Drafts(); len(ds) != 0 {
		t.Fatalf("a draft was saved before anything was drawn")
	}

	a.Saved = make(chan uint64, 4)
	a.Start(context.Background())
	defer a.Stop()
	paintSomething(p, 0)
	gen := p.Log().Generation()
	select {
	case g := <-a.Saved:
		if g != gen {
			t.Fatalf("checkpoint of generation %d, want %d", g, gen)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no checkpoint within 10 s")
	}
	a.Stop()

	ds, err := sp.Drafts()
	if err != nil || len(ds) != 1 || ds[0].ID != m.ID {
		t.Fatalf("drafts = %v, %v; want the one draft", ds, err)
	}
	opened, err := sp.OpenDraft(m.ID, opener)
	if err != nil {
		t.Fatal(err)
	}
	strokes, err := opened.ReadBlob(BlobStrokes)
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := paint.Replay(strokes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(replayed.Canvas().Snapshot().Pix, p.Canvas().Snapshot().Pix) {
		t.Error("the draft's stroke log does not rebuild the drawing")
	}

	// unchanged log: Flush writes nothing new
	before, _ := sp.Drafts()
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	after, _ := sp.Drafts()
	if before[0].Generation != after[0].Generation {
		t.Error("an unchanged log was checkpointed again")
	}
}
