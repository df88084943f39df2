package audio

import (
	"context"

	"github.com/afterimage-clinic/afterimage/internal/media"
)

// SegmentLength is how much sound goes into one segment: a crash loses at
// most this much.
const SegmentLength = media.SegmentLength

// Segments are recorded at SampleRate: this does not compile otherwise.
var _ [0]struct{} = [SampleRate - media.SegmentRate]struct{}{}

// SegmentSink receives a recording while it is being made, so that a crash
// or power cut loses at most one segment. The kiosk wires it to the spool
// draft (sealed on disk).
//
// Contract:
//   - AppendSegment is called from one goroutine, never concurrently, with
//     index 0, 1, 2, … in order; pcm is mono 16-bit at SampleRate, usually
//     SegmentLength samples (shorter at pause and stop, never empty).
//   - When it returns nil the segment must be durable (e.g. fsynced).
//   - pcm is only valid during the call; copy it if it is kept.
//   - A failing sink does not stop the recording: the recorder keeps the
//     sound in memory, logs the failure (no audio, no patient data) and tries
//     the next segment.
//   - Storing bytes? EncodeSegment gives a checksummed form that
//     DecodeSegment reads back; Rebuild turns recovered segments into a Clip.
type SegmentSink interface {
	AppendSegment(ctx context.Context, index int, pcm []int16) error
}

// Segment is one recovered piece of a recording (media.Segment: the codec
// lives with the other files of a piece, so the gallery can read segments
// without PortAudio).
type Segment = media.Segment

// ErrBadSegment is wrapped by DecodeSegment for torn or foreign data.
var ErrBadSegment = media.ErrBadSegment

// EncodeSegment serialises one segment with a checksum, for sinks that store
// bytes (media.EncodeSegment).
func EncodeSegment(index int, pcm []int16) []byte { return media.EncodeSegment(index, pcm) }

// DecodeSegment parses what EncodeSegment wrote (media.DecodeSegment). Torn,
// truncated or altered data gives an error wrapping ErrBadSegment.
func DecodeSegment(b []byte) (Segment, error) { return media.DecodeSegment(b) }

// Rebuild joins recovered segments into one clip, in index order. Segments
// after the first missing index are not used (sound must not jump); the
// number of segments left out is returned so the caller can log it.
func Rebuild(segs []Segment) (Clip, int) {
	pcm, left := media.JoinSegments(segs)
	return Clip{Samples: pcm}, left
}
