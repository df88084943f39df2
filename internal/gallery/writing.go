package gallery

import (
	"errors"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// ErrNoText: the piece stores no written text (not a written piece, or
// one without its text).
var ErrNoText = errors.New("gallery: the piece has no written text")

// WrittenText reads a written piece's text from the encrypted cache,
// verified against its manifest and checked as hostile (at most
// writing.MaxBytes of UTF-8, control characters removed). Viewing it is
// audited like viewing a drawing. Slow: never on the UI goroutine. A
// damaged piece is not read.
func (s *Session) WrittenText(p index.Piece) (string, error) {
	o, lp, err := s.cachedPiece(p, ErrNoText)
	if err != nil {
		return "", err
	}
	if err := s.record(o, audit.PieceViewed, p.Patient, p.ID); err != nil {
		return "", err
	}
	text, err := lp.WrittenText()
	if errors.Is(err, library.ErrNoText) {
		return "", ErrNoText
	}
	return text, err
}

// writtenText is p's written text for a report or a take-home export, ""
// when it cannot be read (the piece is then shown without it, as a
// drawing without its thumbnail is).
func (s *Session) writtenText(o *Opened, p index.Piece) string {
	if o.Library == nil || p.Kind != piece.Writing {
		return ""
	}
	lp, err := o.Library.CachedPiece(p.Kiosk, p.ID)
	if err != nil {
		return ""
	}
	text, err := lp.WrittenText()
	if err != nil {
		s.log.Warn("gallery: written text left out", "piece", p.ID, "err", err)
		return ""
	}
	return text
}
