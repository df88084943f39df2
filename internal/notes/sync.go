package notes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Root is where notes are stored: v1/notes/<id>.age, one object per
// version.
const Root = "v1/notes/"

// Key names the object of a note version.
func Key(id piece.ID) string { return Root + string(id) + ".age" }

// Write seals n and stores it, create-only. Writing the same version
// again (a retry after a lost answer) is not an error.
func Write(ctx context.Context, r remote.Remote, s *seal.Sealer, n Note) error {
	if err := n.Validate(); err != nil {
		return err
	}
	plain, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("note: write %s: %w", n.ID, err)
	}
	sealed, err := s.SealBytes(plain)
	if err != nil {
		return fmt.Errorf("note: write %s: %w", n.ID, err)
	}
	sum := sha256.Sum256(sealed)
	_, err = r.Put(ctx, Key(n.ID), bytes.NewReader(sealed), int64(len(sealed)), hex.EncodeToString(sum[:]))
	if err != nil && !errors.Is(err, remote.ErrExists) {
		return fmt.Errorf("note: write %s: %w", n.ID, err)
	}
	return nil
}

// Problem is a stored object that is not a note the clinic can read.
type Problem struct {
	Key    string
	Reason string // no content: the note could not be read
}

// Pull lists every note in the bucket and hands the versions known does
// not know to found, in key order. Notes are few, so every pull lists them
// all: no cursor can be blinded by a note written with a clock that runs
// behind. Objects that are not readable notes are returned as problems
// and skipped; a version that reads but whose id is not its key's is one.
func Pull(ctx context.Context, r remote.Remote, o *seal.Opener, known func(piece.ID) bool, found func(Note) error) ([]Problem, error) {
	var problems []Problem
	var todo []piece.ID
	err := r.List(ctx, Root, "", func(info remote.Info) error {
		name, ok := strings.CutSuffix(strings.TrimPrefix(info.Key, Root), ".age")
		id := piece.ID(name)
		switch {
		case !ok || id.Validate() != nil:
			problems = append(problems, Problem{Key: info.Key, Reason: "not a note's name"})
		case info.Size > MaxStored:
			problems = append(problems, Problem{Key: info.Key, Reason: fmt.Sprintf("%d bytes, more than a note", info.Size)})
		case !known(id):
			todo = append(todo, id)
		}
		return nil
	})
	if err != nil {
		return problems, fmt.Errorf("note: pull: %w", err)
	}
	for _, id := range todo {
		n, reason, err := read(ctx, r, o, id)
		if err != nil {
			return problems, err
		}
		if reason != "" {
			problems = append(problems, Problem{Key: Key(id), Reason: reason})
			continue
		}
		if err := found(n); err != nil {
			return problems, err
		}
	}
	return problems, nil
}

func read(ctx context.Context, r remote.Remote, o *seal.Opener, id piece.ID) (Note, string, error) {
	rc, err := r.Get(ctx, Key(id))
	if err != nil {
		if remote.IsPermanent(err) {
			return Note{}, "cannot be read", nil
		}
		return Note{}, "", fmt.Errorf("note: pull %s: %w", id, err)
	}
	defer rc.Close()
	sealed, err := io.ReadAll(io.LimitReader(rc, MaxStored+1))
	if err != nil {
		return Note{}, "", fmt.Errorf("note: pull %s: %w", id, err)
	}
	if len(sealed) > MaxStored {
		return Note{}, "more than a note", nil
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		return Note{}, "cannot be opened with the clinic's key", nil
	}
	n, err := Parse(plain)
	if err != nil {
		return Note{}, err.Error(), nil
	}
	if n.ID != id {
		return Note{}, "holds another note than its name says", nil
	}
	return n, "", nil
}
