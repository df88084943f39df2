package paint

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image/color"
	"sync"
	"time"
)

// ActionKind is what one entry of a stroke log does. Values are stored:
// never renumber.
type ActionKind uint8

// Logged actions.
const (
	ActStroke ActionKind = 1
	ActFill   ActionKind = 2
	ActUndo   ActionKind = 3
	ActRedo   ActionKind = 4
	ActClear  ActionKind = 5
	actEnd    ActionKind = 0 // trailer: action count and CRC-32
)

// Point is one pointer sample as the engine uses it: canvas position in
// 1/16 px and time in microseconds since the log started.
type Point struct {
	X, Y int32
	T    int64
}

// Action is one logged action.
type Action struct {
	Kind      ActionKind
	T         int64   // µs since the log started
	Brush     Brush   // strokes; fills use its colour and opacity
	Seed      uint64  // strokes: the airbrush's random seed
	Points    []Point // strokes
	X, Y      int32   // fills: the pixel tapped
	Tolerance uint8   // fills
}

// Recording is a decoded stroke log.
type Recording struct {
	Width, Height int
	Paper         color.RGBA
	Actions       []Action
}

// Duration is the time of the last logged event.
func (r *Recording) Duration() time.Duration {
	var t int64
	for _, a := range r.Actions {
		t = max(t, a.T)
		if n := len(a.Points); n > 0 {
			t = max(t, a.Points[n-1].T)
		}
	}
	return time.Duration(t) * time.Microsecond
}

// The stroke log format, version 1 (all integers are unsigned varints
// unless noted, "zz" marks zig-zag signed varints):
//
//	magic "AIST", version byte 1, width, height, paper R G B (bytes)
//	actions, each: kind byte, time delta from the previous action (µs), then
//	  stroke: brush kind byte, R G B bytes, size (1/16 px), opacity byte,
//	          seed, point count, points: zz dx, zz dy (1/16 px, from the
//	          previous point, the first from 0,0), time delta (µs, the first
//	          from the action's time)
//	  fill:   x, y (px), R G B bytes, opacity byte, tolerance byte
//	  undo, redo, clear: nothing more
//	end: kind byte 0, action count, CRC-32 (IEEE, 4 bytes little endian) of
//	     every byte before the CRC. Nothing may follow.
const (
	logMagic   = "AIST"
	logVersion = 1
	maxCanvas  = 16384
	maxCoord   = 1 << 24 // 1/16 px: about a million pixels off the canvas
	maxTime    = 1 << 42 // µs: about 51 days
)

// ErrBadLog is wrapped by every error of DecodeLog.
var ErrBadLog = errors.New("not a valid stroke log")

// Log records actions as they happen, already encoded. Its methods may be
// called from any goroutine.
type Log struct {
	mu    sync.Mutex
	buf   []byte
	n     int
	lastT int64
	gen   uint64
}

func newLog(w, h int, paper color.RGBA) *Log {
	l := &Log{}
	l.buf = append(l.buf, logMagic...)
	l.buf = append(l.buf, logVersion)
	l.buf = binary.AppendUvarint(l.buf, uint64(w))
	l.buf = binary.AppendUvarint(l.buf, uint64(h))
	l.buf = append(l.buf, paper.R, paper.G, paper.B)
	return l
}

func (l *Log) add(a *Action) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = appendAction(l.buf, a, l.lastT)
	l.lastT = a.T
	l.n++
	l.gen++
}

// Len is the number of actions logged.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// Generation changes whenever an action is logged (for autosave).
func (l *Log) Generation() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen
}

// Snapshot returns the complete encoded log of every finished action. A
// stroke still being drawn is not included.
func (l *Log) Snapshot() []byte {
	l.mu.Lock()
	out := make([]byte, len(l.buf), len(l.buf)+16)
	copy(out, l.buf)
	n := l.n
	l.mu.Unlock()
	out = append(out, byte(actEnd))
	out = binary.AppendUvarint(out, uint64(n))
	return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
}

func zz(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

func unzz(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func appendAction(b []byte, a *Action, prevT int64) []byte {
	b = append(b, byte(a.Kind))
	b = binary.AppendUvarint(b, uint64(a.T-prevT))
	switch a.Kind {
	case ActStroke:
		br := a.Brush
		b = append(b, byte(br.Kind), br.Color.R, br.Color.G, br.Color.B)
		b = binary.AppendUvarint(b, uint64(br.Size*sub))
		b = append(b, opacity8(br.Opacity))
		b = binary.AppendUvarint(b, a.Seed)
		b = binary.AppendUvarint(b, uint64(len(a.Points)))
		var px, py int32
		pt := a.T
		for _, p := range a.Points {
			b = binary.AppendUvarint(b, zz(int64(p.X-px)))
			b = binary.AppendUvarint(b, zz(int64(p.Y-py)))
			b = binary.AppendUvarint(b, uint64(p.T-pt))
			px, py, pt = p.X, p.Y, p.T
		}
	case ActFill:
		b = binary.AppendUvarint(b, uint64(a.X))
		b = binary.AppendUvarint(b, uint64(a.Y))
		b = append(b, a.Brush.Color.R, a.Brush.Color.G, a.Brush.Color.B, opacity8(a.Brush.Opacity), a.Tolerance)
	}
	return b
}

// decoder reads a log, remembering the first error.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("paint: decode stroke log: %w: %s at byte %d", ErrBadLog, what, d.off)
	}
}

func (d *decoder) byte1(what string) byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.b) {
		d.fail("truncated " + what)
		return 0
	}
	v := d.b[d.off]
	d.off++
	return v
}

func (d *decoder) uvarint(what string, limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n == 0 {
		d.fail("truncated " + what)
		return 0
	}
	if n < 0 {
		d.fail("overlong " + what)
		return 0
	}
	if v > limit {
		d.fail(what + " out of range")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) coord(what string, prev int32) int32 {
	v := unzz(d.uvarint(what, 1<<40))
	v += int64(prev)
	if d.err == nil && (v > maxCoord || v < -maxCoord) {
		d.fail(what + " out of range")
		return 0
	}
	return int32(v)
}

// DecodeLog parses an encoded stroke log. A damaged, truncated or foreign
// log gives an error wrapping ErrBadLog; it never panics.
func DecodeLog(data []byte) (*Recording, error) {
	d := &decoder{b: data}
	if len(data) < len(logMagic)+1 || string(data[:len(logMagic)]) != logMagic {
		return nil, fmt.Errorf("paint: decode stroke log: %w: no stroke log header", ErrBadLog)
	}
	d.off = len(logMagic)
	if v := d.byte1("version"); v != logVersion {
		return nil, fmt.Errorf("paint: decode stroke log: %w: version %d is not supported (want %d)", ErrBadLog, v, logVersion)
	}
	r := &Recording{}
	r.Width = int(d.uvarint("width", maxCanvas))
	r.Height = int(d.uvarint("height", maxCanvas))
	if d.err == nil && (r.Width == 0 || r.Height == 0) {
		d.fail("empty canvas size")
	}
	r.Paper = color.RGBA{d.byte1("paper"), d.byte1("paper"), d.byte1("paper"), 0xff}
	var t int64
	for d.err == nil {
		if d.off == len(data) {
			d.fail("truncated: the end marker is missing")
			break
		}
		kind := ActionKind(d.byte1("action"))
		if d.err != nil {
			break
		}
		if kind == actEnd {
			n := d.uvarint("action count", uint64(len(data)))
			if d.err != nil {
				break
			}
			if int(n) != len(r.Actions) {
				d.fail(fmt.Sprintf("action count %d does not match the %d actions", n, len(r.Actions)))
				break
			}
			if len(data)-d.off != 4 {
				d.fail("truncated or overlong checksum")
				break
			}
			want := binary.LittleEndian.Uint32(data[d.off:])
			if crc32.ChecksumIEEE(data[:d.off]) != want {
				d.fail("checksum mismatch (damaged)")
				break
			}
			return r, nil
		}
		a := Action{Kind: kind}
		t += int64(d.uvarint("action time", maxTime))
		if t > maxTime {
			d.fail("action time out of range")
		}
		a.T = t
		switch kind {
		case ActStroke:
			k := Kind(d.byte1("brush"))
			if d.err == nil && !k.valid() {
				d.fail(fmt.Sprintf("unknown brush %d", k))
			}
			a.Brush.Kind = k
			a.Brush.Color = color.RGBA{d.byte1("colour"), d.byte1("colour"), d.byte1("colour"), 0xff}
			s := d.uvarint("brush size", MaxSize*sub)
			if d.err == nil && s < MinSize*sub {
				d.fail("brush size out of range")
			}
			a.Brush.Size = float64(s) / sub
			a.Brush.Opacity = float64(d.byte1("opacity")) / 255
			a.Seed = d.uvarint("seed", ^uint64(0))
			// each point needs at least 3 bytes: bounds the allocation
			np := d.uvarint("point count", uint64(len(data)-d.off)/3)
			if d.err != nil {
				break
			}
			a.Points = make([]Point, 0, np)
			var px, py int32
			pt := a.T
			for i := uint64(0); i < np && d.err == nil; i++ {
				px = d.coord("point x", px)
				py = d.coord("point y", py)
				pt += int64(d.uvarint("point time", maxTime))
				if pt > maxTime {
					d.fail("point time out of range")
				}
				a.Points = append(a.Points, Point{X: px, Y: py, T: pt})
			}
			if d.err == nil && np == 0 {
				d.fail("stroke without points")
			}
		case ActFill:
			a.X = int32(d.uvarint("fill x", uint64(r.Width-1)))
			a.Y = int32(d.uvarint("fill y", uint64(r.Height-1)))
			a.Brush.Kind = Soft
			a.Brush.Size = SizeMedium
			a.Brush.Color = color.RGBA{d.byte1("colour"), d.byte1("colour"), d.byte1("colour"), 0xff}
			a.Brush.Opacity = float64(d.byte1("opacity")) / 255
			a.Tolerance = d.byte1("tolerance")
		case ActUndo, ActRedo, ActClear:
		default:
			d.fail(fmt.Sprintf("unknown action %d", kind))
		}
		if d.err == nil {
			r.Actions = append(r.Actions, a)
		}
	}
	return nil, d.err
}
