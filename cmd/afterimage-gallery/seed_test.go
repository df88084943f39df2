package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// seeder writes pieces straight into a development gallery's encrypted
// cache, as a pull would have left them (each blob and the manifest sealed
// to the development identity, the manifest signed with the development
// kiosk's key), without a kiosk, a spool or an upload: a gallery of 10,000
// pieces is made in seconds. index then builds the gallery's index from
// that cache with the library's own refill (library.OpenIndexed), so the
// gallery binary opens an index that is up to date.
type seeder struct {
	cfg    *config.Config
	sealer *seal.Sealer
	opener *seal.Opener
	signer *provenance.Signer
	dir    string // the library's folder, <data>/gallery
}

// seedBlob is one blob of a seeded piece: its role, media type and plaintext.
type seedBlob struct {
	name, role, mediaType string
	data                  []byte
}

// newSeeder makes (or reuses) the development identity and kiosk key of
// cfg's data folder.
func newSeeder(tb testing.TB, cfg *config.Config) *seeder {
	tb.Helper()
	sealer, opener, err := seal.NewDevSealer(cfg.DataDir)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := provenance.LoadOrCreateSigner(filepath.Join(cfg.DataDir, provenance.DevKeyFile))
	if err != nil {
		tb.Fatal(err)
	}
	return &seeder{cfg: cfg, sealer: sealer, opener: opener, signer: signer, dir: filepath.Join(cfg.DataDir, "gallery")}
}

// put seals and signs m with blobs into the cache (m's Blobs are filled
// here). Safe for concurrent use.
func (s *seeder) put(tb testing.TB, m *piece.Manifest, blobs []seedBlob) {
	sha := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	dst := filepath.Join(s.dir, "cache", m.KioskID, string(m.ID))
	if err := os.MkdirAll(dst, 0o700); err != nil {
		tb.Error(err)
		return
	}
	m.Development = true
	for _, b := range blobs {
		sealed, err := s.sealer.SealBytes(b.data)
		if err != nil {
			tb.Error(err)
			return
		}
		m.Blobs = append(m.Blobs, piece.Blob{Name: b.name, Role: b.role, MediaType: b.mediaType,
			Size: int64(len(b.data)), SHA256: sha(b.data), SealedSize: int64(len(sealed)), SealedSHA256: sha(sealed)})
		if err := os.WriteFile(filepath.Join(dst, b.name+".age"), sealed, 0o600); err != nil {
			tb.Error(err)
			return
		}
	}
	if err := s.signer.Sign(m); err != nil {
		tb.Error(err)
		return
	}
	plain, err := m.Encode()
	if err != nil {
		tb.Error(err)
		return
	}
	sealed, err := s.sealer.SealBytes(plain)
	if err != nil {
		tb.Error(err)
		return
	}
	// The manifest last, as a pull writes it: its presence marks the
	// piece handed over.
	if err := os.WriteFile(filepath.Join(dst, "_manifest.age"), sealed, 0o600); err != nil {
		tb.Error(err)
	}
}

// putAll puts every piece that gen returns for 0..n-1, on every core.
func (s *seeder) putAll(tb testing.TB, n int, gen func(i int) (*piece.Manifest, []seedBlob)) {
	tb.Helper()
	var wg sync.WaitGroup
	next := make(chan int)
	for range 4 {
		wg.Go(func() {
			for i := range next {
				m, blobs := gen(i)
				s.put(tb, m, blobs)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if tb.Failed() {
		tb.FailNow()
	}
}

// index builds the gallery's index from the cache (the library's refill, as
// a gallery opening a new index does) and marks damaged as the pull would
// have; it returns how many pieces it holds.
func (s *seeder) index(tb testing.TB, damaged map[piece.ID]string) int {
	tb.Helper()
	id, _, err := seal.DevIdentity(s.cfg.DataDir)
	if err != nil {
		tb.Fatal(err)
	}
	secret, err := index.KeyMaterial(id)
	if err != nil {
		tb.Fatal(err)
	}
	rem, err := remoteconfig.Open(s.cfg)
	if err != nil {
		tb.Fatal(err)
	}
	trust := provenance.NewTrust()
	if err := trust.Add(s.cfg.KioskID, s.signer.PublicKey()); err != nil {
		tb.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ix, rep, err := index.Open(index.DefaultPath(s.cfg.DataDir), secret, &index.Options{Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	defer ix.Close()
	if _, _, err := library.OpenIndexed(s.dir, rem, s.opener, library.Options{Logger: log, Trust: trust}, ix, rep); err != nil {
		tb.Fatal(err)
	}
	for id, reason := range damaged {
		if err := ix.MarkDamaged(s.cfg.KioskID, id, reason); err != nil {
			tb.Fatal(err)
		}
	}
	ids, err := ix.PieceIDs()
	if err != nil {
		tb.Fatal(err)
	}
	return len(ids)
}

// solidThumbnail is a kiosk-sized thumbnail (media.ThumbnailJPEG of a
// 1280x960 drawing) of one colour with a darker diagonal stroke, and the
// colour its middle decodes to.
func solidThumbnail(tb testing.TB, c color.RGBA) ([]byte, color.Color) {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1280, 960))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	for x := 0; x < 400; x++ { // a stroke in the top left corner, away from the middle
		for d := range 12 {
			img.Set(40+x, 40+x/3+d, color.RGBA{c.R / 3, c.G / 3, c.B / 3, 255})
		}
	}
	data, err := media.ThumbnailJPEG(img)
	if err != nil {
		tb.Fatal(err)
	}
	dec, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	b := dec.Bounds()
	return data, dec.At(b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()*3/4)
}

// seededPatient is one patient of a seeded gallery.
type seededPatient struct {
	code   string
	colour color.Color // what its thumbnails' middles show
	pieces int
}

// seedClinic fills a development gallery with patients (per[i] pieces
// for patient i, in visits of visitSize pieces a week apart, the first
// patient's visits the most recent) whose thumbnails are solid colours,
// patient i's the colour palette[i%len(palette)], and builds its index. It
// returns the patients, most recent last visit first.
func seedClinic(tb testing.TB, cfg *config.Config, per []int, visitSize int) []seededPatient {
	tb.Helper()
	s := newSeeder(tb, cfg)
	palette := []color.RGBA{{200, 60, 60, 255}, {50, 110, 200, 255}, {60, 160, 80, 255}}
	thumbs := make([][]byte, len(palette))
	shown := make([]color.Color, len(palette))
	for i, c := range palette {
		thumbs[i], shown[i] = solidThumbnail(tb, c)
	}
	original := paintDiagonal(tb).PNG
	type job struct{ patient, piece int }
	var jobs []job
	patients := make([]seededPatient, len(per))
	for p, n := range per {
		code, err := patientcode.New()
		if err != nil {
			tb.Fatal(err)
		}
		patients[p] = seededPatient{code: string(code), colour: shown[p%len(palette)], pieces: n}
		for i := range n {
			jobs = append(jobs, job{p, i})
		}
	}
	now := time.Now().Add(-time.Hour)
	words := []string{"calm", "hopeful", "tender", "restless", "heavy", "open"}
	quadrants := []string{"pleasant-low", "pleasant-high", "pleasant-low", "unpleasant-high", "unpleasant-low", "pleasant-high"}
	start := time.Now()
	s.putAll(tb, len(jobs), func(i int) (*piece.Manifest, []seedBlob) {
		j := jobs[i]
		visit := j.piece / visitSize
		at := now.Add(-time.Duration(visit)*7*24*time.Hour - time.Duration(j.patient)*time.Hour - time.Duration(j.piece%visitSize)*time.Minute)
		m := piece.New(piece.Drawing, cfg.KioskID, patients[j.patient].code, at)
		m.Finished = at.Add(30 * time.Second)
		m.VisitID = fmt.Sprintf("v%03d-%03d", j.patient, visit)
		m.Title = fmt.Sprintf("Piece %d of visit %d", j.piece%visitSize+1, visit+1)
		m.Reflection = "The water was still and I could breathe out."
		w := (j.piece + visit) % len(words)
		m.Emotions = &piece.Emotions{Quadrant: quadrants[w], X: 0.7, Y: 0.3, Words: []piece.EmotionTag{{Word: words[w], Intensity: 1 + j.piece%5}}}
		m.MoodCheckIn = &piece.Mood{Pleasantness: 2 + visit%4, Energy: 3 + visit%3}
		m.MoodCheckOut = &piece.Mood{Pleasantness: 5 + visit%3, Energy: 4 + visit%2}
		return m, []seedBlob{
			{"b1", piece.RoleOriginal, "image/png", original},
			{"b2", piece.RoleThumbnail, "image/jpeg", thumbs[j.patient%len(palette)]},
		}
	})
	sealed := time.Since(start)
	n := s.index(tb, nil)
	tb.Logf("seeded %d pieces of %d patients: sealed and signed into the cache in %v, indexed in %v",
		n, len(per), sealed.Round(time.Millisecond), (time.Since(start) - sealed).Round(time.Millisecond))
	if n != len(jobs) {
		tb.Fatalf("the index holds %d pieces, %d were seeded", n, len(jobs))
	}
	return patients
}
