package library

import (
	"context"
	"errors"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/recovered"
)

// ErrRebuildFailed is wrapped by Piece.Rebuild's error when a recovered
// piece's blobs cannot make its files. The piece itself was handed over
// (its manifest is whole): the gallery shows it with what its manifest
// says, marked as one that could not be rebuilt, never drops it.
var ErrRebuildFailed = errors.New("library: the recovered piece could not be rebuilt")

// NeedsRebuild reports whether p is a piece a kiosk recovered after a
// crash without making its files (a production kiosk cannot read its own
// drafts): unfinished, with a recording's raw segments or a drawing's
// stroke log and no original. Open it with Rebuild.
func (p *Piece) NeedsRebuild() bool { return recovered.Needed(p.Manifest) }

// Rebuild makes, from a recovered piece's blobs, the files a finished piece
// has: for a recording the FLAC with its waveform and peaks, for a drawing
// the PNG and thumbnail (a replay of its stroke log). Each blob is read
// from the encrypted cache and verified against the manifest before it is
// used, and the rebuild is bounded (recovered.Limits, ctx).
//
// What it returns is derived data, computed here: it is not what the kiosk
// sealed or signed (the manifest and its blobs are, and stay as they are),
// it is never written to the cache or the bucket, and the piece stays
// unfinished. It is rebuilt each time it is asked for (a second or so for
// ten minutes of sound): the caller keeps it while the piece is open. Slow:
// never on the UI goroutine.
//
// A piece whose blobs cannot make its files gives an error wrapping
// ErrRebuildFailed (and recovered.ErrDamaged) saying why, without patient
// data, and the library logs it for staff.
func (p *Piece) Rebuild(ctx context.Context) (*recovered.Rebuilt, error) {
	if !p.NeedsRebuild() {
		return nil, fmt.Errorf("%w: piece %s has its own files", ErrRebuildFailed, p.Manifest.ID)
	}
	r, err := recovered.Rebuild(ctx, p.Manifest, p.ReadBlob, p.lib.opts.Rebuild)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("library: rebuild piece %s: %w", p.Manifest.ID, err)
		}
		p.lib.log.Warn("a recovered piece could not be rebuilt", "kiosk", p.Kiosk, "piece", p.Manifest.ID, "err", err)
		return nil, fmt.Errorf("%w: %w", ErrRebuildFailed, err)
	}
	if r.LeftOut != "" {
		p.lib.log.Warn("a recovered piece was rebuilt in part", "kiosk", p.Kiosk, "piece", p.Manifest.ID, "left_out", r.LeftOut)
	}
	return r, nil
}
