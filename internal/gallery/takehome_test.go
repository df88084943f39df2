package gallery

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/takehome"
)

// realPNG is a small PNG a browser decodes.
func realPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(1, 1, color.Black)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// realFLAC is secs seconds of a tone, as FLAC.
func realFLAC(t testing.TB, secs float64) []byte {
	t.Helper()
	pcm := make([]int16, int(secs*48000))
	for i := range pcm {
		pcm[i] = int16(6000 * math.Sin(2*math.Pi*330*float64(i)/48000))
	}
	var b bytes.Buffer
	if err := media.EncodeFLAC(&b, pcm, 48000); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// saveWith makes a finished piece of kind with blobs and uploads it.
func (c *clinic) saveWith(code string, kind piece.Kind, title, reflection string, blobs ...spool.BlobSource) *piece.Manifest {
	c.t.Helper()
	m := piece.New(kind, "lounge-1", code, time.Now())
	m.Title, m.Reflection, m.Finished = title, reflection, time.Now()
	m.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.7, Y: 0.3, Words: []piece.EmotionTag{{Word: "peaceful", Intensity: 3}}}
	if err := c.sp.Save(context.Background(), m, blobs); err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.ob.Flush(ctx); err != nil {
		c.t.Fatalf("upload: %v", err)
	}
	return m
}

// takeHomeClinic: patient K7Q4M2X has a drawing with a voice note and a
// music piece, with a clinician's note on the drawing; patient VAFQM2E
// has a drawing of their own.
type takeHomeClinic struct {
	*clinic
	s                     *Session
	drawing, music, other *piece.Manifest
	png, voice, song      []byte
}

const (
	noteText   = "Clinician only: dissociation lifted around minute 20"
	otherTitle = "Another patient's harbour"
)

func newTakeHomeClinic(t *testing.T) *takeHomeClinic {
	c := &takeHomeClinic{clinic: newClinic(t), png: realPNG(t, 96, 64), voice: realFLAC(t, 0.5), song: realFLAC(t, 1.5)}
	c.drawing = c.saveWith("K7Q4M2X", piece.Drawing, "<script>alert(1)</script>Tide", "It felt like coming home.",
		spool.Bytes("", piece.RoleOriginal, media.PNGMediaType, c.png),
		spool.Bytes("", piece.RoleVoiceNote, media.FLACMediaType, c.voice))
	c.music = c.saveWith("K7Q4M2X", piece.Music, "Rain", "Slow and warm.",
		spool.Bytes("", piece.RoleOriginal, media.FLACMediaType, c.song))
	c.other = c.saveWith("VAFQM2E", piece.Drawing, otherTitle, "Not yours.",
		spool.Bytes("", piece.RoleOriginal, media.PNGMediaType, realPNG(t, 8, 8)))
	opts := c.options()
	opts.Clinician = "Dr. Inés Rivera"
	c.s = c.unlocked(opts)
	if err := c.s.WriteNote(t.Context(), c.s.NewNote("K7Q4M2X", notes.OnPiece, c.drawing.ID, noteText)); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *takeHomeClinic) request(dest string, format takehome.Format, ids ...piece.ID) TakeHomeRequest {
	return TakeHomeRequest{Patient: "K7Q4M2X", Pieces: ids, Consent: true, Dest: dest, Format: format,
		Text: takehome.Text{Title: "Your pieces", About: "Afterimage", Untitled: "Untitled", Drawing: "Drawing", Music: "Music"},
		Word: strings.ToUpper}
}

// auditTrail is the audit log's entries after the session is locked.
func (c *takeHomeClinic) auditTrail(t *testing.T) []string {
	t.Helper()
	c.s.Lock()
	<-c.s.Closed()
	opener, err := seal.NewOpener(c.id)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := audit.Entries(t.Context(), c.rem, opener)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Action == audit.Consent || e.Action == audit.ExportMade {
			got = append(got, string(e.Action)+" "+e.Patient+" "+e.Piece)
		}
	}
	return got
}

// outputBytes is every byte an export wrote, with a zip's entries also
// decompressed (the page is deflated).
func outputBytes(t *testing.T, path string) []byte {
	t.Helper()
	var all bytes.Buffer
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		all.Write(b)
		all.WriteString(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			all.WriteString(f.Name)
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(&all, rc); err != nil {
				t.Fatal(err)
			}
			rc.Close()
		}
	}
	return all.Bytes()
}

// TestTakeHomeHoldsTheChosenPiecesOnly: a folder and a zip of a patient's
// two pieces hold their stored PNG and FLACs byte for byte and the page,
// and no byte of either says the clinician's note, the other patient's
// code or piece, the kiosk, the clinician, a key or even the patient's own
// code; consent and export are audited per piece.
func TestTakeHomeHoldsTheChosenPiecesOnly(t *testing.T) {
	c := newTakeHomeClinic(t)
	dir := t.TempDir()
	for _, format := range []takehome.Format{takehome.Folder, takehome.Zip} {
		dest := filepath.Join(dir, "take-home")
		if format == takehome.Zip {
			dest += ".zip"
		}
		req := c.request(dest, format, c.drawing.ID, c.music.ID)
		var done, total int
		req.Progress = func(d, n int) { done, total = d, n }
		sum, err := c.s.TakeHome(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Pieces != 2 || sum.Pictures != 1 || sum.Sounds != 2 || done != 2 || total != 2 {
			t.Errorf("%v: summary %+v, progress %d of %d", format, sum, done, total)
		}
		out := outputBytes(t, dest)
		for _, want := range [][]byte{c.png, c.voice, c.song, []byte("PEACEFUL"), []byte("&lt;script&gt;alert(1)&lt;/script&gt;Tide"), []byte("Slow and warm.")} {
			if !bytes.Contains(out, want) {
				t.Errorf("%v: the export lacks %.40q", format, want)
			}
		}
		for _, banned := range []string{noteText, "dissociation", "VAFQM2E", "vafqm2e", otherTitle, "Not yours", "lounge-1",
			"Inés", "Rivera", "AGE-SECRET-KEY", "age-encryption.org", "ed25519", "K7Q4M2X", "k7q4m2x",
			string(c.drawing.ID), string(c.music.ID), string(c.other.ID), "<script>"} {
			if bytes.Contains(out, []byte(banned)) {
				t.Errorf("%v: the export holds %q", format, banned)
			}
		}
	}
	want := []string{}
	for range 2 {
		for _, action := range []audit.Action{audit.Consent, audit.ExportMade} {
			for _, m := range []*piece.Manifest{c.drawing, c.music} {
				want = append(want, string(action)+" K7Q4M2X "+string(m.ID))
			}
		}
	}
	if got := c.auditTrail(t); !slices.Equal(got, want) {
		t.Errorf("audit trail\n%q\nwant\n%q", got, want)
	}
}

// TestTakeHomeRefusals: another patient's piece, no consent, or an audit
// log that cannot record: nothing is written (and, when consent cannot be
// recorded, nothing is read).
func TestTakeHomeRefusals(t *testing.T) {
	c := newTakeHomeClinic(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "take-home")

	if _, err := c.s.TakeHome(t.Context(), c.request(dest, takehome.Folder, c.drawing.ID, c.other.ID)); !errors.Is(err, ErrNotTheirs) {
		t.Errorf("another patient's piece: %v, want ErrNotTheirs", err)
	}
	req := c.request(dest, takehome.Folder, c.drawing.ID)
	req.Consent = false
	if _, err := c.s.TakeHome(t.Context(), req); !errors.Is(err, ErrNoConsent) {
		t.Errorf("without consent: %v, want ErrNoConsent", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	req = c.request(dest, takehome.Zip, c.drawing.ID, c.music.ID)
	req.Progress = func(done, _ int) {
		if done == 1 {
			cancel()
		}
	}
	if _, err := c.s.TakeHome(ctx, req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}

	// The audit log cannot write: its pending folder is a file (moved
	// aside, not removed: it may hold entries not yet in the bucket).
	pending := filepath.Join(audit.DefaultDir(c.data), "pending")
	if err := os.Rename(pending, pending+".aside"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pending, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.TakeHome(t.Context(), c.request(dest, takehome.Folder, c.drawing.ID)); err == nil {
		t.Error("an export whose consent cannot be recorded was made")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused exports left %d entries", len(entries))
	}
	if err := os.Remove(pending); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(pending+".aside", pending); err != nil {
		t.Fatal(err)
	}
	// Only the cancelled export's consent was recorded: nothing was exported.
	got := c.auditTrail(t)
	want := []string{"consent-recorded K7Q4M2X " + string(c.drawing.ID), "consent-recorded K7Q4M2X " + string(c.music.ID)}
	if !slices.Equal(got, want) {
		t.Errorf("audit trail %q, want %q", got, want)
	}
}
