package station

import (
	"bytes"
	"context"
	"image/png"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/recovered"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestStartRecoversPiecesTheGalleryRebuilds: at the start after a crash a
// kiosk promotes its drafts as they stand, marked unfinished, and what the
// gallery rebuilds from them (internal/recovered) is viewable: the
// recording's segments a FLAC of their length, the stroke log a PNG.
func TestStartRecoversPiecesTheGalleryRebuilds(t *testing.T) {
	cfg, st := devStation(t)
	ctx := context.Background()
	p := paint.New(paint.Options{Width: 200, Height: 120, Seed: 5})
	p.BeginStroke(10, 10, 0)
	p.StrokeTo(190, 110, 40*time.Millisecond)
	p.EndStroke()
	d := piece.New(piece.Drawing, cfg.KioskID, "K7Q4M2X", time.Now())
	if err := st.Spool.SaveDraft(ctx, d, drawing.DraftBlobs(p.Log().Snapshot())); err != nil {
		t.Fatal(err)
	}
	r := piece.New(piece.Voice, cfg.KioskID, "K7Q4M2X", time.Now())
	seg := spool.Bytes("s0001", piece.RoleSegment, "application/vnd.afterimage.segment",
		audio.EncodeSegment(0, make([]int16, 2*audio.SampleRate)))
	if err := st.Spool.SaveDraft(ctx, r, []spool.BlobSource{seg}); err != nil {
		t.Fatal(err)
	}

	st2, err := Open(ctx, cfg, quiet) // the next start
	if err != nil {
		t.Fatal(err)
	}
	_, o, err := seal.NewDevSealer(cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	rebuilt := func(id piece.ID, role string) []byte {
		t.Helper()
		opened, err := st2.Spool.OpenPiece(id, o)
		if err != nil {
			t.Fatal(err)
		}
		if !opened.Manifest.Unfinished || !recovered.Needed(opened.Manifest) {
			t.Fatalf("recovered piece %s: unfinished %v, needs rebuilding %v", id, opened.Manifest.Unfinished, recovered.Needed(opened.Manifest))
		}
		r, err := recovered.Rebuild(ctx, opened.Manifest, opened.ReadBlob, recovered.Limits{})
		if err != nil {
			t.Fatalf("rebuild %s: %v", id, err)
		}
		out := r.Output(role)
		if out == nil {
			t.Fatalf("rebuilt piece %s has no %s", id, role)
		}
		return out.Data
	}
	if _, err := png.Decode(bytes.NewReader(rebuilt(d.ID, piece.RoleOriginal))); err != nil {
		t.Fatalf("recovered drawing's PNG: %v", err)
	}
	pcm, _, err := media.DecodeFLAC(bytes.NewReader(rebuilt(r.ID, piece.RoleOriginal)))
	if err != nil || len(pcm) != 2*audio.SampleRate {
		t.Fatalf("recovered recording: %d samples, %v; want the segment's %d", len(pcm), err, 2*audio.SampleRate)
	}
}
