package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

var (
	secretOnce sync.Once
	secretA    []byte
	secretB    []byte
)

// secrets returns the encoded secret material of two real clinic
// identities, as the gallery would pass it.
func secrets(t testing.TB) (a, b []byte) {
	t.Helper()
	secretOnce.Do(func() {
		for _, dst := range []*[]byte{&secretA, &secretB} {
			id, _, err := seal.GenerateIdentity(seal.X25519)
			if err != nil {
				panic(err)
			}
			enc, err := KeyMaterial(id)
			if err != nil {
				panic(err)
			}
			*dst = enc
		}
	})
	return secretA, secretB
}

// openNew opens a new index in a fresh folder.
func openNew(t testing.TB) (*Index, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index.db")
	a, _ := secrets(t)
	ix, rep, err := Open(path, a, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if !rep.Created || rep.Rebuilt {
		t.Fatalf("Open of a new file: report %+v, want Created", rep)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, path
}

var base = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// manifest returns a valid manifest.
func manifest(patient, visit string, kind piece.Kind, started time.Time, title, reflection string) *piece.Manifest {
	m := piece.New(kind, "lounge-1", patient, started)
	m.VisitID = visit
	m.Finished = started.Add(10 * time.Minute)
	m.Title = title
	m.Reflection = reflection
	return m
}

func verified(m *piece.Manifest) Entry { return Entry{Manifest: m, Provenance: Verified} }

var (
	synthWords = []string{"calm", "hopeful", "tired", "tender", "angry", "open", "heavy", "light", "grateful", "restless", "safe", "curious"}
	synthQuads = []string{"pleasant-high", "pleasant-low", "unpleasant-high", "unpleasant-low"}
	synthVocab = vocabulary()
)

// vocabulary returns 4,000 words for synthetic text, drawn Zipf-like (s =
// 1.1) by rank: a few words are in most texts, most words in few. Some
// real words sit at chosen ranks so benchmarks can search common and rare
// ones: "ocean" (rank 2), "garden" (10), "river" (200), "bridge" (600).
func vocabulary() []string {
	syl := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an", "or", "el", "um", "is", "ba", "de"}
	v := make([]string, 0, 4000)
	seen := map[string]bool{}
	for i := 0; len(v) < 4000; i++ {
		w := syl[i%16] + syl[(i/16)%16] + syl[(i/256)%16]
		if i >= 4096 {
			w += syl[(i/4096)%16]
		}
		if !seen[w] {
			seen[w] = true
			v = append(v, w)
		}
	}
	for rank, w := range map[int]string{2: "ocean", 10: "garden", 200: "river", 600: "bridge"} {
		v[rank] = w
	}
	return v
}

// synthetic returns n valid manifests from `patients` patients, a few
// visits each, several pieces a visit, with words, moods and text.
func synthetic(n, patients int, seed uint64) []*piece.Manifest {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]*piece.Manifest, 0, n)
	kinds := []piece.Kind{piece.Drawing, piece.Music, piece.Voice}
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(synthVocab)-1))
	text := func(words int) string {
		b := make([]byte, 0, words*8)
		for i := range words {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, synthVocab[zipf.Uint64()]...)
		}
		return string(b)
	}
	for i := range n {
		p := i % patients
		visit := (i / patients) / 4 // four pieces a visit
		started := base.Add(time.Duration(visit)*7*24*time.Hour + time.Duration(p)*time.Minute + time.Duration(i%4)*15*time.Minute)
		m := manifest(fmt.Sprintf("P%05d", p), fmt.Sprintf("v%05d-%d", p, visit), kinds[r.IntN(3)], started, text(1+r.IntN(4)), text(5+r.IntN(40)))
		q := synthQuads[r.IntN(4)]
		m.Emotions = &piece.Emotions{Quadrant: q, X: r.Float64(), Y: r.Float64()}
		for range 1 + r.IntN(3) {
			m.Emotions.Words = append(m.Emotions.Words, piece.EmotionTag{Word: synthWords[r.IntN(len(synthWords))], Intensity: 1 + r.IntN(5)})
		}
		if i%4 == 0 {
			m.MoodCheckIn = &piece.Mood{Pleasantness: 1 + r.IntN(9), Energy: 1 + r.IntN(9)}
		}
		if i%4 == 3 {
			m.MoodCheckOut = &piece.Mood{Pleasantness: 1 + r.IntN(9), Energy: 1 + r.IntN(9)}
		}
		out = append(out, m)
	}
	return out
}

func entries(ms []*piece.Manifest) func(func(Entry) bool) {
	return func(yield func(Entry) bool) {
		for _, m := range ms {
			if !yield(verified(m)) {
				return
			}
		}
	}
}
