package library

import (
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// IndexStore is a Store that keeps the library's state (cursors, the last
// full listing, problems) in the gallery's encrypted index, and indexes each
// piece handed over: the gallery browses and searches from the index.
//
// Pieces handed over are indexed in batches, at each Sync (the library
// syncs every few dozen pieces and at the end of a pull) or when enough are
// waiting. A gallery stopped between a piece landing in the cache and the
// next Sync leaves the piece out of the index; OpenIndexed adds such pieces
// from the cache at the next start. Problems and cursors are written as
// they come.
type IndexStore struct {
	ix  *index.Index
	log *slog.Logger

	mu       sync.Mutex
	pending  []index.Entry
	tampered map[string]string // problemKey(kiosk, piece) → reason
}

// indexBatch is how many delivered pieces wait before the store indexes
// them without waiting for Sync.
const indexBatch = 256

// NewIndexStore returns a Store kept in ix. log gets a line for each
// failure to index (no patient data); nil discards.
func NewIndexStore(ix *index.Index, log *slog.Logger) *IndexStore {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &IndexStore{ix: ix, log: log, tampered: map[string]string{}}
}

// problemClass is the index's class of a problem (see Damaged.key).
func problemClass(k ProblemKind) string {
	if k == KindTampered {
		return "tampered"
	}
	return ""
}

// Load implements Store.
func (s *IndexStore) Load() (Saved, error) {
	cursors, last, err := s.ix.Cursors()
	if err != nil {
		return Saved{}, err
	}
	probs, err := s.ix.Problems()
	if err != nil {
		return Saved{}, err
	}
	out := Saved{Cursors: cursors, LastFull: last}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range probs {
		d := Damaged{Kiosk: p.Kiosk, Piece: p.Piece, Kind: ProblemKind(p.Kind), Reason: p.Reason,
			Since: p.Since, Attempts: p.Attempts, NextCheck: p.NextCheck}
		if d.Kind == KindTampered {
			s.tampered[problemKey(d.Kiosk, d.Piece)] = d.Reason
		}
		out.Problems = append(out.Problems, d)
	}
	return out, nil
}

// entry is the index entry of a piece handed over. A piece flagged
// tampered is marked so only if its origin is verified: one whose origin is
// not verified stays apart whatever else is wrong with it.
func entry(p *Piece, tampered string) index.Entry {
	switch {
	case !p.Verified:
		return index.Entry{Manifest: p.Manifest, Provenance: index.OriginNotVerified, ProvenanceDetail: p.OriginProblem, Body: p.body()}
	case tampered != "":
		return index.Entry{Manifest: p.Manifest, Provenance: index.Tampered, ProvenanceDetail: tampered, Body: p.body()}
	}
	return index.Entry{Manifest: p.Manifest, Provenance: index.Verified, Body: p.body()}
}

// PieceDelivered implements Store: the piece is indexed at the next Sync.
func (s *IndexStore) PieceDelivered(p *Piece) error {
	if err := p.Manifest.Validate(); err != nil {
		// The library cleaned what it shows; a manifest that no longer
		// validates would fail its whole batch.
		return fmt.Errorf("library: index piece %s: %w", p.Manifest.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, entry(p, s.tampered[problemKey(p.Kiosk, string(p.Manifest.ID))]))
	if len(s.pending) >= indexBatch {
		return s.flush()
	}
	return nil
}

// flush indexes the pieces waiting. The caller holds s.mu.
func (s *IndexStore) flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	batch := s.pending
	s.pending = nil
	if err := s.ix.AddPieces(func(yield func(index.Entry) bool) {
		for _, e := range batch {
			if !yield(e) {
				return
			}
		}
	}); err != nil {
		// The pieces are in the cache: the next OpenIndexed adds them.
		return fmt.Errorf("library: index %d piece(s): %w", len(batch), err)
	}
	return nil
}

// ProblemRecorded implements Store. A piece's damage shows in the index's
// damage records; a tampered flag marks the piece (if indexed and verified).
func (s *IndexStore) ProblemRecorded(d Damaged) error {
	err := s.ix.RecordProblem(index.Problem{Kiosk: d.Kiosk, Piece: d.Piece, Class: problemClass(d.Kind), Kind: string(d.Kind),
		Reason: d.Reason, Since: d.Since, Attempts: d.Attempts, NextCheck: d.NextCheck})
	if err != nil || d.Piece == "" {
		return err
	}
	switch d.Kind {
	case KindDamaged, KindUnreadable:
		return s.ix.MarkDamaged(d.Kiosk, piece.ID(d.Piece), d.Reason)
	case KindTampered:
		s.mu.Lock()
		s.tampered[problemKey(d.Kiosk, d.Piece)] = d.Reason
		err := s.flush()
		s.mu.Unlock()
		if err != nil {
			return err
		}
		return s.setProvenance(d.Piece, index.Verified, index.Tampered, d.Reason)
	}
	return nil
}

// setProvenance moves an indexed piece from one provenance to another; a
// piece not indexed, or in another state, is left alone.
func (s *IndexStore) setProvenance(id string, from, to index.Provenance, detail string) error {
	p, err := s.ix.Piece(piece.ID(id))
	if errors.Is(err, index.ErrNotFound) {
		return nil
	}
	if err != nil || p.Provenance != from {
		return err
	}
	return s.ix.SetProvenance(piece.ID(id), to, detail)
}

// ProblemResolved implements Store.
func (s *IndexStore) ProblemResolved(d Damaged) error {
	if err := s.ix.ResolveProblem(d.Kiosk, d.Piece, problemClass(d.Kind)); err != nil || d.Piece == "" {
		return err
	}
	switch d.Kind {
	case KindDamaged, KindUnreadable:
		return s.ix.ClearDamaged(piece.ID(d.Piece))
	case KindTampered:
		s.mu.Lock()
		delete(s.tampered, problemKey(d.Kiosk, d.Piece))
		err := s.flush()
		s.mu.Unlock()
		if err != nil {
			return err
		}
		return s.setProvenance(d.Piece, index.Tampered, index.Verified, "")
	}
	return nil
}

// CursorsSaved implements Store.
func (s *IndexStore) CursorsSaved(cursors map[string]string, lastFull time.Time) error {
	return s.ix.SetCursors(cursors, lastFull)
}

// Sync implements Store: the pieces waiting are indexed (each write is
// committed when made).
func (s *IndexStore) Sync() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flush()
}

// IndexFill says what OpenIndexed did to bring the index up to date.
type IndexFill struct {
	// Rebuilt is true when the index was empty (rebuilt after damage, on
	// request, or created where pieces were already pulled) and was filled
	// again from the encrypted cache.
	Rebuilt bool
	// Reason says why it was rebuilt; never patient data.
	Reason string
	// Added is how many pieces were indexed from the cache.
	Added int
	// Damaged is how many cached manifests could not be read back (they
	// are left out; Cached reports them).
	Damaged int
}

// OpenIndexed opens the library at dir with its state kept in ix (see
// IndexStore; opts.Store is ignored), then brings ix up to date with the
// pieces handed over so far, read back from the sealed manifests in the
// encrypted cache (the truth): when rep says the index is new or was
// rebuilt it is refilled whole, and otherwise any piece that reached the
// cache but not the index (a gallery stopped mid-pull) is added. Call it
// before the first Pull.
func OpenIndexed(dir string, r remote.Remote, o *seal.Opener, opts Options, ix *index.Index, rep index.OpenReport) (*Library, IndexFill, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	store := NewIndexStore(ix, opts.Logger.With("component", "library"))
	opts.Store = store
	l, err := OpenOptions(dir, r, o, opts)
	if err != nil {
		return nil, IndexFill{}, err
	}
	fill, err := l.fillIndex(ix, rep)
	if err != nil {
		return nil, fill, err
	}
	return l, fill, nil
}

func (l *Library) fillIndex(ix *index.Index, rep index.OpenReport) (IndexFill, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var fill IndexFill
	if rep.Empty() {
		n, err := ix.Rebuild(l.cachedEntries(nil, &fill))
		fill.Added = n
		if err != nil {
			return fill, fmt.Errorf("library: rebuild the index: %w", err)
		}
		// Rebuild cleared the state this library loaded and keeps: write
		// it back.
		for _, d := range l.problems {
			if err := l.store.ProblemRecorded(d); err != nil {
				return fill, fmt.Errorf("library: rebuild the index: %w", err)
			}
		}
		if err := l.store.CursorsSaved(l.cursors, l.lastFull); err != nil {
			return fill, fmt.Errorf("library: rebuild the index: %w", err)
		}
		switch {
		case rep.Rebuilt:
			fill.Rebuilt, fill.Reason = true, rep.Reason
		case n > 0 || fill.Damaged > 0:
			fill.Rebuilt, fill.Reason = true, "there was no index"
		}
		if fill.Rebuilt {
			l.log.Warn("index rebuilt from the gallery's cache", "reason", fill.Reason, "pieces", n, "unreadable", fill.Damaged)
		}
		return fill, nil
	}
	have, err := ix.PieceIDs()
	if err != nil {
		return fill, fmt.Errorf("library: bring the index up to date: %w", err)
	}
	var added int
	err = ix.AddPieces(func(yield func(index.Entry) bool) {
		for e := range l.cachedEntries(func(_, id string) bool { _, ok := have[piece.ID(id)]; return ok }, &fill) {
			added++
			if !yield(e) {
				return
			}
		}
	})
	fill.Added = added
	if err != nil {
		return fill, fmt.Errorf("library: bring the index up to date: %w", err)
	}
	if added > 0 {
		l.log.Info("index brought up to date from the gallery's cache", "pieces", added)
	}
	revoked, err := l.applyRevocations(ix)
	if err != nil {
		return fill, fmt.Errorf("library: apply revoked kiosks to the index: %w", err)
	}
	if revoked > 0 {
		l.log.Warn("pieces of revoked kiosks no longer shown as verified", "pieces", revoked)
	}
	return fill, nil
}

// revocations is a Verifier that knows revoked kiosks (provenance.Trust).
type revocations interface {
	Revoked(kiosk string) (time.Time, bool)
}

// applyRevocations checks again, from the cache, every indexed verified
// piece of a revoked kiosk, and marks those no longer trusted (the bucket
// received them after the revocation) "origin not verified": a revocation
// recorded after a piece was pulled reaches it at the next start. Only
// revoked kiosks' pieces are read. It returns how many it marked.
func (l *Library) applyRevocations(ix *index.Index) (int, error) {
	rv, ok := l.opts.Trust.(revocations)
	if !ok {
		return 0, nil
	}
	kiosks, err := os.ReadDir(filepath.Join(l.dir, "cache"))
	if err != nil {
		return 0, err
	}
	marked := 0
	for _, k := range kiosks {
		kiosk := k.Name()
		if !k.IsDir() || !piece.ValidKioskID(kiosk) {
			continue
		}
		if _, revoked := rv.Revoked(kiosk); !revoked {
			continue
		}
		ids, err := os.ReadDir(filepath.Join(l.dir, "cache", kiosk))
		if err != nil {
			return marked, err
		}
		for _, e := range ids {
			id := piece.ID(e.Name())
			if id.Validate() != nil {
				continue
			}
			ip, err := ix.Piece(id)
			if errors.Is(err, index.ErrNotFound) {
				continue // a visit record, or not indexed
			}
			if err != nil {
				return marked, err
			}
			if ip.Provenance != index.Verified {
				continue
			}
			p, err := l.CachedPiece(kiosk, id)
			if err != nil || p.Verified {
				continue // a damaged cache is Cached's to report
			}
			if err := ix.SetProvenance(id, index.OriginNotVerified, p.OriginProblem); err != nil {
				return marked, err
			}
			marked++
		}
	}
	return marked, nil
}

// cachedEntries yields the pieces handed over so far, read back from the
// encrypted cache, as index entries, in kiosk and id order; pieces for which
// skip (if not nil) returns true are not read. A cached manifest that no
// longer opens is counted in fill.Damaged and left out. The caller holds
// l.mu.
func (l *Library) cachedEntries(skip func(kiosk, id string) bool, fill *IndexFill) iter.Seq[index.Entry] {
	return func(yield func(index.Entry) bool) {
		root := filepath.Join(l.dir, "cache")
		for _, kiosk := range l.dirNames(root) {
			if !piece.ValidKioskID(kiosk) {
				continue // the stage, or not the library's
			}
			for _, id := range l.dirNames(filepath.Join(root, kiosk)) {
				if skip != nil && skip(kiosk, id) {
					continue
				}
				sealed, err := os.ReadFile(l.cachePath(kiosk, id, manifestName))
				if err != nil {
					if !errors.Is(err, os.ErrNotExist) { // not handed over
						fill.Damaged++
						l.log.Warn("cached manifest cannot be read", "kiosk", kiosk, "piece", id, "err", err)
					}
					continue
				}
				m, f := l.decodeManifest(sealed, kiosk, id)
				if f != nil {
					fill.Damaged++
					l.log.Warn("cached manifest is damaged", "kiosk", kiosk, "piece", id)
					continue
				}
				if m.Kind == piece.Visit {
					continue // a visit record, not a piece (see Visit)
				}
				p := &Piece{Kiosk: kiosk, Manifest: m, lib: l}
				l.checkCachedOrigin(p)
				clean(m)
				if m.Validate() != nil {
					fill.Damaged++
					continue
				}
				tampered := ""
				if d, ok := l.problems[Damaged{Kiosk: kiosk, Piece: id, Kind: KindTampered}.key()]; ok {
					tampered = d.Reason
				}
				if !yield(entry(p, tampered)) {
					return
				}
			}
		}
	}
}

// dirNames lists the folders in dir, sorted (none, logged, if it cannot
// be read).
func (l *Library) dirNames(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		l.log.Error("read the gallery's cache", "err", err)
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}
