package paint

import "encoding/binary"

// HistoryLimits bounds the undo history. The oldest steps are forgotten
// while the history holds more than MaxBytes, but never below MinSteps.
type HistoryLimits struct {
	MinSteps int // steps always kept (default 100)
	MaxBytes int // soft memory budget for the deltas (default 192 MiB)
}

// DefaultHistoryLimits keeps at least 100 steps and otherwise stays under
// 192 MiB.
var DefaultHistoryLimits = HistoryLimits{MinSteps: 100, MaxBytes: 192 << 20}

// tileDelta is pre XOR post for one tile, run-length coded as 32-bit
// words: a header word op<<30|n, then for opRepeat one value and for
// opLiteral n values. Applying it to either state gives the other, so one
// delta serves both undo and redo.
type tileDelta struct {
	tile  int
	words []uint32
}

const (
	opSkip    = 0
	opRepeat  = 1
	opLiteral = 2
	maxRun    = 1<<30 - 1
)

type step struct {
	tiles []tileDelta
	bytes int
}

// history is a list of steps, of which the first pos are applied.
type history struct {
	lim   HistoryLimits
	steps []step
	pos   int
	bytes int
}

// encodeDelta codes pre XOR cur (both RGBA tile buffers of equal length).
// It returns nil when they are equal.
func encodeDelta(pre, cur []uint8, buf []uint32) []uint32 {
	n := len(cur) / 4
	out := buf[:0]
	changed := false
	i := 0
	for i < n {
		v := binary.LittleEndian.Uint32(pre[i*4:]) ^ binary.LittleEndian.Uint32(cur[i*4:])
		j := i + 1
		if v == 0 {
			for j < n && binary.LittleEndian.Uint32(pre[j*4:]) == binary.LittleEndian.Uint32(cur[j*4:]) {
				j++
			}
			if j == n {
				break // trailing equal pixels need no op
			}
			out = append(out, opSkip<<30|uint32(j-i))
			i = j
			continue
		}
		changed = true
		for j < n && binary.LittleEndian.Uint32(pre[j*4:])^binary.LittleEndian.Uint32(cur[j*4:]) == v {
			j++
		}
		if j-i >= 3 {
			out = append(out, opRepeat<<30|uint32(j-i), v)
			i = j
			continue
		}
		// literal run: until a run of 3 equal values or a zero
		start := len(out)
		out = append(out, 0)
		j = i
		for j < n {
			w := binary.LittleEndian.Uint32(pre[j*4:]) ^ binary.LittleEndian.Uint32(cur[j*4:])
			if w == 0 {
				break
			}
			if j+2 < n && w == binary.LittleEndian.Uint32(pre[j*4+4:])^binary.LittleEndian.Uint32(cur[j*4+4:]) &&
				w == binary.LittleEndian.Uint32(pre[j*4+8:])^binary.LittleEndian.Uint32(cur[j*4+8:]) && j > i {
				break
			}
			out = append(out, w)
			j++
		}
		out[start] = opLiteral<<30 | uint32(j-i)
		i = j
	}
	if !changed {
		return nil
	}
	return out
}

// applyDelta XORs a coded delta into pix.
func applyDelta(words []uint32, pix []uint8) {
	i := 0
	for k := 0; k < len(words); {
		h := words[k]
		n := int(h & maxRun)
		switch h >> 30 {
		case opSkip:
			k++
		case opRepeat:
			v := words[k+1]
			for j := i; j < i+n; j++ {
				o := j * 4
				binary.LittleEndian.PutUint32(pix[o:], binary.LittleEndian.Uint32(pix[o:])^v)
			}
			k += 2
		default:
			for j := 0; j < n; j++ {
				o := (i + j) * 4
				binary.LittleEndian.PutUint32(pix[o:], binary.LittleEndian.Uint32(pix[o:])^words[k+1+j])
			}
			k += 1 + n
		}
		i += n
	}
}

// push records a new applied step, dropping any redo steps and then the
// oldest steps while over budget.
func (h *history) push(s step) {
	for _, r := range h.steps[h.pos:] {
		h.bytes -= r.bytes
	}
	clear(h.steps[h.pos:])
	h.steps = append(h.steps[:h.pos], s)
	h.pos++
	h.bytes += s.bytes
	drop := 0
	for h.bytes > h.lim.MaxBytes && len(h.steps)-drop > h.lim.MinSteps && drop < h.pos {
		h.bytes -= h.steps[drop].bytes
		drop++
	}
	if drop > 0 {
		n := copy(h.steps, h.steps[drop:])
		clear(h.steps[n:])
		h.steps = h.steps[:n]
		h.pos -= drop
	}
}

func stepBytes(tiles []tileDelta) int {
	n := 0
	for _, t := range tiles {
		n += 4*cap(t.words) + 32
	}
	return n + 48
}
