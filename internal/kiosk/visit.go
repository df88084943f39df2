package kiosk

import (
	"slices"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Visit is what the kiosk holds about the patient in front of it. It is
// patient data: never log it. The zero Visit is "nobody".
type Visit struct {
	ID          string           // random UUIDv7, set when a code is accepted
	PatientCode patientcode.Code // canonical form
	Started     time.Time
	CheckIn     *piece.Mood
	CheckOut    *piece.Mood

	// Open is the piece being made or tagged (in Studio or Tag), with its
	// kind; empty otherwise. The Saver saves it under this ID.
	Open     piece.ID
	OpenKind piece.Kind

	// Pieces saved during this visit, in order: tagged ones and unfinished
	// ones saved by StudioBack, LeaveStudio, the idle reset or StaffExit.
	Pieces []piece.ID

	// QuietSpaces is how many times the quiet space ran during the visit:
	// all that is kept of it.
	QuietSpaces int

	// Ended is when the visit ended (set in the Visit handed to the
	// OnVisitEnd listeners); CheckedOut says it ended at check-out rather
	// than by an idle reset, Back to Welcome or a staff exit.
	Ended      time.Time
	CheckedOut bool
}

// clone returns a deep copy, so callers never share memory with the machine
// (which clears its own copy at reset).
func (v Visit) clone() Visit {
	c := v
	if v.CheckIn != nil {
		m := *v.CheckIn
		c.CheckIn = &m
	}
	if v.CheckOut != nil {
		m := *v.CheckOut
		c.CheckOut = &m
	}
	c.Pieces = slices.Clone(v.Pieces)
	return c
}

func copyMood(m *piece.Mood) *piece.Mood {
	if m == nil {
		return nil
	}
	c := *m
	return &c
}
