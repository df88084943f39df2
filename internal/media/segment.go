package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
)

// A recording in progress is checkpointed as segments (piece.RoleSegment
// blobs): about SegmentLength samples each, mono 16-bit at SegmentRate, in
// a checksummed form (EncodeSegment). A crash-recovered recording is its
// segments; JoinSegments makes them one recording again.

// SegmentRate is the sample rate of every segment (the kiosk records at
// 48 kHz).
const SegmentRate = 48000

// SegmentLength is how much sound a recorder puts into one segment: a
// crash loses at most this much.
const SegmentLength = 10 * SegmentRate

// SegmentMediaType is the media type of a segment blob.
const SegmentMediaType = "application/vnd.afterimage.segment"

// Segment is one decoded segment of a recording.
type Segment struct {
	Index int
	PCM   []int16
}

// segment encoding: magic "AISG", version 1, rate u32, index u32,
// samples u32, CRC-32C of the payload u32, then samples as s16le.
const (
	segMagic   = "AISG"
	segVersion = 1
	// SegmentHeader is the size of a segment's header, before its samples.
	SegmentHeader = 4 + 1 + 4 + 4 + 4 + 4
	// maxSegmentIndex bounds a segment's index (days of sound).
	maxSegmentIndex = 1 << 20
)

var segCRC = crc32.MakeTable(crc32.Castagnoli)

// ErrBadSegment is wrapped by DecodeSegment for torn or foreign data.
var ErrBadSegment = errors.New("media: damaged segment")

// EncodeSegment serialises one segment with a checksum.
func EncodeSegment(index int, pcm []int16) []byte {
	b := make([]byte, SegmentHeader+2*len(pcm))
	copy(b, segMagic)
	b[4] = segVersion
	binary.LittleEndian.PutUint32(b[5:], SegmentRate)
	binary.LittleEndian.PutUint32(b[9:], uint32(index))
	binary.LittleEndian.PutUint32(b[13:], uint32(len(pcm)))
	p := b[SegmentHeader:]
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(p[2*i:], uint16(s))
	}
	binary.LittleEndian.PutUint32(b[17:], crc32.Checksum(p, segCRC))
	return b
}

// DecodeSegment parses what EncodeSegment wrote. Torn, truncated or altered
// data gives an error wrapping ErrBadSegment; it allocates no more than the
// size of b.
func DecodeSegment(b []byte) (Segment, error) {
	if len(b) < SegmentHeader || string(b[:4]) != segMagic {
		return Segment{}, fmt.Errorf("media: decode segment: no header: %w", ErrBadSegment)
	}
	if b[4] != segVersion {
		return Segment{}, fmt.Errorf("media: decode segment: version %d: %w", b[4], ErrBadSegment)
	}
	if r := binary.LittleEndian.Uint32(b[5:]); r != SegmentRate {
		return Segment{}, fmt.Errorf("media: decode segment: rate %d: %w", r, ErrBadSegment)
	}
	idx := binary.LittleEndian.Uint32(b[9:])
	n := binary.LittleEndian.Uint32(b[13:])
	p := b[SegmentHeader:]
	if idx > maxSegmentIndex || uint64(len(p)) != 2*uint64(n) {
		return Segment{}, fmt.Errorf("media: decode segment: length: %w", ErrBadSegment)
	}
	if crc32.Checksum(p, segCRC) != binary.LittleEndian.Uint32(b[17:]) {
		return Segment{}, fmt.Errorf("media: decode segment %d: checksum: %w", idx, ErrBadSegment)
	}
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(p[2*i:]))
	}
	return Segment{Index: int(idx), PCM: pcm}, nil
}

// JoinSegments joins recovered segments into one recording, in index order.
// Segments after the first missing index are not used (sound must not
// jump); the number of segments left out is returned so the caller can
// say so. Of two segments with the same index the first is kept.
func JoinSegments(segs []Segment) (pcm []int16, leftOut int) {
	s := slices.Clone(segs)
	slices.SortStableFunc(s, func(a, b Segment) int { return a.Index - b.Index })
	total := 0
	for _, g := range s {
		total += len(g.PCM)
	}
	out := make([]int16, 0, total)
	next := 0
	for i, g := range s {
		if g.Index < next { // duplicate: keep the first
			continue
		}
		if g.Index != next {
			return out, len(s) - i
		}
		out = append(out, g.PCM...)
		next++
	}
	return out, 0
}
