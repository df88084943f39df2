package media

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// PeaksMediaType is the media type of Peaks.MarshalBinary's output.
const PeaksMediaType = "application/vnd.afterimage.peaks"

// Peaks is a recording reduced to one minimum and maximum per column, enough
// for a player to draw its waveform at any width up to len(Min).
type Peaks struct {
	Rate    int     // sample rate of the recording, Hz
	Samples int     // length of the recording, in samples
	Min     []int16 // per column
	Max     []int16 // per column, same length as Min
}

// ComputePeaks splits pcm into columns equal parts and records each part's
// extremes. A clip shorter than columns gets one column per sample.
func ComputePeaks(pcm []int16, rate, columns int) Peaks {
	columns = min(columns, len(pcm))
	p := Peaks{Rate: rate, Samples: len(pcm), Min: make([]int16, columns), Max: make([]int16, columns)}
	for c := range columns {
		p.Min[c], p.Max[c] = extremes(pcm[c*len(pcm)/columns : (c+1)*len(pcm)/columns])
	}
	return p
}

// extremes returns the minimum and maximum of a non-empty part, with four
// independent accumulators so the CPU can overlap the comparisons.
func extremes(part []int16) (int16, int16) {
	l0, h0 := int32(part[0]), int32(part[0])
	l1, h1, l2, h2, l3, h3 := l0, h0, l0, h0, l0, h0
	i := 0
	for ; i+4 <= len(part); i += 4 {
		q := part[i : i+4 : i+4]
		a, b, c, d := int32(q[0]), int32(q[1]), int32(q[2]), int32(q[3])
		l0, h0 = min(l0, a), max(h0, a)
		l1, h1 = min(l1, b), max(h1, b)
		l2, h2 = min(l2, c), max(h2, c)
		l3, h3 = min(l3, d), max(h3, d)
	}
	for ; i < len(part); i++ {
		v := int32(part[i])
		l0, h0 = min(l0, v), max(h0, v)
	}
	return int16(min(l0, l1, l2, l3)), int16(max(h0, h1, h2, h3))
}

// Serialised form: "AIPK", version 1, rate u32, samples u64, columns u32,
// then columns × (min i16, max i16), little-endian.
const (
	peaksMagic   = "AIPK"
	peaksVersion = 1
	peaksHeader  = 4 + 1 + 4 + 8 + 4
	maxColumns   = 1 << 16
)

// MarshalBinary implements encoding.BinaryMarshaler.
func (p Peaks) MarshalBinary() ([]byte, error) {
	if len(p.Min) != len(p.Max) || len(p.Min) > maxColumns || p.Rate < 0 || p.Samples < 0 {
		return nil, errors.New("media: marshal peaks: inconsistent peaks")
	}
	b := make([]byte, peaksHeader, peaksHeader+4*len(p.Min))
	copy(b, peaksMagic)
	b[4] = peaksVersion
	binary.LittleEndian.PutUint32(b[5:], uint32(p.Rate))
	binary.LittleEndian.PutUint64(b[9:], uint64(p.Samples))
	binary.LittleEndian.PutUint32(b[17:], uint32(len(p.Min)))
	for i := range p.Min {
		b = binary.LittleEndian.AppendUint16(b, uint16(p.Min[i]))
		b = binary.LittleEndian.AppendUint16(b, uint16(p.Max[i]))
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler; it rejects anything
// MarshalBinary would not have written.
func (p *Peaks) UnmarshalBinary(b []byte) error {
	if len(b) < peaksHeader || string(b[:4]) != peaksMagic {
		return errors.New("media: read peaks: not a peaks file")
	}
	if b[4] != peaksVersion {
		return fmt.Errorf("media: read peaks: version %d not supported", b[4])
	}
	rate := binary.LittleEndian.Uint32(b[5:])
	samples := binary.LittleEndian.Uint64(b[9:])
	cols := binary.LittleEndian.Uint32(b[17:])
	if rate > 1<<20 || samples > 1<<40 || cols > maxColumns || uint64(cols) > samples ||
		uint64(len(b)-peaksHeader) != 4*uint64(cols) {
		return errors.New("media: read peaks: inconsistent header")
	}
	q := Peaks{Rate: int(rate), Samples: int(samples), Min: make([]int16, cols), Max: make([]int16, cols)}
	d := b[peaksHeader:]
	for i := range q.Min {
		q.Min[i] = int16(binary.LittleEndian.Uint16(d[4*i:]))
		q.Max[i] = int16(binary.LittleEndian.Uint16(d[4*i+2:]))
		if q.Min[i] > q.Max[i] {
			return fmt.Errorf("media: read peaks: column %d has min above max", i)
		}
	}
	*p = q
	return nil
}
