package audio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
)

// DirSink stores segments as files in a directory, durably (temporary file,
// fsync, rename, fsync of the directory). It holds plaintext sound, so the
// kiosk uses the spool draft instead; DirSink is for tools and tests.
type DirSink struct{ Dir string }

var _ SegmentSink = DirSink{}

// AppendSegment implements SegmentSink.
func (d DirSink) AppendSegment(ctx context.Context, index int, pcm []int16) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audio: store segment %d: %w", index, err)
	}
	name := filepath.Join(d.Dir, fmt.Sprintf("seg-%06d.aiseg", index))
	tmp := name + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("audio: store segment %d: %w", index, err)
	}
	_, err = f.Write(EncodeSegment(index, pcm))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err == nil {
		err = atomicfile.SyncDir(d.Dir)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("audio: store segment %d: %w", index, err)
	}
	return nil
}

// ReadSegments loads every segment stored in dir. Damaged files are skipped
// and reported together in the error (which wraps ErrBadSegment); the good
// segments are still returned.
func (d DirSink) ReadSegments() ([]Segment, error) {
	ents, err := os.ReadDir(d.Dir)
	if err != nil {
		return nil, fmt.Errorf("audio: read segments: %w", err)
	}
	var segs []Segment
	var errs []error
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".aiseg") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d.Dir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s, err := DecodeSegment(b)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Name(), err))
			continue
		}
		segs = append(segs, s)
	}
	if len(errs) > 0 {
		return segs, fmt.Errorf("audio: read segments: %w", errors.Join(errs...))
	}
	return segs, nil
}
