package outbox

import (
	"errors"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Piece is a complete piece waiting for upload, as sealed files.
type Piece struct {
	ID    piece.ID
	Files []File // the blobs, then the manifest last
}

// File is one sealed file to upload.
type File struct {
	Name   string // blob name, or "manifest"
	Path   string
	Size   int64
	SHA256 string // lower-case hex of the sealed bytes
}

// Source is the queue the outbox drains: the kiosk's spool (see FromSpool).
type Source interface {
	// Pending lists complete pieces in creation order, oldest first.
	Pending() ([]Piece, error)
	// Remove deletes an uploaded piece; removing a missing piece is not an error.
	Remove(id piece.ID) error
	// Damaged names the piece's files that no longer match their checksums.
	Damaged(id piece.ID) ([]string, error)
}

// FromSpool makes the spool the outbox's queue.
func FromSpool(s *spool.Spool) Source { return spoolSource{s} }

type spoolSource struct{ s *spool.Spool }

func (s spoolSource) Pending() ([]Piece, error) {
	entries, err := s.s.Pieces()
	if err != nil {
		return nil, err
	}
	out := make([]Piece, 0, len(entries))
	for _, e := range entries {
		p := Piece{ID: e.ID}
		for _, f := range e.Files() {
			p.Files = append(p.Files, File{Name: f.Name, Path: f.Path, Size: f.SealedSize, SHA256: f.SealedSHA256})
		}
		out = append(out, p)
	}
	return out, nil
}

func (s spoolSource) Remove(id piece.ID) error {
	if err := s.s.Remove(id); err != nil && !errors.Is(err, spool.ErrNotFound) {
		return err
	}
	return nil
}

func (s spoolSource) Damaged(id piece.ID) ([]string, error) {
	rep, err := s.s.Verify(id)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range rep.Damaged {
		names = append(names, d.Name)
	}
	return names, nil
}
