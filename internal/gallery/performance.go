package gallery

import (
	"errors"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
)

// ErrNoPerformance: the piece was not played on the music pads.
var ErrNoPerformance = errors.New("gallery: the piece has no performance log")

// Performance reads a pad piece's performance log from the encrypted
// cache, verified against its manifest, bounded and validated, for the
// viewer to light the pads in time with the sound. Slow: never on the UI
// goroutine.
func (s *Session) Performance(p index.Piece) (*synth.Performance, error) {
	_, lp, err := s.cachedPiece(p, ErrNoPerformance)
	if err != nil {
		return nil, err
	}
	data, err := readRole(lp, piece.RolePerformance, synth.MaxEncoded, ErrNoPerformance)
	if err != nil {
		return nil, err
	}
	var perf synth.Performance
	if err := perf.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
	}
	return &perf, nil
}
