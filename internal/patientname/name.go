// Package patientname is the clinic-side display name of a patient ("Zoë
// A."), which never reaches a kiosk or a piece: set in one gallery, sealed
// to the clinic and stored create-only under v1/names/ (one object per
// version, named by a random id, never by the patient's code), so every
// clinician's gallery shows it. The newest version wins; an empty name
// clears it.
package patientname

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/sealedobj"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Schema is the version of the stored record.
const Schema = 1

// Root is where names are stored.
const Root = "v1/names/"

// Limits.
const (
	MaxName   = 80 // characters
	MaxAuthor = 120
	MaxStored = 16 << 10
)

// Name is one version of a patient's display name.
type Name struct {
	Schema  int       `json:"schema"`
	ID      piece.ID  `json:"id"`
	Patient string    `json:"patient"` // the code, canonical
	Name    string    `json:"name"`    // "" clears the name
	Author  string    `json:"author"`
	Written time.Time `json:"written"`
}

// New is a new version of patient's display name.
func New(patient, name, author string, now time.Time) Name {
	return Name{Schema: Schema, ID: piece.NewID(), Patient: patient, Name: name, Author: author,
		Written: now.UTC().Truncate(time.Millisecond)}
}

// Validate checks a name as written or as read from storage.
func (n Name) Validate() error {
	code, err := patientcode.Parse(n.Patient)
	switch {
	case n.Schema != Schema:
		return fmt.Errorf("patient name: schema %d, want %d", n.Schema, Schema)
	case n.ID.Validate() != nil:
		return errors.New("patient name: the id is not a UUIDv7")
	case err != nil || string(code) != n.Patient:
		return errors.New("patient name: the patient code is not one")
	case !utf8.ValidString(n.Name) || utf8.RuneCountInString(n.Name) > MaxName:
		return fmt.Errorf("patient name: at most %d characters", MaxName)
	case containsControl(n.Name):
		return errors.New("patient name: on one line, without control characters")
	case n.Author == "" || !utf8.ValidString(n.Author) || utf8.RuneCountInString(n.Author) > MaxAuthor:
		return fmt.Errorf("patient name: the author must be 1 to %d characters", MaxAuthor)
	case n.Written.IsZero():
		return errors.New("patient name: no time")
	}
	return nil
}

func containsControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return true
		}
	}
	return false
}

// Parse reads a stored name strictly and validates it.
func Parse(data []byte) (Name, error) {
	var n Name
	if err := strictjson.Decode(data, &n); err != nil {
		return Name{}, fmt.Errorf("patient name: %w", err)
	}
	if err := n.Validate(); err != nil {
		return Name{}, err
	}
	return n, nil
}

// Write seals n and stores it, create-only.
func Write(ctx context.Context, r remote.Remote, s *seal.Sealer, n Name) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := sealedobj.Write(ctx, r, s, Root, n.ID, n); err != nil {
		return fmt.Errorf("patient name: %w", err)
	}
	return nil
}

// Pull hands every stored version known does not know to found (see
// sealedobj.Pull).
func Pull(ctx context.Context, r remote.Remote, o *seal.Opener, known func(piece.ID) bool, found func(Name) error) ([]sealedobj.Problem, error) {
	parse := func(b []byte) (Name, piece.ID, error) {
		n, err := Parse(b)
		return n, n.ID, err
	}
	ps, err := sealedobj.Pull(ctx, r, o, Root, MaxStored, known, parse, found)
	if err != nil {
		return ps, fmt.Errorf("patient name: %w", err)
	}
	return ps, nil
}
