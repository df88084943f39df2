package gallery

import (
	"errors"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// ErrNoIndex is returned by queries when the index could not be opened.
var ErrNoIndex = errors.New("gallery: the index is unavailable")

func (s *Session) index() (*index.Index, error) {
	o, _, err := s.current()
	if err != nil {
		return nil, err
	}
	if o.Index == nil {
		return nil, ErrNoIndex
	}
	return o.Index, nil
}

// Patients lists patients whose code starts with, or whose display name
// holds, text ("" all), most recent last visit first. Slow (the index):
// not on the UI goroutine.
func (s *Session) Patients(text string) ([]index.Patient, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.Patients(index.PatientFilter{Text: text})
}

// Timeline is a patient's visits, newest first, each with its pieces.
// Opening a patient other than the last one opened is audited, and
// recorded for what is new (NewSince).
func (s *Session) Timeline(patient string) ([]index.Visit, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	if err := s.auditPatient(patient); err != nil {
		return nil, err
	}
	return ix.Timeline(patient)
}

// auditPatient records that patient is opened, unless it was the last
// patient opened.
func (s *Session) auditPatient(patient string) error {
	o, _, err := s.current()
	if err != nil {
		return err
	}
	s.mu.Lock()
	again := s.lastPatient == patient
	s.lastPatient = patient
	s.mu.Unlock()
	if again {
		return nil
	}
	if err := s.record(o, audit.PatientOpened, patient, ""); err != nil {
		s.mu.Lock()
		s.lastPatient = ""
		s.mu.Unlock()
		return err
	}
	if o.Index != nil {
		// What is new counts from the openings (NewSince); a lost one
		// leaves pieces new a little longer, so the view goes on.
		if err := o.Index.MarkOpened(patient); err != nil {
			s.log.Warn("gallery: cannot record the patient's opening for what is new", "err", err)
		}
	}
	return nil
}

// Unverified lists the pieces whose origin is not verified, newest first
// (at most index.DefaultLimit).
func (s *Session) Unverified() ([]index.Piece, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.Unverified(index.Filter{})
}

// Piece is one indexed piece.
func (s *Session) Piece(id piece.ID) (index.Piece, error) {
	ix, err := s.index()
	if err != nil {
		return index.Piece{}, err
	}
	return ix.Piece(id)
}

// SearchLimit is how many hits Search returns.
const SearchLimit = 200

// Search finds pieces whose title or reflection matches what was typed,
// best first, with the matches marked (FTS5, see index.Search; anything
// typed is safe).
func (s *Session) Search(typed string) ([]index.Hit, error) {
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	return ix.Search(typed, index.Filter{Limit: SearchLimit})
}
