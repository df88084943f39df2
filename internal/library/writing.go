package library

import (
	"errors"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// ErrNoText: the piece is not a written piece, or stores no text.
var ErrNoText = errors.New("library: the piece has no written text")

// WrittenText is a written piece's text, read from the encrypted cache,
// verified against the manifest and checked as hostile: a text blob larger
// than writing.MaxBytes (by the manifest, before anything is read) or not
// UTF-8 is damaged (wrapping writing.ErrDamaged); control and bidirectional
// formatting characters are removed.
func (p *Piece) WrittenText() (string, error) {
	if p.Manifest.Kind != piece.Writing {
		return "", ErrNoText
	}
	for _, b := range p.Manifest.Blobs {
		if b.Role != piece.RoleOriginal || b.MediaType != writing.MediaTypeText {
			continue
		}
		if b.Size > writing.MaxBytes {
			return "", fmt.Errorf("library: piece %s: text of %d bytes: %w", p.Manifest.ID, b.Size, writing.ErrDamaged)
		}
		data, err := p.ReadBlob(b.Name)
		if err != nil {
			return "", err
		}
		s, err := writing.Decode(data)
		if err != nil {
			return "", fmt.Errorf("library: piece %s: %w", p.Manifest.ID, err)
		}
		return s, nil
	}
	return "", ErrNoText
}

// body is what the index searches of p besides its manifest: a written
// piece's text. A text that cannot be read is left out (logged without
// content); the piece is still indexed, and its viewer says it is damaged.
func (p *Piece) body() string {
	if p.Manifest.Kind != piece.Writing || p.lib == nil {
		return ""
	}
	s, err := p.WrittenText()
	if err != nil && !errors.Is(err, ErrNoText) {
		p.lib.log.Warn("written text not indexed", "kiosk", p.Kiosk, "piece", p.Manifest.ID, "err", err)
	}
	return s
}
