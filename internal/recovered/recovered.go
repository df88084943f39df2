package recovered

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// ErrDamaged is wrapped by Rebuild's error when the recovered blobs cannot
// make the piece's files: nothing usable, too large, malformed.
var ErrDamaged = errors.New("recovered piece cannot be rebuilt")

// errTooLong is the cause of a rebuild's context ending at Limits.MaxTime.
var errTooLong = errors.New("recovered: rebuild took too long")

// Limits bound a rebuild. The zero value means the defaults.
type Limits struct {
	// MaxSegments is the most recording segments read (default
	// DefaultMaxSegments: an hour, the longest recording a kiosk allows,
	// and some to spare).
	MaxSegments int
	// MaxStrokeLog is the largest stroke log replayed, in bytes (default
	// DefaultMaxStrokeLog).
	MaxStrokeLog int64
	// MaxFills is the most fill actions replayed (each can touch every
	// pixel; default DefaultMaxFills).
	MaxFills int
	// MaxRecording is the longest recording rebuilt, all segments together
	// (default DefaultMaxRecording: the longest a kiosk allows, and a
	// minute to spare); it bounds the memory a rebuild needs.
	MaxRecording time.Duration
	// MaxTime is how long a rebuild may take before it is given up as
	// damaged (default DefaultMaxTime: a legitimate hour of sound takes
	// seconds; a hostile stroke log of millions of wide strokes would take
	// hours).
	MaxTime time.Duration
}

// Defaults for Limits.
const (
	DefaultMaxSegments  = 6*60 + 24
	DefaultMaxStrokeLog = 32 << 20
	DefaultMaxFills     = 2000
	DefaultMaxRecording = 61 * time.Minute
	DefaultMaxTime      = 2 * time.Minute
)

// MaxSegmentBytes is the largest segment blob read: a segment holds about
// media.SegmentLength samples (a recorder may add one buffer); twice that
// is damage.
const MaxSegmentBytes = media.SegmentHeader + 2*2*media.SegmentLength

func (l Limits) withDefaults() Limits {
	if l.MaxSegments <= 0 {
		l.MaxSegments = DefaultMaxSegments
	}
	if l.MaxStrokeLog <= 0 {
		l.MaxStrokeLog = DefaultMaxStrokeLog
	}
	if l.MaxFills <= 0 {
		l.MaxFills = DefaultMaxFills
	}
	if l.MaxRecording <= 0 {
		l.MaxRecording = DefaultMaxRecording
	}
	if l.MaxTime <= 0 {
		l.MaxTime = DefaultMaxTime
	}
	return l
}

// Reader returns the plaintext of one of the piece's blobs, verified
// against the manifest.
type Reader func(name string) ([]byte, error)

// Rebuilt is what Rebuild made: derived data, computed locally from the
// piece's verified blobs. No kiosk sealed or signed these bytes (its
// signature covers the manifest and the blobs the outputs are made from):
// never present them as signed, nor store them as the piece's own.
type Rebuilt struct {
	// Outputs are the rebuilt files with their roles: for a recording the
	// FLAC original (piece.RoleOriginal), the waveform and the peaks; for a
	// drawing the PNG (piece.RoleOriginal) and the JPEG thumbnail.
	Outputs []media.Output
	// Samples is the rebuilt recording's length at media.SegmentRate (0 for
	// a drawing).
	Samples int
	// Actions is the number of actions replayed (0 for a recording).
	Actions int
	// LeftOut says what of the recovered blobs is not in the outputs and
	// why (damaged segments, segments after a gap); "" when nothing was
	// left out. No patient data.
	LeftOut string
}

// Output returns the rebuilt file with role, or nil.
func (r *Rebuilt) Output(role string) *media.Output {
	for i := range r.Outputs {
		if r.Outputs[i].Role == role {
			return &r.Outputs[i]
		}
	}
	return nil
}

// Duration is the rebuilt recording's length.
func (r *Rebuilt) Duration() time.Duration {
	return time.Duration(r.Samples) * time.Second / media.SegmentRate
}

// Needed reports whether m is a recovered piece whose files must be
// rebuilt: unfinished, a drawing with a stroke log or a recording with
// segments, and no original (development kiosks of an earlier version
// rebuilt their own drafts already).
func Needed(m *piece.Manifest) bool {
	if !m.Unfinished {
		return false
	}
	var original, strokes, segments bool
	for _, b := range m.Blobs {
		switch b.Role {
		case piece.RoleOriginal:
			original = true
		case piece.RoleStrokes:
			strokes = true
		case piece.RoleSegment:
			segments = true
		}
	}
	if original {
		return false
	}
	switch m.Kind {
	case piece.Drawing:
		return strokes
	case piece.Music, piece.Voice:
		return segments
	}
	return false
}

// Rebuild makes the files a finished piece has from m's recovered blobs,
// read through read. It is slow (a replay or an encoding: about a second
// for ten minutes of sound): call it off the UI goroutine. A piece that
// cannot be rebuilt gives an error wrapping ErrDamaged; ctx ending stops
// the work and gives ctx's error; a rebuild that takes longer than
// lim.MaxTime is given up as damaged.
func Rebuild(ctx context.Context, m *piece.Manifest, read Reader, lim Limits) (*Rebuilt, error) {
	lim = lim.withDefaults()
	wctx, cancel := context.WithTimeoutCause(ctx, lim.MaxTime, errTooLong)
	defer cancel()
	var (
		r   *Rebuilt
		err error
	)
	switch m.Kind {
	case piece.Drawing:
		r, err = rebuildDrawing(wctx, m, read, lim)
	case piece.Music, piece.Voice:
		r, err = rebuildRecording(wctx, m, read, lim)
	default:
		err = fmt.Errorf("a %s piece has nothing to rebuild: %w", m.Kind, ErrDamaged)
	}
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(wctx), errTooLong) {
		err = damaged("it took longer than the %v allowed", lim.MaxTime)
	}
	if err != nil {
		return nil, fmt.Errorf("recovered: rebuild %s: %w", m.ID, err)
	}
	return r, nil
}

func damaged(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrDamaged)
}

func rebuildRecording(ctx context.Context, m *piece.Manifest, read Reader, lim Limits) (*Rebuilt, error) {
	var blobs []piece.Blob
	for _, b := range m.Blobs {
		if b.Role == piece.RoleSegment {
			blobs = append(blobs, b)
		}
	}
	switch {
	case len(blobs) == 0:
		return nil, damaged("the recording has no segments")
	case len(blobs) > lim.MaxSegments:
		return nil, damaged("the recording has %d segments, more than the %d allowed", len(blobs), lim.MaxSegments)
	}
	var total int64
	for _, b := range blobs {
		if b.Size > MaxSegmentBytes {
			return nil, damaged("segment %s is %d bytes, more than the %d a segment can be", b.Name, b.Size, MaxSegmentBytes)
		}
		total += b.Size - media.SegmentHeader
	}
	if most := 2 * int64(lim.MaxRecording/time.Second) * media.SegmentRate; total > most {
		return nil, damaged("the segments hold %v of sound, more than the %v allowed", time.Duration(total/2/media.SegmentRate)*time.Second, lim.MaxRecording)
	}
	var (
		segs    []media.Segment
		bad     int
		seenIdx = map[int]bool{}
	)
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := read(b.Name)
		if err != nil {
			return nil, fmt.Errorf("read segment %s: %w", b.Name, err)
		}
		s, err := media.DecodeSegment(data)
		if err != nil || seenIdx[s.Index] {
			bad++ // damaged, or a second segment with the same index
			continue
		}
		seenIdx[s.Index] = true
		segs = append(segs, s)
	}
	pcm, after := media.JoinSegments(segs)
	if len(pcm) == 0 {
		return nil, damaged("none of the recording's %d segments is usable from the start (%d damaged)", len(blobs), bad)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	outs, err := media.RecordingOutputs(pcm, media.SegmentRate)
	if err != nil {
		return nil, damaged("encode: %v", err)
	}
	r := &Rebuilt{Outputs: outs, Samples: len(pcm)}
	if bad > 0 || after > 0 {
		r.LeftOut = fmt.Sprintf("%d of %d segments left out (%d damaged or repeated, %d after a gap)", bad+after, len(blobs), bad, after)
	}
	return r, nil
}

func rebuildDrawing(ctx context.Context, m *piece.Manifest, read Reader, lim Limits) (*Rebuilt, error) {
	var log *piece.Blob
	for i, b := range m.Blobs {
		if b.Role == piece.RoleStrokes {
			if log != nil {
				return nil, damaged("the drawing has more than one stroke log")
			}
			log = &m.Blobs[i]
		}
	}
	if log == nil {
		return nil, damaged("the drawing has no stroke log")
	}
	if log.Size > lim.MaxStrokeLog {
		return nil, damaged("the stroke log is %d bytes, more than the %d allowed", log.Size, lim.MaxStrokeLog)
	}
	data, err := read(log.Name)
	if err != nil {
		return nil, fmt.Errorf("read the stroke log: %w", err)
	}
	img, actions, err := Replay(ctx, data, lim)
	if err != nil {
		return nil, err
	}
	enc, err := drawing.Result{Image: img.Canvas().Snapshot(), Strokes: data, Actions: actions}.Encode()
	if err != nil {
		return nil, damaged("encode: %v", err)
	}
	return &Rebuilt{Actions: actions, Outputs: []media.Output{
		{Role: piece.RoleOriginal, MediaType: drawing.MediaTypePNG, Data: enc.PNG},
		{Role: piece.RoleThumbnail, MediaType: drawing.MediaTypeJPEG, Data: enc.Thumbnail},
	}}, nil
}

// pointsPerStep is how many stroke points are replayed between two looks
// at the context.
const pointsPerStep = 512

// Replay replays an untrusted stroke log within lim and ctx and returns
// the player at the end, with the number of actions replayed. The canvas
// must fit media.DrawingPixels; the undo history is bounded as the live
// painter's was (paint.DefaultHistoryLimits), so the canvas is the one
// paint.Replay gives.
func Replay(ctx context.Context, data []byte, lim Limits) (*paint.Player, int, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxStrokeLog {
		return nil, 0, damaged("the stroke log is %d bytes, more than the %d allowed", len(data), lim.MaxStrokeLog)
	}
	rec, err := paint.DecodeLog(data)
	if err != nil {
		return nil, 0, damaged("%v", err)
	}
	if int64(rec.Width)*int64(rec.Height) > media.DrawingPixels {
		return nil, 0, damaged("the stroke log's canvas is %d×%d pixels, more than the %d allowed", rec.Width, rec.Height, media.DrawingPixels)
	}
	fills := 0
	for _, a := range rec.Actions {
		if a.Kind == paint.ActFill {
			fills++
		}
	}
	if fills > lim.MaxFills {
		return nil, 0, damaged("the stroke log has %d fills, more than the %d allowed", fills, lim.MaxFills)
	}
	pl := paint.NewPlayerLimited(rec, paint.DefaultHistoryLimits)
	// Step through the log's times, looking at ctx between steps. A step
	// never goes back in time (a hostile log's times need not be ordered
	// across actions), so the replay is the one a single AdvanceTo makes.
	var until time.Duration
	step := func(us int64) error {
		until = max(until, time.Duration(us)*time.Microsecond)
		pl.AdvanceTo(until)
		return ctx.Err()
	}
	for _, a := range rec.Actions {
		if err := step(a.T); err != nil {
			return nil, 0, err
		}
		for i := pointsPerStep; i < len(a.Points); i += pointsPerStep {
			if err := step(a.Points[i].T); err != nil {
				return nil, 0, err
			}
		}
		if n := len(a.Points); n > 0 {
			if err := step(a.Points[n-1].T); err != nil {
				return nil, 0, err
			}
		}
	}
	if !pl.AdvanceTo(rec.Duration()) {
		return nil, 0, damaged("the stroke log's replay did not end")
	}
	return pl, len(rec.Actions), nil
}
