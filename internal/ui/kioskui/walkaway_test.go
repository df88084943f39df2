package kioskui

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

// TestFinishedDrawingLeavesBeforeTheIdleWarning (issue 12, on the bench's
// MinIO): a patient finishes and tags a drawing, then walks away. The
// piece is in the bucket, complete and not marked unfinished, before the
// idle warning appears; the visit record, with the check-in mood, follows
// at the reset. Both are read back as the gallery does (library pull,
// signatures checked against the kiosk's key).
func TestFinishedDrawingLeavesBeforeTheIdleWarning(t *testing.T) {
	s3 := testbench.S3(t)
	t.Setenv("AFTERIMAGE_REMOTE_URL", "http://"+s3.Endpoint)
	t.Setenv("AFTERIMAGE_REMOTE_BUCKET", s3.Bucket)
	t.Setenv("AFTERIMAGE_REMOTE_ACCESS_KEY", s3.AccessKey)
	t.Setenv("AFTERIMAGE_REMOTE_SECRET_KEY", s3.SecretKey)
	k := newKiosk(t)
	if k.cfg.Remote.Type != config.RemoteS3 {
		t.Fatalf("the kiosk uploads to %q, want the bench's S3", k.cfg.Remote.Type)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.ui.deps.Station.Outbox.Run(ctx) // as Start does, without the wall-clock ticks

	signer, err := provenance.LoadSigner(filepath.Join(k.cfg.DataDir, provenance.DevKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	trust := provenance.NewTrust()
	if err := trust.Add(k.cfg.KioskID, signer.PublicKey()); err != nil {
		t.Fatal(err)
	}
	lib, err := library.OpenOptions(t.TempDir(), k.ui.deps.Station.Remote, k.opener,
		library.Options{Logger: slog.New(slog.DiscardHandler), Trust: trust})
	if err != nil {
		t.Fatal(err)
	}
	var pieces []*library.Piece
	var visits []*library.Visit
	// pullUntil pulls as the gallery does until done says enough arrived.
	pullUntil := func(what string, done func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !done() {
			if time.Now().After(deadline) {
				t.Fatalf("%s never reached the bucket", what)
			}
			p, err := lib.Pull(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Damaged)+len(p.Unverified) != 0 {
				t.Fatalf("the gallery found problems: %+v, %d unverified", p.Damaged, len(p.Unverified))
			}
			pieces, visits = append(pieces, p.Pieces...), append(visits, p.Visits...)
			time.Sleep(50 * time.Millisecond) // polling the outbox's background upload
		}
	}

	checkIn := piece.Mood{Pleasantness: 3, Energy: 7}
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.setMood(t, checkIn)
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	grid := find(t, k, func(*tagging.Grid) bool { return true })
	test.TapAt(grid, fyne.NewPos(grid.Size().Width*0.8, grid.Size().Height*0.2))
	k.tap(t, "Done")
	k.waitScreen(t, kiosk.Another)

	// The patient walks away. The clock has not moved: no idle warning yet.
	pullUntil("the tagged drawing", func() bool { return len(pieces) >= 1 })
	if s := k.ui.Machine().Screen(); s != kiosk.Another {
		t.Fatalf("the kiosk shows %q, want Another still (no idle warning before the piece left)", s)
	}
	if len(pieces) != 1 {
		t.Fatalf("%d pieces in the bucket, want the drawing", len(pieces))
	}
	d := pieces[0]
	mf := d.Manifest
	if mf.Unfinished || mf.Kind != piece.Drawing || mf.Emotions == nil || mf.Emotions.Quadrant != "pleasant-high" ||
		mf.PatientCode != string(code) || !d.Verified {
		t.Fatalf("drawing in the bucket: unfinished %v kind %s emotions %+v verified %v", mf.Unfinished, mf.Kind, mf.Emotions, d.Verified)
	}
	roles := map[string]string{}
	for _, b := range mf.Blobs {
		roles[b.Role] = b.Name
	}
	for _, role := range []string{piece.RoleOriginal, piece.RoleThumbnail, piece.RoleStrokes} {
		data, err := d.ReadBlob(roles[role])
		if err != nil || len(data) == 0 {
			t.Fatalf("the drawing's %s: %d bytes, %v", role, len(data), err)
		}
		if role == piece.RoleOriginal {
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("the drawing's PNG does not decode: %v", err)
			}
		}
	}
	if len(visits) != 0 {
		t.Fatal("a visit record reached the bucket before the visit ended")
	}

	m := k.ui.Machine()
	m.Tick(k.clock.Add(3 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)
	pullUntil("the visit record", func() bool { return len(visits) >= 1 })
	if len(pieces) != 1 {
		t.Fatalf("%d pieces after the reset, want the one drawing (nothing saved twice)", len(pieces))
	}
	v := visits[0]
	if !v.Verified || v.Record.CheckedOut || v.Record.CheckIn == nil || *v.Record.CheckIn != checkIn ||
		len(v.Record.Pieces) != 1 || v.Record.Pieces[0] != mf.ID {
		t.Fatalf("visit record: verified %v %+v", v.Verified, v.Record)
	}
	if in, out, ok := library.Moods(visits, d); !ok || in == nil || *in != checkIn || out != nil {
		t.Fatalf("the gallery's moods for the drawing: %v → %v (%v), want %v and none", in, out, ok, checkIn)
	}
}
