package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// ErrNothingToRebuild: a recovered piece holds neither a stroke log nor a
// usable recording segment.
var ErrNothingToRebuild = errors.New("kiosk: the recovered piece holds nothing to rebuild")

// RebuildRecovered makes the files a finished piece has from what a draft
// checkpoint holds (m's blobs, read through read): a drawing's stroke log
// is replayed to its PNG and thumbnail (the log is kept); a recording's
// segments are joined, in order up to the first missing or damaged one, and
// encoded to FLAC with its waveform and peaks. A voice note is kept as it
// is. It is slow (replay, encoding): call it off the UI goroutine.
func RebuildRecovered(m *piece.Manifest, read func(name string) ([]byte, error), log *slog.Logger) ([]spool.BlobSource, error) {
	if log == nil {
		log = slog.Default()
	}
	var out []spool.BlobSource
	var segs []audio.Segment
	var strokes []byte
	for _, b := range m.Blobs {
		switch b.Role {
		case piece.RoleStrokes, piece.RoleSegment, piece.RoleVoiceNote:
		default:
			continue // rebuilt below, or not ours to keep
		}
		data, err := read(b.Name)
		if err != nil {
			return nil, fmt.Errorf("kiosk: rebuild piece %s: read %s: %w", m.ID, b.Name, err)
		}
		switch b.Role {
		case piece.RoleStrokes:
			strokes = data
		case piece.RoleSegment:
			s, err := audio.DecodeSegment(data)
			if err != nil {
				log.Warn("kiosk: a damaged recording segment is left out", "piece", m.ID, "blob", b.Name, "err", err)
				continue
			}
			segs = append(segs, s)
		case piece.RoleVoiceNote:
			out = append(out, spool.Bytes("", b.Role, b.MediaType, data))
		}
	}
	switch {
	case m.Kind == piece.Drawing && strokes != nil:
		enc, err := drawing.Rebuild(strokes)
		if err != nil {
			return nil, fmt.Errorf("kiosk: rebuild drawing %s: %w", m.ID, err)
		}
		return append(enc.Blobs(), out...), nil
	case (m.Kind == piece.Music || m.Kind == piece.Voice) && len(segs) > 0:
		clip, left := audio.Rebuild(segs)
		if left > 0 {
			log.Warn("kiosk: recording segments after a gap are left out", "piece", m.ID, "segments", left)
		}
		outs, err := media.RecordingOutputs(clip.Samples, audio.SampleRate)
		if err != nil {
			return nil, fmt.Errorf("kiosk: rebuild recording %s: %w", m.ID, err)
		}
		blobs := make([]spool.BlobSource, 0, len(outs)+len(out))
		for _, o := range outs {
			blobs = append(blobs, spool.Bytes("", o.Role, o.MediaType, o.Data))
		}
		return append(blobs, out...), nil
	}
	return nil, fmt.Errorf("kiosk: rebuild piece %s (%s): %w", m.ID, m.Kind, ErrNothingToRebuild)
}

// RecoverDraft turns a draft left by an earlier run into a viewable piece,
// marked unfinished: the draft is opened with o, its files rebuilt
// (RebuildRecovered) and the piece saved in its place. A draft with nothing
// to rebuild, or one that cannot be opened or rebuilt, is promoted as it
// stands (spool.PromoteDraft), so nothing is lost. A kiosk whose drafts are
// sealed only to the gallery (no o) promotes them.
func RecoverDraft(ctx context.Context, sp *spool.Spool, id piece.ID, o *seal.Opener, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	if o != nil {
		blobs, m, err := rebuildDraft(sp, id, o, log)
		if err == nil {
			m.Unfinished = true
			if err := sp.FinishDraft(ctx, id, m, blobs); err != nil {
				return fmt.Errorf("kiosk: recover draft %s: %w", id, err)
			}
			return nil
		}
		log.Warn("kiosk: a recovered piece is kept as its draft left it", "piece", id, "err", err)
	}
	if err := sp.PromoteDraft(ctx, id); err != nil {
		return fmt.Errorf("kiosk: recover draft %s: %w", id, err)
	}
	return nil
}

func rebuildDraft(sp *spool.Spool, id piece.ID, o *seal.Opener, log *slog.Logger) ([]spool.BlobSource, *piece.Manifest, error) {
	opened, err := sp.OpenDraft(id, o)
	if err != nil {
		return nil, nil, err
	}
	m := opened.Manifest.Clone()
	blobs, err := RebuildRecovered(m, opened.ReadBlob, log)
	if err != nil {
		return nil, nil, err
	}
	m.Blobs = nil // the piece's own, as saved
	return blobs, m, nil
}

// DraftOpener is what a kiosk can open its own drafts with at start: the
// development identity when pieces are sealed to it (dev), else nil: a
// production kiosk seals only to the gallery's recipients and cannot read
// its drafts back, so RecoverDraft promotes them as they stand and the
// gallery rebuilds them (RebuildRecovered).
func DraftOpener(dataDir string, dev bool, log *slog.Logger) *seal.Opener {
	if !dev {
		return nil
	}
	_, o, err := seal.NewDevSealer(dataDir)
	if err != nil {
		if log != nil {
			log.Warn("kiosk: the development key cannot be read; recovered pieces are promoted as they stand", "err", err)
		}
		return nil
	}
	return o
}
