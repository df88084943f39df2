package library

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
)

// Store is what the library remembers between runs: per-kiosk cursors, the
// time of the last full listing, and every problem (damaged, unreadable,
// tampered piece; junk in the bucket) until it is resolved. It holds no
// patient data. The library calls it as a pull goes; the default is a JSON
// file in the library's folder (FileStore), and the gallery's index may
// replace it.
//
// Which pieces were handed over is not the Store's business: a piece is
// handed over exactly when its sealed manifest lands in the library's cache
// (the last step of a verified pull), so a crash cannot hand one over twice.
// PieceDelivered tells the Store about it, after the fact.
type Store interface {
	// Load returns the saved cursors, last full listing and problems.
	Load() (Saved, error)
	// PieceDelivered is called once for each piece handed over (origin
	// verified or not), after its files are in the cache.
	PieceDelivered(p *Piece) error
	// ProblemRecorded records a new problem or updates one (same Kiosk and
	// Piece).
	ProblemRecorded(d Damaged) error
	// ProblemResolved forgets a problem (same Kiosk, Piece and Kind class:
	// a piece's tampered flag is kept apart from its damage).
	ProblemResolved(d Damaged) error
	// CursorsSaved records the cursors (kiosk → piece id; a kiosk absent has
	// none) and when the last complete full listing ended.
	CursorsSaved(cursors map[string]string, lastFull time.Time) error
	// Sync makes everything recorded so far durable. The library calls it
	// during a pull (every few pieces) and at its end.
	Sync() error
}

// Saved is the state a Store gives back at start.
type Saved struct {
	Cursors  map[string]string
	LastFull time.Time
	Problems []Damaged
}

// FileStore is the default Store: one JSON file, rewritten atomically on
// Sync when something changed.
type FileStore struct {
	path string

	mu    sync.Mutex
	state fileState
	dirty bool
}

type fileState struct {
	Cursors  map[string]string  `json:"cursors"`
	LastFull time.Time          `json:"lastFull,omitzero"`
	Problems map[string]Damaged `json:"problems,omitempty"` // by kiosk/piece
}

// OpenFileStore opens (or starts) the JSON state file at path.
func OpenFileStore(path string) (*FileStore, error) {
	s := &FileStore{path: path, state: fileState{Cursors: map[string]string{}, Problems: map[string]Damaged{}}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("library: read state: %w", err)
	}
	if err := json.Unmarshal(data, &s.state); err != nil {
		return nil, fmt.Errorf("library: state file %s is damaged: %w", path, err)
	}
	if s.state.Cursors == nil {
		s.state.Cursors = map[string]string{}
	}
	if s.state.Problems == nil {
		s.state.Problems = map[string]Damaged{}
	}
	return s, nil
}

// problemKey is the key of a piece's damage (or a kiosk's junk, piece "").
func problemKey(kiosk, piece string) string { return kiosk + "/" + piece }

// key identifies a problem: one damage and one tampered flag per piece.
func (d Damaged) key() string {
	if d.Kind == KindTampered {
		return problemKey(d.Kiosk, d.Piece) + "/tampered"
	}
	return problemKey(d.Kiosk, d.Piece)
}

// Load implements Store.
func (s *FileStore) Load() (Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Saved{Cursors: map[string]string{}, LastFull: s.state.LastFull}
	for k, v := range s.state.Cursors {
		out.Cursors[k] = v
	}
	for _, d := range s.state.Problems {
		out.Problems = append(out.Problems, d)
	}
	sort.Slice(out.Problems, func(i, j int) bool {
		return out.Problems[i].key() < out.Problems[j].key()
	})
	return out, nil
}

// PieceDelivered implements Store; the file keeps nothing about pieces.
func (s *FileStore) PieceDelivered(*Piece) error { return nil }

// ProblemRecorded implements Store.
func (s *FileStore) ProblemRecorded(d Damaged) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Problems[d.key()] = d
	s.dirty = true
	return nil
}

// ProblemResolved implements Store.
func (s *FileStore) ProblemResolved(d Damaged) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.state.Problems[d.key()]; ok {
		delete(s.state.Problems, d.key())
		s.dirty = true
	}
	return nil
}

// CursorsSaved implements Store.
func (s *FileStore) CursorsSaved(cursors map[string]string, lastFull time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Cursors = map[string]string{}
	for k, v := range cursors {
		s.state.Cursors[k] = v
	}
	s.state.LastFull = lastFull
	s.dirty = true
	return nil
}

// Sync implements Store.
func (s *FileStore) Sync() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dirty {
		return nil
	}
	data, err := json.Marshal(s.state)
	if err != nil {
		return fmt.Errorf("library: save state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("library: save state: %w", err)
	}
	if err := atomicfile.Write(s.path, data, 0o600); err != nil {
		return fmt.Errorf("library: save state: %w", err)
	}
	s.dirty = false
	return nil
}
