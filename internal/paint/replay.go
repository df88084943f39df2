package paint

import (
	"fmt"
	"time"
)

// Player replays a stroke log, step by step in time. The canvas it paints
// is, at the end, bit for bit the canvas that was painted live.
type Player struct {
	rec *Recording
	p   *Painter
	ai  int // next action
	pi  int // next point of action ai, when it is a stroke
}

// NewPlayer decodes a stroke log and prepares to replay it on a fresh
// canvas of the logged size and paper.
func NewPlayer(data []byte) (*Player, error) {
	rec, err := DecodeLog(data)
	if err != nil {
		return nil, err
	}
	return NewPlayerFor(rec), nil
}

// NewPlayerFor prepares to replay a decoded recording.
func NewPlayerFor(rec *Recording) *Player {
	p := New(Options{Width: rec.Width, Height: rec.Height, Paper: rec.Paper, Seed: 1,
		History: HistoryLimits{MinSteps: 1 << 30, MaxBytes: 1 << 62}})
	return &Player{rec: rec, p: p}
}

// NewPlayerLimited prepares to replay a decoded recording keeping no more
// undo history than h allows. With the limits the log was painted under
// (DefaultHistoryLimits, the kiosk's) the replay ends on the same canvas as
// NewPlayerFor's, since no undo in the log reaches past what the live
// painter kept; an untrusted log then needs no more memory than live
// painting did.
func NewPlayerLimited(rec *Recording, h HistoryLimits) *Player {
	p := New(Options{Width: rec.Width, Height: rec.Height, Paper: rec.Paper, Seed: 1, History: h})
	return &Player{rec: rec, p: p}
}

// Canvas is the canvas being replayed onto.
func (pl *Player) Canvas() *Canvas { return pl.p.c }

// Painter is the painter doing the replay (its log records the replay).
func (pl *Player) Painter() *Painter { return pl.p }

// Duration is the time of the last event in the log.
func (pl *Player) Duration() time.Duration { return pl.rec.Duration() }

// Done reports whether every action has been replayed.
func (pl *Player) Done() bool { return pl.ai >= len(pl.rec.Actions) }

// AdvanceTo replays every event up to and including time t after the start
// of the log, and reports whether the replay is complete. Call it once per
// frame with the playback clock (multiplied by the playback speed); then
// refresh the tiles the canvas marks dirty.
func (pl *Player) AdvanceTo(t time.Duration) bool {
	us := int64(t / time.Microsecond)
	p := pl.p
	for pl.ai < len(pl.rec.Actions) {
		a := &pl.rec.Actions[pl.ai]
		if a.Kind != ActStroke {
			if a.T > us {
				return false
			}
			switch a.Kind {
			case ActFill:
				p.fill(int(a.X), int(a.Y), a.Brush.Color, opacity8(a.Brush.Opacity), a.Tolerance)
			case ActUndo:
				p.undo()
			case ActRedo:
				p.redo()
			case ActClear:
				p.clear()
			}
			p.log.add(a)
			pl.ai++
			continue
		}
		if pl.pi == 0 {
			if a.Points[0].T > us {
				return false
			}
			p.beginStroke(a.Brush.quantized(), a.Seed, a.T)
		}
		for pl.pi < len(a.Points) {
			if a.Points[pl.pi].T > us {
				return false
			}
			p.strokePoint(a.Points[pl.pi])
			pl.pi++
		}
		p.EndStroke()
		pl.pi = 0
		pl.ai++
	}
	return true
}

// Replay replays a whole stroke log and returns the painter holding the
// final image (its undo history included).
func Replay(data []byte) (*Painter, error) {
	pl, err := NewPlayer(data)
	if err != nil {
		return nil, fmt.Errorf("paint: replay: %w", err)
	}
	pl.AdvanceTo(time.Duration(maxTime) * time.Microsecond)
	return pl.p, nil
}
