package piece

import (
	"fmt"

	"github.com/google/uuid"
)

// ID identifies a piece: a UUIDv7 in its canonical lower-case text form. It is
// random and time-sortable, and it carries no patient data, so it may appear
// in logs, errors and object keys.
type ID string

// NewID returns a fresh UUIDv7 piece ID. IDs made by one process sort in the
// order they were made.
func NewID() ID {
	u, err := uuid.NewV7()
	if err != nil {
		// uuid.NewV7 only fails when the system's random source fails, in
		// which case nothing else (age included) can work either.
		panic(fmt.Sprintf("piece: new id: %v", err))
	}
	return ID(u.String())
}

// ParseID checks that s is a canonical UUIDv7 and returns it as an ID.
func ParseID(s string) (ID, error) {
	id := ID(s)
	if err := id.Validate(); err != nil {
		return "", err
	}
	return id, nil
}

// Validate reports whether id is a canonical (lower-case, hyphenated) UUIDv7.
func (id ID) Validate() error {
	if len(id) != 36 {
		return fmt.Errorf("piece id %q: want a 36-character UUIDv7", string(id))
	}
	u, err := uuid.Parse(string(id))
	if err != nil {
		return fmt.Errorf("piece id %q: %v", string(id), err)
	}
	if u.Version() != 7 || u.Variant() != uuid.RFC4122 {
		return fmt.Errorf("piece id %q: not a UUIDv7", string(id))
	}
	if u.String() != string(id) {
		return fmt.Errorf("piece id %q: not in canonical lower-case form", string(id))
	}
	return nil
}

// String returns the ID's text.
func (id ID) String() string { return string(id) }
