package seal

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
)

// DevIdentityFile is the name of the development identity file in a data
// directory.
const DevIdentityFile = "dev-identity.txt"

// DevIdentity returns the development identity kept in dataDir, and its
// recipient. The first call generates a hybrid (post-quantum) identity and
// writes it, unprotected, with file mode 0600; later calls (from this or
// another process, e.g. a kiosk and a gallery on one machine) read the same
// file. It refuses a file that other users may read.
func DevIdentity(dataDir string) (age.Identity, age.Recipient, error) {
	path := filepath.Join(dataDir, DevIdentityFile)
	id, err := readDevIdentity(path)
	if err == nil {
		r, err := RecipientOf(id)
		return id, r, err
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	newID, _, err := GenerateIdentity(Hybrid)
	if err != nil {
		return nil, nil, err
	}
	body, err := FormatIdentities(newID)
	if err != nil {
		return nil, nil, err
	}
	body = append([]byte("# Afterimage DEVELOPMENT identity. Anything sealed to it is labelled as development data.\n# Never use it for patient data.\n"), body...)
	tmp, err := os.CreateTemp(dataDir, ".dev-identity-*")
	if err != nil {
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	// Link rather than rename: if another process created the file in the
	// meantime, keep theirs.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	if err := atomicfile.SyncDir(dataDir); err != nil {
		return nil, nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	id, err = readDevIdentity(path)
	if err != nil {
		return nil, nil, err
	}
	r, err := RecipientOf(id)
	return id, r, err
}

func readDevIdentity(path string) (age.Identity, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("seal: dev identity: %s has mode %v; it must be readable only by its owner (chmod 600)", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seal: dev identity: %w", err)
	}
	ids, err := ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("seal: dev identity %s: %w", path, err)
	}
	return ids[0], nil
}

// NewDevSealer returns a Sealer and an Opener for the development identity
// in dataDir (see DevIdentity). The Sealer reports Development.
func NewDevSealer(dataDir string) (*Sealer, *Opener, error) {
	id, r, err := DevIdentity(dataDir)
	if err != nil {
		return nil, nil, err
	}
	s, err := NewSealer(r)
	if err != nil {
		return nil, nil, err
	}
	s.development = true
	o, err := NewOpener(id)
	if err != nil {
		return nil, nil, err
	}
	return s, o, nil
}
