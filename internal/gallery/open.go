package gallery

import (
	"fmt"
	"os"
	"path/filepath"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// OpenStore opens the gallery's encrypted index (its key derived from the
// unlocked identities) under dataDir and the library with its state kept
// there (library.OpenIndexed). An index that had to be rebuilt, or was new
// where pieces were already pulled, is refilled from the library's cache,
// and Opened.Note says so. An index that cannot be opened at all (a folder
// that cannot be written, a file another program holds) does not stop the
// gallery: it opens a fresh index in a private temporary folder, filled
// from the cache and removed when closed, and the note says "index
// unavailable".
func OpenStore(dataDir string, rem remote.Remote, ids []age.Identity, opts library.Options) (*Opened, error) {
	o, err := seal.NewOpener(ids...)
	if err != nil {
		return nil, fmt.Errorf("gallery: open: %w", err)
	}
	secret, err := index.KeyMaterial(ids...)
	if err != nil {
		return nil, fmt.Errorf("gallery: open: %w", err)
	}
	libDir := filepath.Join(dataDir, "gallery")
	if err := os.MkdirAll(libDir, 0o700); err != nil {
		return nil, fmt.Errorf("gallery: open: %w", err)
	}
	// No audit log, no patient's work: the gallery fails closed.
	auditLog, sealer, opener, err := openAudit(dataDir, rem, ids)
	if err != nil {
		return nil, err
	}
	records := clinicRecords{remote: rem, sealer: sealer, opener: opener}
	ix, rep, err := index.Open(index.DefaultPath(dataDir), secret, &index.Options{Logger: opts.Logger})
	if err == nil {
		lib, fill, err := library.OpenIndexed(libDir, rem, o, opts, ix, rep)
		if err == nil {
			var note string
			if fill.Rebuilt {
				note = fmt.Sprintf("index rebuilt (%s)", fill.Reason)
			}
			// Each pull indexes the visit records it brings; the cache's
			// are read back (every cached manifest opened: seconds at
			// 10,000 pieces) only when the index was behind the cache.
			if fill.Rebuilt || fill.Added > 0 {
				cachedVisits(ix, lib, opts)
			}
			return &Opened{Index: ix, Library: lib, Audit: auditLog, Note: note, records: records}, nil
		}
		ix.Close()
	}
	opts.Logger.Error("gallery: the index cannot be opened; using a temporary one", "err", err)
	opened, err := openTemporary(libDir, rem, o, secret, opts)
	if opened != nil {
		opened.Audit, opened.records = auditLog, records
	}
	return opened, err
}

// openTemporary opens a fresh index in a private temporary folder, filled
// from the library's cache; Close of the index leaves the folder, which
// closeOpened removes.
func openTemporary(libDir string, rem remote.Remote, o *seal.Opener, secret []byte, opts library.Options) (*Opened, error) {
	dir, err := os.MkdirTemp("", "afterimage-index-")
	if err != nil {
		return nil, fmt.Errorf("gallery: open a temporary index: %w", err)
	}
	ix, rep, err := index.Open(filepath.Join(dir, "index.db"), secret, &index.Options{Logger: opts.Logger})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("gallery: open a temporary index: %w", err)
	}
	// The library's state (cursors, problems) starts empty there: its
	// first pull lists everything and skips what the cache holds.
	lib, _, err := library.OpenIndexed(libDir, rem, o, opts, ix, rep)
	if err != nil {
		ix.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("gallery: open the library: %w", err)
	}
	cachedVisits(ix, lib, opts)
	return &Opened{Index: ix, Library: lib, Note: "index unavailable", tempDir: dir}, nil
}

// cachedVisits puts the visit records the cache holds into the index (a
// rebuilt or temporary index has none); a failure leaves the timeline
// without those moods, and is logged.
func cachedVisits(ix *index.Index, lib *library.Library, opts library.Options) {
	visits, err := lib.Visits()
	if err == nil {
		_, err = indexVisits(ix, visits)
	}
	if err != nil {
		opts.Logger.Warn("gallery: visit records not indexed; moods may be missing", "err", err)
	}
}
