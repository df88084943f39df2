package gallery

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// MaxRecordingBytes bounds a recording's stored FLAC that the player reads.
const MaxRecordingBytes = 128 << 20

// MaxRecordingLength bounds a recording's length that the player decodes:
// twice the kiosk's longest default recording, with room for clinics that
// raise it.
const MaxRecordingLength = 30 * time.Minute

// ErrNoRecording: the piece stores no recording or voice note.
var ErrNoRecording = errors.New("gallery: the piece has no recording")

// Recording is a piece's sound decoded for the player: mono samples at
// audio.SampleRate.
type Recording struct {
	Clip audio.Clip
}

// Duration is the recording's playing time.
func (r *Recording) Duration() time.Duration { return r.Clip.Duration() }

// Recording reads and decodes a piece's sound from the encrypted cache,
// verified against its manifest: a music or voice piece's recording, or a
// drawing's voice note. The FLAC is hostile input: bounded to
// MaxRecordingBytes and MaxRecordingLength before any sample is decoded.
// Slow: never on the UI goroutine. A damaged piece is not read.
func (s *Session) Recording(p index.Piece) (*Recording, error) {
	_, lp, err := s.cachedPiece(p, ErrNoRecording)
	if err != nil {
		return nil, err
	}
	if p.Kind != piece.Drawing {
		// A crash-recovered recording: its FLAC is joined from its segments.
		if data, ok, err := rebuiltFile(lp, piece.RoleOriginal); ok {
			if err != nil {
				return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
			}
			if data == nil {
				return nil, ErrNoRecording
			}
			r, err := decodeRecording(data)
			if err != nil {
				return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
			}
			return r, nil
		}
	}
	for _, b := range lp.Manifest.Blobs {
		if (b.Role != piece.RoleOriginal && b.Role != piece.RoleVoiceNote) || b.MediaType != media.FLACMediaType {
			continue
		}
		if b.Size > MaxRecordingBytes {
			return nil, fmt.Errorf("gallery: piece %s: recording of %d bytes is too large", p.ID, b.Size)
		}
		rc, err := lp.OpenBlob(b.Name)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, MaxRecordingBytes+1))
		if err != nil {
			return nil, fmt.Errorf("gallery: piece %s: read recording: %w", p.ID, err)
		}
		if len(data) > MaxRecordingBytes {
			return nil, fmt.Errorf("gallery: piece %s: recording larger than %d bytes", p.ID, MaxRecordingBytes)
		}
		r, err := decodeRecording(data)
		if err != nil {
			return nil, fmt.Errorf("gallery: piece %s: %w", p.ID, err)
		}
		return r, nil
	}
	return nil, ErrNoRecording
}

// maxRecordingSamples is MaxRecordingLength in samples.
const maxRecordingSamples = int64(MaxRecordingLength / time.Second * audio.SampleRate)

// decodeRecording checks the FLAC's stream header (its rate and declared
// length) before decoding it, so that a hostile header cannot make the
// decoder reserve more than MaxRecordingLength of samples.
func decodeRecording(data []byte) (*Recording, error) {
	// "fLaC", a metadata block header (type 0: STREAMINFO), then STREAMINFO:
	// 10 bytes of block and frame sizes, then 64 bits of sample rate (20),
	// channels-1 (3), bits per sample-1 (5) and total samples (36).
	const head = 4 + 4 + 18
	if len(data) < head || string(data[:4]) != "fLaC" || data[4]&0x7f != 0 {
		return nil, errors.New("recording: not a FLAC stream")
	}
	bits := binary.BigEndian.Uint64(data[18:26])
	rate := int(bits >> 44)
	total := int64(bits & (1<<36 - 1))
	if rate != audio.SampleRate {
		return nil, fmt.Errorf("recording: sample rate %d Hz, the player plays %d", rate, audio.SampleRate)
	}
	if total > maxRecordingSamples {
		return nil, fmt.Errorf("recording: %d samples, longer than %v", total, MaxRecordingLength)
	}
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	if rate != audio.SampleRate {
		return nil, fmt.Errorf("recording: sample rate %d Hz, the player plays %d", rate, audio.SampleRate)
	}
	if int64(len(pcm)) > maxRecordingSamples {
		return nil, fmt.Errorf("recording: longer than %v", MaxRecordingLength)
	}
	if len(pcm) == 0 {
		return nil, errors.New("recording: no sound")
	}
	return &Recording{Clip: audio.Clip{Samples: pcm}}, nil
}
