package gallery

import (
	"cmp"
	"slices"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Find is what the gallery's filter bar asks for: the index's filters
// (kind, emotion word, quadrant, date range; see index.Filter) and, with
// New, only the pieces made since the patient's last follow-up (see
// Session.NewSince). The zero Find keeps everything.
type Find struct {
	Kinds    []piece.Kind
	Word     string    // an emotion word, as stored (the English word)
	Quadrant string    // e.g. "pleasant-high"
	From     time.Time // created at or after
	To       time.Time // created before
	New      bool
}

// Narrows reports whether f leaves out anything.
func (f Find) Narrows() bool { return f.filter().Narrows() || f.New }

func (f Find) filter() index.Filter {
	return index.Filter{Kinds: f.Kinds, Word: f.Word, Quadrant: f.Quadrant, From: f.From, To: f.To}
}

// Keeps reports whether f keeps p, for a patient whose pieces are new
// after since (zero: never reviewed, every piece is new).
func (f Find) Keeps(p index.Piece, since time.Time) bool {
	if !f.filter().Match(p) {
		return false
	}
	return !f.New || since.IsZero() || p.Created.After(since)
}

// Visits returns the visits with only the pieces f keeps (see Keeps),
// leaving out visits with none. visits is not changed.
func (f Find) Visits(visits []index.Visit, since time.Time) []index.Visit {
	if !f.Narrows() {
		return visits
	}
	var out []index.Visit
	for _, v := range visits {
		var kept []index.Piece
		for _, p := range v.Pieces {
			if f.Keeps(p, since) {
				kept = append(kept, p)
			}
		}
		if len(kept) > 0 {
			v.Pieces = kept
			out = append(out, v)
		}
	}
	return out
}

// WordsOf is the emotion words of the visits' pieces, the most used
// first (ties alphabetical): what the filter bar offers.
func WordsOf(visits []index.Visit) []string {
	uses := map[string]int{}
	for _, v := range visits {
		for _, p := range v.Pieces {
			for _, w := range p.Words {
				uses[w.Word]++
			}
		}
	}
	words := make([]string, 0, len(uses))
	for w := range uses {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(uses[b]-uses[a], cmp.Compare(a, b))
	})
	return words
}

// SearchFind is Search narrowed by f: with f.New, each hit must be new for
// its own patient.
func (s *Session) SearchFind(typed string, f Find) ([]index.Hit, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	filter := f.filter()
	filter.Limit = SearchLimit
	hits, err := ix.Search(typed, filter)
	if err != nil || !f.New {
		return hits, err
	}
	since := map[string]time.Time{}
	kept := hits[:0]
	for _, h := range hits {
		t, ok := since[h.Patient]
		if !ok {
			if t, err = ix.NewSince(h.Patient); err != nil {
				return nil, err
			}
			since[h.Patient] = t
		}
		if f.Keeps(h.Piece, t) {
			kept = append(kept, h)
		}
	}
	return kept, nil
}

// NewSince is when a patient's pieces start to be new: the last time this
// gallery opened the patient before today (each opening is also audited,
// as patient-opened). Reopening the patient during today's follow-up does
// not move it, so what was new when the visit began stays new until the
// next day. Zero: this gallery never opened the patient before today, and
// every piece is new.
func (s *Session) NewSince(patient string) (time.Time, error) {
	ix, err := s.index()
	if err != nil {
		return time.Time{}, err
	}
	return ix.NewSince(patient)
}

// NewCounts is how many pieces are new (see NewSince) for each patient
// that has any.
func (s *Session) NewCounts() (map[string]int, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.NewCounts()
}
