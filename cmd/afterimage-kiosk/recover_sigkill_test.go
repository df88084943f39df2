package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	stdpng "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// TestSigkillRecoveredPiecesInGallery (issue 12): a production kiosk (the
// real binary, full screen on a private Xvfb, sealing to the clinic's
// post-quantum recipient, signing its manifests, uploading to MinIO over
// TLS) is killed with SIGKILL mid-drawing, restarted, killed again
// mid-recording (a tone played into the bench's PulseAudio), and
// restarted: it promotes both drafts, which it cannot read, and its outbox
// uploads them. The gallery's library (holding the clinic's identity,
// trusting the kiosk's key) then finds both pieces, verified and marked
// unfinished, and rebuilds them: the FLAC decodes to the tone, its length
// within one 10 s segment of what was recorded; the PNG and thumbnail are
// a replay of the recovered stroke log, and the PNG shows what the canvas
// showed when the kiosk was killed.
func TestSigkillRecoveredPiecesInGallery(t *testing.T) {
	if !testbench.Active() {
		t.Skip("needs the test bench: run `make test`")
	}
	bin := testbench.BuildCommand(t, "./cmd/afterimage-kiosk")
	audio := testbench.Audio(t)
	bucket := tlsMinIO(t)
	id, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "kiosk-signing.key")
	if err := signer.WriteKey(keyFile); err != nil {
		t.Fatal(err)
	}
	trust := provenance.NewTrust()
	if err := trust.Add("lounge-1", signer.PublicKey()); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(cfgPath, []byte(productionConfig(t, data, fmt.Sprint(rcpt), keyFile, bucket)), 0o600); err != nil {
		t.Fatal(err)
	}
	opener, err := seal.NewOpener(id) // the clinic's: the test reads drafts and pulls with it
	if err != nil {
		t.Fatal(err)
	}
	display := testbench.PrivateDisplay(t, 1280, 800)
	start := func(run int) *screenRun {
		t.Helper()
		app := testbench.StartAppOn(t, display, bin, []string{"AFTERIMAGE_CONFIG=" + cfgPath, "XDG_DATA_HOME=" + data})
		s := &screenRun{t: t, app: app, size: image.Pt(1280, 800), data: data, shots: testbench.ScreenshotDir(t),
			tag: fmt.Sprintf("sigkill-run%d", run), banner: -1}
		s.win = app.WaitWindow(t, "Afterimage", 90*time.Second)
		return s
	}

	// 1. Killed mid-drawing, once the strokes are checkpointed.
	s := start(1)
	s.toChoose()
	s.studioTile(0, "Draw")
	canvas := s.canvasRect()
	s.scribble(canvas)
	drawn := s.settle("drawn")
	waitDraft(t, data, 20*time.Second, "the drawing's three strokes", func(dir string, r spool.Receipt) bool {
		for _, f := range r.Files {
			if f.Name == drawing.BlobStrokes {
				sealed, err := os.ReadFile(filepath.Join(dir, f.File))
				if err != nil {
					return false
				}
				plain, err := opener.OpenBytes(sealed)
				if err != nil {
					return false
				}
				log, err := paint.DecodeLog(plain)
				return err == nil && len(log.Actions) >= 3
			}
		}
		return false
	})
	s.app.Kill()

	// 2. Restarted (the drawing is recovered), killed mid-recording after
	// its first segment is checkpointed.
	s = start(2)
	s.toChoose()
	if !strings.Contains(s.app.Output(), "recovered an unfinished piece") {
		t.Fatal("the restarted kiosk did not recover the drawing")
	}
	s.studioTile(1, "Music")
	s.recordSound()
	audio.Play(t, testbench.Sine(440, 0.5, 48000, 48000*60), 48000)
	audio.WaitHeard(t, 10*time.Second)
	s.click(s.recordButton())
	recording := time.Now()
	waitDraft(t, data, 40*time.Second, "the recording's first segment", func(_ string, r spool.Receipt) bool {
		for _, f := range r.Files {
			if strings.HasPrefix(f.Name, "s0") {
				return true
			}
		}
		return false
	})
	for time.Since(recording) < 13*time.Second {
		time.Sleep(100 * time.Millisecond) // the recording's length, not a wait for the kiosk
	}
	s.app.Kill()
	recorded := time.Since(recording)

	// 3. Restarted: both recovered and uploaded.
	s = start(3)
	s.expect("welcome", "restarting after the second kill")
	pieces := galleryPull(t, bucket, opener, trust, 2, 90*time.Second)

	var drawingP, recordingP *library.Piece
	for _, p := range pieces {
		if !p.Manifest.Unfinished || !p.NeedsRebuild() {
			t.Errorf("piece %s (%s): unfinished %v, needs a rebuild %v; want both", p.Manifest.ID, p.Manifest.Kind, p.Manifest.Unfinished, p.NeedsRebuild())
		}
		switch p.Manifest.Kind {
		case piece.Drawing:
			drawingP = p
		case piece.Music:
			recordingP = p
		}
	}
	if drawingP == nil || recordingP == nil {
		t.Fatalf("the gallery has %d pieces but not the drawing and the recording", len(pieces))
	}

	// The recording: playable FLAC of the tone, the right length.
	rb, err := recordingP.Rebuild(context.Background())
	if err != nil {
		t.Fatalf("rebuild the recording: %v", err)
	}
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(rb.Output(piece.RoleOriginal).Data))
	if err != nil || rate != media.SegmentRate {
		t.Fatalf("the rebuilt FLAC does not decode: %v (rate %d)", err, rate)
	}
	got := time.Duration(len(pcm)) * time.Second / time.Duration(rate)
	t.Logf("recorded %v before the kill; the gallery rebuilt %v of sound (left out: %q)", recorded.Round(time.Millisecond), got, rb.LeftOut)
	if d := got - recorded; d < -10*time.Second || d > 10*time.Second || len(pcm) == 0 {
		t.Errorf("the rebuilt FLAC is %v long; %v was recorded (want within one 10 s segment)", got, recorded)
	}
	x := make([]float32, 0, media.SegmentRate)
	for _, v := range pcm[len(pcm)/2 : min(len(pcm), len(pcm)/2+media.SegmentRate)] {
		x = append(x, float32(v)/32768)
	}
	if f := testbench.DominantFrequency(x, rate, 100, 2000, 1); f < 430 || f > 450 {
		t.Errorf("the rebuilt FLAC's dominant frequency is %.1f Hz, want the 440 Hz tone played", f)
	}
	if rb.Output(piece.RoleWaveform) == nil || rb.Output(piece.RolePeaks) == nil {
		t.Error("no waveform or peaks rebuilt")
	}

	// The drawing: PNG and thumbnail are a replay of the recovered log.
	var strokes []byte
	for _, b := range drawingP.Manifest.Blobs {
		if b.Role == piece.RoleStrokes {
			if strokes, err = drawingP.ReadBlob(b.Name); err != nil {
				t.Fatal(err)
			}
		}
	}
	db, err := drawingP.Rebuild(context.Background())
	if err != nil {
		t.Fatalf("rebuild the drawing: %v", err)
	}
	replayed, err := paint.Replay(strokes)
	if err != nil {
		t.Fatal(err)
	}
	if n := replayed.Log().Len(); n < 3 {
		t.Errorf("the recovered stroke log holds %d actions, want the 3 strokes drawn", n)
	}
	img, err := stdpng.Decode(bytes.NewReader(db.Output(piece.RoleOriginal).Data))
	if err != nil {
		t.Fatalf("the rebuilt PNG does not decode: %v", err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	if want := replayed.Canvas().Snapshot(); rgba.Bounds() != want.Bounds() || !bytes.Equal(rgba.Pix, want.Pix) {
		t.Error("the rebuilt PNG is not the replay of the stroke log")
	}
	want, err := drawing.Rebuild(strokes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(db.Output(piece.RoleThumbnail).Data, want.Thumbnail) {
		t.Error("the rebuilt thumbnail is not the thumbnail of the replay")
	}
	found, true_ := inkMatch(drawn, canvas, img, inkSlack)
	t.Logf("canvas on screen at the kill vs the rebuilt PNG: %.1f%% of its ink shown, %.1f%% of the shown ink in it", 100*found, 100*true_)
	if found < inkFound || true_ < inkTrue {
		t.Errorf("the rebuilt drawing does not match what the canvas showed: %.1f%% / %.1f%% (want ≥ %.0f%% / %.0f%%)", 100*found, 100*true_, 100*inkFound, 100*inkTrue)
	}
}

// waitDraft waits until the kiosk's spool holds a draft checkpoint for
// which ok holds (dir is the draft's folder, r its newest receipt). The
// test reads the sealed files with the clinic's identity; the kiosk is not
// asked anything.
func waitDraft(t *testing.T, data string, within time.Duration, what string, ok func(dir string, r spool.Receipt) bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		rs, _ := filepath.Glob(filepath.Join(data, "spool", "drafts", "*", "receipt-*.json"))
		newest := map[string]string{} // draft folder → newest receipt
		for _, r := range rs {
			if d := filepath.Dir(r); r > newest[d] {
				newest[d] = r
			}
		}
		for d, path := range newest {
			var r spool.Receipt
			if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &r) == nil && ok(d, r) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond) // polling another process's files
	}
	t.Fatalf("no draft checkpoint of %s within %v", what, within)
}

// bucketEnv is a bucket on a MinIO serving TLS with a CA of the test's.
type bucketEnv struct {
	endpoint, access, secret, bucket, caFile string
}

func (b bucketEnv) s3Config() s3.Config {
	return s3.Config{Endpoint: b.endpoint, Bucket: b.bucket, AccessKey: b.access, SecretKey: b.secret, TLS: true, CAFile: b.caFile}
}

// productionConfig is a production kiosk's configuration: sealed to
// recipient, signing with the key in keyFile, uploading to b over TLS.
func productionConfig(t *testing.T, data, recipient, keyFile string, b bucketEnv) string {
	t.Helper()
	hash, err := staffpin.Hash(staffPIN)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`mode = "production"
kiosk_id = "lounge-1"
data_dir = %q
recipients = [%q]
signing_key_file = %q
[remote]
type = "s3"
url = "https://%s"
bucket = %q
access_key = %q
secret_key = %q
ca_file = %q
[kiosk]
full_screen = true
staff_pin_hash = %q
`, data, recipient, keyFile, b.endpoint, b.bucket, b.access, b.secret, b.caFile, hash)
}

// galleryPull pulls the bucket as the gallery does, with the clinic's
// identity and its trusted kiosks, until n pieces were handed over; every
// one must be verified.
func galleryPull(t *testing.T, b bucketEnv, o *seal.Opener, trust library.Verifier, n int, within time.Duration) []*library.Piece {
	t.Helper()
	r, err := s3.New(b.s3Config())
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.OpenOptions(t.TempDir(), r, o, library.Options{Trust: trust})
	if err != nil {
		t.Fatal(err)
	}
	var out []*library.Piece
	deadline := time.Now().Add(within)
	for {
		p, err := lib.Pull(context.Background())
		if err != nil {
			t.Logf("pull: %v", err)
		}
		out = append(out, p.Pieces...)
		for _, u := range p.Unverified {
			t.Errorf("piece %s reached the gallery as origin not verified: %s", u.Manifest.ID, u.OriginProblem)
		}
		for _, d := range p.Damaged {
			t.Errorf("the gallery found a problem: %+v", d)
		}
		if len(out) >= n {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gallery has %d pieces after %v, want %d", len(out), within, n)
		}
		time.Sleep(500 * time.Millisecond) // the kiosk's outbox uploads in the background
	}
}

// tlsMinIO starts a MinIO of the test's own serving TLS with a private CA
// (a production kiosk refuses plain http) and makes a bucket on it.
func tlsMinIO(t *testing.T) bucketEnv {
	t.Helper()
	env := s3bench.StartTLS(t, "pieces")
	return bucketEnv{endpoint: env.Endpoint, access: env.AccessKey, secret: env.SecretKey, bucket: env.Bucket, caFile: env.CAFile}
}
