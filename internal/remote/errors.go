package remote

import (
	"errors"
	"fmt"
)

// The kinds of error a backend reports. Backends wrap them (errors.Is works),
// adding the operation and key: "s3: put v1/pieces/k1/…/b1.age: object exists".
var (
	// ErrNotExist: no object under the key.
	ErrNotExist = errors.New("object does not exist")
	// ErrExists: a create-only Put found an object already under the key.
	ErrExists = errors.New("object exists")
	// ErrChecksum: the bytes given to Put did not match the size or SHA-256
	// the caller declared; nothing was stored. Transient if the bytes were
	// damaged on the way (retry), permanent if the source itself is damaged:
	// the caller must check its source to tell which.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrPermission: the credentials may not do this (e.g. a kiosk's key
	// reading). Retrying does not help until the configuration changes.
	ErrPermission = errors.New("permission denied")
	// ErrInvalid: a malformed key or argument, or a missing bucket.
	ErrInvalid = errors.New("invalid request")
	// ErrStop ends a List early when returned by its callback; List then
	// returns it unchanged.
	ErrStop = errors.New("stop listing")
)

// Error is the error type backends return: operation, key and kind, with the
// underlying cause kept for errors.As (e.g. a minio.ErrorResponse).
type Error struct {
	Backend string // "s3", "dir"
	Op      string // "put", "get", "stat", "list", "delete"
	Key     string
	Kind    error // one of the Err* kinds above, or nil for a transient error
	Err     error // underlying cause, may be nil
}

func (e *Error) Error() string {
	msg := e.Backend + ": " + e.Op
	if e.Key != "" {
		msg += " " + e.Key
	}
	switch {
	case e.Kind != nil && e.Err != nil:
		return fmt.Sprintf("%s: %v: %v", msg, e.Kind, e.Err)
	case e.Kind != nil:
		return fmt.Sprintf("%s: %v", msg, e.Kind)
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", msg, e.Err)
	}
	return msg
}

// Unwrap exposes both the kind and the cause to errors.Is / errors.As.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// IsNotExist reports whether err says the object does not exist.
func IsNotExist(err error) bool { return errors.Is(err, ErrNotExist) }

// IsExists reports whether err says a create-only Put found an object.
func IsExists(err error) bool { return errors.Is(err, ErrExists) }

// IsChecksum reports whether err says Put's bytes did not match.
func IsChecksum(err error) bool { return errors.Is(err, ErrChecksum) }

// IsPermission reports whether err says the credentials were refused.
func IsPermission(err error) bool { return errors.Is(err, ErrPermission) }

// IsPermanent reports whether retrying the same call unchanged cannot
// succeed: not-exist, exists, permission and invalid requests. Checksum
// mismatches and all other errors (network, timeouts, server errors) are
// not permanent.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrNotExist) || errors.Is(err, ErrExists) ||
		errors.Is(err, ErrPermission) || errors.Is(err, ErrInvalid)
}
