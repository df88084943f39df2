package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// DefaultPath is where the gallery keeps its index under its data folder.
func DefaultPath(dataDir string) string {
	return filepath.Join(dataDir, "gallery", "index.db")
}

// KeyMaterial returns the secret material Open derives the index key from:
// the unlocked clinic identities' secret keys ("AGE-SECRET-KEY-..."), one a
// line, in the order given. The same identities always give the same
// material (seal.FormatIdentities does not: it stamps the time).
func KeyMaterial(ids ...age.Identity) ([]byte, error) {
	if len(ids) == 0 {
		return nil, errors.New("index: key material: no identity")
	}
	var b []byte
	for _, id := range ids {
		s, ok := id.(fmt.Stringer)
		if !ok {
			return nil, fmt.Errorf("index: key material: unsupported identity type %T", id)
		}
		b = append(b, s.String()...)
		b = append(b, '\n')
	}
	return b, nil
}

// RequestRebuild asks for the index at path to be rebuilt: the next Open
// moves the file aside, starts an empty index and reports Rebuilt, so the
// gallery refills it from the sealed manifests in the bucket. It needs no
// key and touches nothing but a marker file beside the index. It fails if
// there is no index at path.
func RequestRebuild(path string) error {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("index: rebuild: there is no index at %s", path)
		}
		return fmt.Errorf("index: rebuild: %w", err)
	}
	if err := os.WriteFile(path+rebuildSuffix, nil, 0o600); err != nil {
		return fmt.Errorf("index: rebuild: %w", err)
	}
	return nil
}
