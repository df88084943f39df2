package gallery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/takehome"
)

// TakeHomeRequest says which of a patient's pieces go in their own copy,
// and where.
type TakeHomeRequest struct {
	Patient string
	Pieces  []piece.ID // the chosen pieces, in the page's order
	// Consent must be true: the patient agreed to take these pieces home
	// (the clinician confirmed it on screen).
	Consent bool
	Dest    string // the folder or .zip to create
	Format  takehome.Format
	Text    takehome.Text
	// Word says an emotion word (a vocabulary key) in the patient's
	// language; nil: as stored.
	Word     func(string) string
	Progress func(done, total int)
}

// ErrNoConsent: a take-home export was asked for without the patient's
// consent.
var ErrNoConsent = errors.New("gallery: the patient's consent to take pieces home is not recorded")

// ErrNotTheirs: a chosen piece is not this patient's verified, undamaged
// work.
var ErrNotTheirs = errors.New("gallery: a chosen piece is not this patient's")

// TakeHome writes a patient's own copy of their chosen pieces
// (internal/takehome). Each piece is read again from the index: it must
// be the patient's, of verified origin (or tampered after, whose first
// version is kept) and undamaged. The patient's consent is recorded in
// the audit log (one entry per piece) before anything is read, and the
// export (one entry per piece) before it appears at Dest: an entry that
// cannot be written stops it, leaving nothing (fail closed). Only the
// pieces' titles, words, reflections, dates, pictures and sounds go in:
// no notes, names, codes or keys. Slow: not on the UI goroutine; ctx
// cancels it.
func (s *Session) TakeHome(ctx context.Context, req TakeHomeRequest) (takehome.Summary, error) {
	o, _, err := s.current()
	if err != nil {
		return takehome.Summary{}, err
	}
	if !req.Consent {
		return takehome.Summary{}, ErrNoConsent
	}
	if o.Index == nil || o.Library == nil {
		return takehome.Summary{}, ErrNoRecords
	}
	if req.Patient == "" || len(req.Pieces) == 0 {
		return takehome.Summary{}, fmt.Errorf("gallery: take-home export: no patient or no piece chosen")
	}
	pieces := make([]index.Piece, len(req.Pieces))
	page := make([]takehome.Piece, len(req.Pieces))
	seen := map[piece.ID]bool{}
	for i, id := range req.Pieces {
		p, err := o.Index.Piece(id)
		if err != nil {
			return takehome.Summary{}, fmt.Errorf("gallery: take-home export: %w", err)
		}
		if p.Patient != req.Patient || p.Damage != "" || seen[id] ||
			(p.Provenance != index.Verified && p.Provenance != index.Tampered) {
			return takehome.Summary{}, fmt.Errorf("%w (piece %s)", ErrNotTheirs, id)
		}
		seen[id] = true
		pieces[i] = p
		page[i] = takehome.Piece{Kind: p.Kind, Title: p.Title, Reflection: p.Reflection, Made: p.Created}
		for _, w := range p.Words {
			word := w.Word
			if req.Word != nil {
				word = req.Word(w.Word)
			}
			page[i].Words = append(page[i].Words, word)
		}
	}
	if err := s.recordPieces(o, audit.Consent, pieces); err != nil {
		return takehome.Summary{}, err
	}
	sum, err := takehome.Export(ctx, takehome.Request{
		Dest: req.Dest, Format: req.Format, Pieces: page, Text: req.Text, Progress: req.Progress,
		Open: func(ctx context.Context, i int) (takehome.Files, error) {
			return s.takeHomeFiles(pieces[i])
		},
		BeforeCommit: func() error { return s.recordPieces(o, audit.ExportMade, pieces) },
	})
	if err != nil {
		s.log.Error("gallery: take-home export", "pieces", len(pieces), "format", req.Format.String(), "err", err)
		return sum, err
	}
	s.log.Info("gallery: take-home export made", "pieces", sum.Pieces, "format", req.Format.String(), "bytes", sum.Bytes)
	return sum, nil
}

// recordPieces writes one audit entry of action per piece, in one durable
// step; an error means none is written (fail closed).
func (s *Session) recordPieces(o *Opened, action audit.Action, pieces []index.Piece) error {
	if o.Audit == nil {
		return nil
	}
	evs := make([]audit.Event, len(pieces))
	for i, p := range pieces {
		evs[i] = audit.Event{Actor: s.clinician(), Action: action, Patient: p.Patient, Piece: string(p.ID)}
	}
	if err := o.Audit.AppendAll(evs); err != nil {
		s.log.Error("gallery: the audit log cannot record; not exporting", "action", action, "err", err)
		return fmt.Errorf("gallery: %w", err)
	}
	return nil
}

// takeHomeFiles opens a piece's picture (PNG) and sound (FLAC) from the
// encrypted cache, verified against its manifest as they are read.
func (s *Session) takeHomeFiles(p index.Piece) (files takehome.Files, err error) {
	_, lp, err := s.cachedPiece(p, ErrNoRecords)
	if err != nil {
		return files, err
	}
	defer func() {
		if err != nil {
			for _, c := range []io.Closer{files.Picture, files.Sound} {
				if c != nil {
					c.Close()
				}
			}
			files = takehome.Files{}
		}
	}()
	// A crash-recovered piece's drawing or recording is rebuilt from its
	// stroke log or segments (bounded; one piece at a time).
	rebuilt, ok, err := rebuiltFile(lp, piece.RoleOriginal)
	if ok {
		if err != nil {
			return files, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
		}
		if rebuilt != nil && p.Kind == piece.Drawing {
			files.Picture = io.NopCloser(bytes.NewReader(rebuilt))
		} else if rebuilt != nil {
			files.Sound = io.NopCloser(bytes.NewReader(rebuilt))
		}
	}
	if p.Kind == piece.Writing {
		if files.Text, err = lp.WrittenText(); err != nil {
			return files, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
		}
	}
	for _, b := range lp.Manifest.Blobs {
		switch {
		case p.Kind == piece.Drawing && b.Role == piece.RoleOriginal && files.Picture == nil:
			if files.Picture, err = openPicture(lp, b); err != nil {
				return files, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
			}
		case b.MediaType == media.FLACMediaType && files.Sound == nil &&
			((p.Kind == piece.Drawing && b.Role == piece.RoleVoiceNote) || (p.Kind != piece.Drawing && b.Role == piece.RoleOriginal)):
			if files.Sound, err = lp.OpenBlob(b.Name); err != nil {
				return files, err
			}
		}
	}
	if files.Picture == nil && files.Sound == nil && files.Text == "" {
		return files, fmt.Errorf("gallery: piece %s: nothing to take home (no picture, no recording, no text)", p.ID)
	}
	return files, nil
}

// openPicture streams a stored PNG as it is; a JPEG original is decoded
// (bounded) and written again as PNG.
func openPicture(lp *library.Piece, b piece.Blob) (io.ReadCloser, error) {
	switch b.MediaType {
	case media.PNGMediaType:
		return lp.OpenBlob(b.Name)
	case media.JPEGMediaType:
		rc, err := lp.OpenBlob(b.Name)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		img, _, err := media.DecodeImageReader(rc, MaxOriginalBytes, media.DrawingPixels)
		if err != nil {
			return nil, err
		}
		data, err := media.EncodePNG(img)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	return nil, fmt.Errorf("a picture of type %q", b.MediaType)
}
