package gallery

import (
	"errors"
	"fmt"
	"image"
	"image/draw"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// MaxOriginalBytes bounds a drawing's stored PNG that the viewer reads.
const MaxOriginalBytes = 64 << 20

// ErrNoPicture: the piece stores no drawing (a recording, or a drawing
// without its original).
var ErrNoPicture = errors.New("gallery: the piece has no drawing")

// Original reads and decodes a drawing's full-resolution picture from the
// encrypted cache, verified against its manifest, within
// media.DrawingPixels, as an *image.RGBA (what the screen uploads as is).
// Slow: never on the UI goroutine. A damaged piece is not read.
func (s *Session) Original(p index.Piece) (*image.RGBA, error) {
	o, lp, err := s.cachedPiece(p, ErrNoPicture)
	if err != nil {
		return nil, err
	}
	if err := s.record(o, audit.PieceViewed, p.Patient, p.ID); err != nil {
		return nil, err
	}
	if data, ok, err := rebuiltFile(lp, piece.RoleOriginal); ok {
		if err != nil {
			return nil, err
		}
		if data == nil || p.Kind != piece.Drawing {
			return nil, ErrNoPicture
		}
		img, _, err := media.DecodeImage(data, media.DrawingPixels)
		if err != nil {
			return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
		}
		return toRGBA(img), nil
	}
	for _, b := range lp.Manifest.Blobs {
		if b.Role != piece.RoleOriginal || (b.MediaType != "image/png" && b.MediaType != "image/jpeg") {
			continue
		}
		rc, err := lp.OpenBlob(b.Name)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		img, _, err := media.DecodeImageReader(rc, MaxOriginalBytes, media.DrawingPixels)
		if err != nil {
			return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
		}
		return toRGBA(img), nil
	}
	return nil, ErrNoPicture
}

// cachedPiece is p's piece in the encrypted cache (its manifest verified,
// its blobs readable against it); none when this gallery has no library.
// A damaged piece is not read.
func (s *Session) cachedPiece(p index.Piece, none error) (*Opened, *library.Piece, error) {
	o, _, err := s.current()
	if err != nil {
		return nil, nil, err
	}
	if p.Damage != "" {
		return nil, nil, fmt.Errorf("gallery: piece %s is damaged", p.ID)
	}
	if o.Library == nil {
		return nil, nil, none
	}
	lp, err := o.Library.CachedPiece(p.Kiosk, p.ID)
	if err != nil {
		return nil, nil, err
	}
	return o, lp, nil
}

// toRGBA is img as an *image.RGBA at the origin (what the screen uploads
// as is), copied only when it is not one.
func toRGBA(img image.Image) *image.RGBA {
	if rgba, ok := img.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) {
		return rgba
	}
	out := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}
