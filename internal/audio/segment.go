package audio

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
)

// SegmentLength is how much sound goes into one segment: a crash loses at
// most this much.
const SegmentLength = 10 * SampleRate

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

// Segment is one recovered piece of a recording.
type Segment struct {
	Index int
	PCM   []int16
}

// segment encoding: magic "AISG", version 1, rate u32, index u32,
// samples u32, CRC-32C of the payload u32, then samples as s16le.
const (
	segMagic   = "AISG"
	segVersion = 1
	segHeader  = 4 + 1 + 4 + 4 + 4 + 4
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrBadSegment is wrapped by DecodeSegment for torn or foreign data.
var ErrBadSegment = errors.New("audio: damaged segment")

// EncodeSegment serialises one segment with a checksum, for sinks that store
// bytes.
func EncodeSegment(index int, pcm []int16) []byte {
	b := make([]byte, segHeader+2*len(pcm))
	copy(b, segMagic)
	b[4] = segVersion
	binary.LittleEndian.PutUint32(b[5:], SampleRate)
	binary.LittleEndian.PutUint32(b[9:], uint32(index))
	binary.LittleEndian.PutUint32(b[13:], uint32(len(pcm)))
	p := b[segHeader:]
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(p[2*i:], uint16(s))
	}
	binary.LittleEndian.PutUint32(b[17:], crc32.Checksum(p, crcTable))
	return b
}

// DecodeSegment parses what EncodeSegment wrote. Torn, truncated or altered
// data gives an error wrapping ErrBadSegment.
func DecodeSegment(b []byte) (Segment, error) {
	if len(b) < segHeader || string(b[:4]) != segMagic {
		return Segment{}, fmt.Errorf("audio: decode segment: no header: %w", ErrBadSegment)
	}
	if b[4] != segVersion {
		return Segment{}, fmt.Errorf("audio: decode segment: version %d: %w", b[4], ErrBadSegment)
	}
	if r := binary.LittleEndian.Uint32(b[5:]); r != SampleRate {
		return Segment{}, fmt.Errorf("audio: decode segment: rate %d: %w", r, ErrBadSegment)
	}
	idx := binary.LittleEndian.Uint32(b[9:])
	n := binary.LittleEndian.Uint32(b[13:])
	p := b[segHeader:]
	if idx > 1<<20 || uint64(len(p)) != 2*uint64(n) {
		return Segment{}, fmt.Errorf("audio: decode segment: length: %w", ErrBadSegment)
	}
	if crc32.Checksum(p, crcTable) != binary.LittleEndian.Uint32(b[17:]) {
		return Segment{}, fmt.Errorf("audio: decode segment %d: checksum: %w", idx, ErrBadSegment)
	}
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(p[2*i:]))
	}
	return Segment{Index: int(idx), PCM: pcm}, nil
}

// Rebuild joins recovered segments into one clip, in index order. Segments
// after the first missing index are not used (sound must not jump); the
// number of segments left out is returned so the caller can log it.
func Rebuild(segs []Segment) (Clip, int) {
	s := slices.Clone(segs)
	slices.SortFunc(s, func(a, b Segment) int { return a.Index - b.Index })
	var out []int16
	next := 0
	for i, g := range s {
		if g.Index < next { // duplicate: keep the first
			continue
		}
		if g.Index != next {
			return Clip{Samples: out}, len(s) - i
		}
		out = append(out, g.PCM...)
		next++
	}
	return Clip{Samples: out}, 0
}
