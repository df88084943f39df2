package gallery

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/notes"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/report"
)

// ReportRequest says which report to make.
type ReportRequest struct {
	Clinic   string // the clinic's name for the header
	Patient  string
	From, To time.Time // visits that started in [From, To]
	Progress func(done, total int)
	// Words is the report's wording in the gallery's language (empty
	// fields: English).
	Words report.Words
	// Word says an emotion word (a vocabulary key) in the report's
	// language; nil: the key itself.
	Word func(string) string
	// Region names a body map region felt warm or cool (piece.FeelWarm,
	// piece.FeelCool) in the report's language, given the region's outline
	// id ("chest") and English name; nil: "Chest (warm)".
	Region func(id, name, feel string) string
}

// WriteReport writes a patient's follow-up report (internal/report) to w:
// the visits of the period with their moods, pieces, thumbnails and the
// therapists' notes. It is audited before anything is read. Slow: not on
// the UI goroutine; ctx cancels it.
func (s *Session) WriteReport(ctx context.Context, w io.Writer, req ReportRequest) error {
	o, _, err := s.current()
	if err != nil {
		return err
	}
	if o.Index == nil {
		return ErrNoRecords
	}
	if err := s.record(o, audit.ReportMade, req.Patient, ""); err != nil {
		return err
	}
	visits, err := o.Index.Timeline(req.Patient)
	if err != nil {
		return err
	}
	r := report.Report{Clinic: req.Clinic, Clinician: s.clinician(), Patient: req.Patient, From: req.From, To: req.To, Made: time.Now(), Words: req.Words}
	if ps, err := o.Index.Patients(index.PatientFilter{Text: req.Patient}); err == nil {
		for _, p := range ps {
			if p.Code == req.Patient {
				r.Name = p.DisplayName
			}
		}
	}
	slices.Reverse(visits) // the report reads oldest first
	for _, v := range visits {
		if err := ctx.Err(); err != nil {
			return err
		}
		if v.Started.Before(req.From) || v.Started.After(req.To) {
			continue
		}
		rv := report.Visit{Start: v.Started, CheckIn: v.CheckIn, CheckOut: v.CheckOut}
		if id := piece.ID(v.ID); id.Validate() == nil {
			rv.Notes = reportNotes(o.Index, notes.OnVisit, id)
		}
		for _, p := range v.Pieces {
			rp := report.Piece{Kind: p.Kind, Title: p.Title, Reflection: p.Reflection,
				Unfinished: p.Unfinished, Damaged: p.Damage != "", Notes: reportNotes(o.Index, notes.OnPiece, p.ID)}
			for _, w := range p.Words {
				word := w.Word
				if req.Word != nil {
					word = req.Word(w.Word)
				}
				rp.Words = append(rp.Words, piece.EmotionTag{Word: word, Intensity: w.Intensity})
			}
			rp.Body = bodyRegions(p.BodyMap, req.Region)
			if p.Damage == "" {
				// Read as the piece is laid out: one thumbnail held at a time.
				rp.LoadThumbnail = func() []byte { return s.thumbnailBytes(o, p) }
				if p.Kind == piece.Writing {
					rp.LoadText = func() string { return s.writtenText(o, p) }
				}
			}
			rv.Pieces = append(rv.Pieces, rp)
		}
		r.Visits = append(r.Visits, rv)
	}
	return report.Write(ctx, w, r, req.Progress)
}

func reportNotes(ix *index.Index, on string, target piece.ID) []report.Note {
	ns, err := ix.Notes(on, target)
	if err != nil {
		return nil
	}
	out := make([]report.Note, len(ns))
	for i, n := range ns {
		out[i] = report.Note{Author: n.Author, Time: n.Written, Text: n.Text}
	}
	return out
}

// thumbnailBytes is a drawing's stored thumbnail, checked against its
// pixel budget, or nil.
func (s *Session) thumbnailBytes(o *Opened, p index.Piece) []byte {
	if o.Library == nil || p.Kind != piece.Drawing {
		return nil
	}
	lp, err := o.Library.CachedPiece(p.Kiosk, p.ID)
	if err != nil {
		return nil
	}
	for _, b := range lp.Manifest.Blobs {
		if b.Role != piece.RoleThumbnail {
			continue
		}
		data, err := lp.ReadBlob(b.Name)
		if err != nil {
			return nil
		}
		if _, _, err := media.DecodeImage(data, media.ThumbnailPixels); err != nil {
			return nil
		}
		return data
	}
	return nil
}

// bodyRegions names a piece's body map regions for the report with name
// (nil: e.g. "Chest (warm)"); regions the outline does not know are left
// out.
func bodyRegions(b *piece.BodyMap, name func(id, name, feel string) string) []string {
	o, err := bodymap.Load()
	if b == nil || err != nil {
		return nil
	}
	m, err := o.FromPiece(b)
	if err != nil {
		return nil
	}
	var out []string
	for _, r := range m.Regions() {
		side, id, _ := strings.Cut(r.ID, ".")
		en := o.Side(side).Region(id).Name
		if name != nil {
			out = append(out, name(id, en, r.Feel))
		} else {
			out = append(out, en+" ("+r.Feel+")")
		}
	}
	return out
}
