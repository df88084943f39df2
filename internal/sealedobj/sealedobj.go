// Package sealedobj stores small clinic-side records (therapists' notes,
// patients' display names) as sealed, create-only objects, one per
// version, named <prefix><UUIDv7>.age, and reads them back as hostile
// input: bounded size, sealed to the clinic, strictly parsed, and the id
// inside equal to the name.
package sealedobj

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

// Key names the object of one version.
func Key(prefix string, id piece.ID) string { return prefix + string(id) + ".age" }

// Write seals v (as JSON) and stores it at Key(prefix, id), create-only.
// Writing the same version again (a retry after a lost answer) is not an
// error.
func Write(ctx context.Context, r remote.Remote, s *seal.Sealer, prefix string, id piece.ID, v any) error {
	plain, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("write %s: %w", id, err)
	}
	sealed, err := s.SealBytes(plain)
	if err != nil {
		return fmt.Errorf("write %s: %w", id, err)
	}
	sum := sha256.Sum256(sealed)
	_, err = r.Put(ctx, Key(prefix, id), bytes.NewReader(sealed), int64(len(sealed)), hex.EncodeToString(sum[:]))
	if err != nil && !errors.Is(err, remote.ErrExists) {
		return fmt.Errorf("write %s: %w", id, err)
	}
	return nil
}

// Problem is a stored object that is not a record the clinic can read.
type Problem struct {
	Key    string
	Reason string // no content: the record could not be read
}

// Pull lists every object under prefix and hands the versions known does
// not know, parsed, to found, in key order. Records are few, so every pull
// lists them all: no cursor can be blinded by one written with a clock
// that runs behind. parse checks a record and returns its id, which must
// be its object's. Objects that are not readable records (larger than
// maxSize, not sealed to the clinic, not parsing, another id) are
// returned as problems and skipped.
func Pull[T any](ctx context.Context, r remote.Remote, o *seal.Opener, prefix string, maxSize int64,
	known func(piece.ID) bool, parse func([]byte) (T, piece.ID, error), found func(T) error) ([]Problem, error) {
	var problems []Problem
	var todo []piece.ID
	err := r.List(ctx, prefix, "", func(info remote.Info) error {
		name, ok := strings.CutSuffix(strings.TrimPrefix(info.Key, prefix), ".age")
		id := piece.ID(name)
		switch {
		case !ok || id.Validate() != nil:
			problems = append(problems, Problem{Key: info.Key, Reason: "not a record's name"})
		case info.Size > maxSize:
			problems = append(problems, Problem{Key: info.Key, Reason: fmt.Sprintf("%d bytes, more than a record", info.Size)})
		case !known(id):
			todo = append(todo, id)
		}
		return nil
	})
	if err != nil {
		return problems, fmt.Errorf("pull %s: %w", prefix, err)
	}
	for _, id := range todo {
		v, reason, err := read(ctx, r, o, prefix, maxSize, id, parse)
		if err != nil {
			return problems, err
		}
		if reason != "" {
			problems = append(problems, Problem{Key: Key(prefix, id), Reason: reason})
			continue
		}
		if err := found(v); err != nil {
			return problems, err
		}
	}
	return problems, nil
}

func read[T any](ctx context.Context, r remote.Remote, o *seal.Opener, prefix string, maxSize int64, id piece.ID,
	parse func([]byte) (T, piece.ID, error)) (T, string, error) {
	var zero T
	rc, err := r.Get(ctx, Key(prefix, id))
	if err != nil {
		if remote.IsPermanent(err) {
			return zero, "cannot be read", nil
		}
		return zero, "", fmt.Errorf("pull %s: %w", id, err)
	}
	defer rc.Close()
	sealed, err := io.ReadAll(io.LimitReader(rc, maxSize+1))
	if err != nil {
		return zero, "", fmt.Errorf("pull %s: %w", id, err)
	}
	if int64(len(sealed)) > maxSize {
		return zero, "more than a record", nil
	}
	plain, err := o.OpenBytes(sealed)
	if err != nil {
		return zero, "cannot be opened with the clinic's key", nil
	}
	v, got, err := parse(plain)
	if err != nil {
		return zero, err.Error(), nil
	}
	if got != id {
		return zero, "holds another record than its name says", nil
	}
	return v, "", nil
}
