package notes

import (
	"context"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/sealedobj"
)

// Root is where notes are stored: v1/notes/<id>.age, one object per
// version.
const Root = "v1/notes/"

// Key names the object of a note version.
func Key(id piece.ID) string { return sealedobj.Key(Root, id) }

// Write seals n and stores it, create-only. Writing the same version
// again (a retry after a lost answer) is not an error.
func Write(ctx context.Context, r remote.Remote, s *seal.Sealer, n Note) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := sealedobj.Write(ctx, r, s, Root, n.ID, n); err != nil {
		return fmt.Errorf("note: %w", err)
	}
	return nil
}

// Problem is a stored object that is not a note the clinic can read.
type Problem = sealedobj.Problem

// Pull lists every note in the bucket and hands the versions known does
// not know to found (see sealedobj.Pull: every pull lists them all, and
// objects that are not readable notes come back as problems).
func Pull(ctx context.Context, r remote.Remote, o *seal.Opener, known func(piece.ID) bool, found func(Note) error) ([]Problem, error) {
	parse := func(b []byte) (Note, piece.ID, error) {
		n, err := Parse(b)
		return n, n.ID, err
	}
	ps, err := sealedobj.Pull(ctx, r, o, Root, MaxStored, known, parse, found)
	if err != nil {
		return ps, fmt.Errorf("note: %w", err)
	}
	return ps, nil
}
