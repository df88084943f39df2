package paint

import (
	"image/color"
	"math"
	"slices"
	"time"
)

// Options configure a new Painter. Zero values mean the defaults.
type Options struct {
	Width, Height int        // default 1920×1080
	Paper         color.RGBA // default Paper
	Seed          uint64     // seeds the airbrush seeds of new strokes; 0 = from the clock
	History       HistoryLimits
}

// DefaultFillTolerance is how different (0..255 per channel) a pixel may be
// from the tapped one and still be filled.
const DefaultFillTolerance = 48

// Painter paints on a Canvas and records what it does. See the package
// comment for its rules.
type Painter struct {
	c     *Canvas
	hist  history
	log   *Log
	brush Brush
	seeds rng
	// FillTolerance is used by Fill (0..255).
	FillTolerance uint8

	// the action in progress: pre-action copies and stroke coverage masks
	// of the tiles it touched
	pre     [][]uint8
	mask    [][]uint8
	touched []int
	free    [][]uint8
	freeM   [][]uint8
	scratch []uint32
	visited []uint64

	drawing bool
	st      strokeState
	lastT   int64
}

type strokeState struct {
	a      Action
	sp     spec
	col    color.RGBA
	op     uint32
	baseR  float64
	f      oneEuro
	lx, ly int64 // last filtered point, 1/16 px
	lr     float64
	lt     int64
	speed  float64 // px/ms, smoothed
	rnd    rng
}

// New returns a Painter on a fresh canvas.
func New(o Options) *Painter {
	if o.Width <= 0 || o.Width > maxCanvas {
		o.Width = 1920
	}
	if o.Height <= 0 || o.Height > maxCanvas {
		o.Height = 1080
	}
	if o.Paper == (color.RGBA{}) {
		o.Paper = Paper
	}
	o.Paper.A = 0xff
	if o.History.MinSteps <= 0 {
		o.History.MinSteps = DefaultHistoryLimits.MinSteps
	}
	if o.History.MaxBytes <= 0 {
		o.History.MaxBytes = DefaultHistoryLimits.MaxBytes
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
	c := NewCanvas(o.Width, o.Height, o.Paper)
	p := &Painter{
		c:             c,
		hist:          history{lim: o.History},
		log:           newLog(o.Width, o.Height, o.Paper),
		brush:         DefaultBrush.quantized(),
		seeds:         rng{s: o.Seed},
		FillTolerance: DefaultFillTolerance,
		pre:           make([][]uint8, c.NumTiles()),
		mask:          make([][]uint8, c.NumTiles()),
	}
	return p
}

// Canvas is the painted raster.
func (p *Painter) Canvas() *Canvas { return p.c }

// Log is the record of every finished action.
func (p *Painter) Log() *Log { return p.log }

// Brush is the current brush (quantised as the engine uses it).
func (p *Painter) Brush() Brush { return p.brush }

// SetBrush changes the brush for the next stroke or fill.
func (p *Painter) SetBrush(b Brush) { p.brush = b.quantized() }

// Drawing reports whether a stroke is in progress.
func (p *Painter) Drawing() bool { return p.drawing }

// CanUndo and CanRedo report whether Undo and Redo would change anything.
func (p *Painter) CanUndo() bool { return p.hist.pos > 0 }

// CanRedo reports whether Redo would change anything.
func (p *Painter) CanRedo() bool { return p.hist.pos < len(p.hist.steps) }

// UndoSteps is how many steps can be undone now.
func (p *Painter) UndoSteps() int { return p.hist.pos }

// HistoryBytes is the memory held by the undo history's deltas.
func (p *Painter) HistoryBytes() int { return p.hist.bytes }

// micros turns a time since the start of the log into the logged
// microseconds, never going back in time.
func (p *Painter) micros(t time.Duration) int64 {
	us := int64(t / time.Microsecond)
	us = min(max(us, p.lastT), maxTime)
	p.lastT = us
	return us
}

func quant(v float64) int32 {
	q := math.Round(v * sub)
	if !(q > -maxCoord) { // also NaN
		q = -maxCoord
	}
	if q > maxCoord {
		q = maxCoord
	}
	return int32(q)
}

// BeginStroke starts a stroke with the current brush at canvas position
// x,y, t after the start of the log. A stroke in progress is ended first.
func (p *Painter) BeginStroke(x, y float64, t time.Duration) {
	p.EndStroke()
	pt := Point{X: quant(x), Y: quant(y), T: p.micros(t)}
	p.beginStroke(p.brush, p.seeds.next(), pt.T)
	p.strokePoint(pt)
}

// StrokeTo extends the stroke in progress to x,y (or starts one).
func (p *Painter) StrokeTo(x, y float64, t time.Duration) {
	if !p.drawing {
		p.BeginStroke(x, y, t)
		return
	}
	p.strokePoint(Point{X: quant(x), Y: quant(y), T: p.micros(t)})
}

// EndStroke finishes the stroke in progress, if any, and records it.
func (p *Painter) EndStroke() {
	if !p.drawing {
		return
	}
	s := &p.st
	last := s.a.Points[len(s.a.Points)-1]
	if lx, ly := int64(last.X), int64(last.Y); lx != s.lx || ly != s.ly {
		// the filter lags: finish where the finger lifted
		p.segment(s.lx, s.ly, lx, ly, s.lr, s.lr, 0)
	}
	p.drawing = false
	p.log.add(&s.a)
	s.a = Action{Points: s.a.Points[:0]}
	p.commit()
}

func (p *Painter) beginStroke(b Brush, seed uint64, t int64) {
	sp := specOf(b.Kind)
	col := b.Color
	if b.Kind == Eraser {
		col = p.c.paper
	}
	p.drawing = true
	p.st = strokeState{
		a:     Action{Kind: ActStroke, T: t, Brush: b, Seed: seed, Points: p.st.a.Points[:0]},
		sp:    sp,
		col:   col,
		op:    uint32(math.Round(float64(b.Opacity*sp.opacity) * 255)),
		baseR: b.Size / 2,
		f:     oneEuro{minCutoff: smoothMinCutoff, beta: smoothBeta, dCutoff: smoothDCutoff},
		rnd:   rng{s: seed},
	}
}

// strokePoint feeds one quantised sample through smoothing and speed to
// the rasteriser. Live painting and replay both come through here.
func (p *Painter) strokePoint(pt Point) {
	s := &p.st
	s.a.Points = append(s.a.Points, pt)
	x, y := float64(pt.X)*subInv, float64(pt.Y)*subInv
	if len(s.a.Points) == 1 {
		s.f.filter(x, y, 0)
		s.lx, s.ly, s.lr, s.lt = int64(pt.X), int64(pt.Y), s.baseR, pt.T
		p.segment(s.lx, s.ly, s.lx, s.ly, s.lr, s.lr, 0)
		return
	}
	dt := pt.T - s.lt
	s.lt = pt.T
	te := float64(max(dt, 500)) * 1e-6 // s; equal timestamps count as 0.5 ms
	fx, fy := s.f.filter(x, y, te)
	nx, ny := int64(quant(fx)), int64(quant(fy))
	ddx, ddy := float64(nx-s.lx)*subInv, float64(ny-s.ly)*subInv
	dist := math.Sqrt(float64(ddx*ddx) + float64(ddy*ddy))
	v := dist / float64(te*1000) // px/ms
	s.speed = s.speed + float64(0.35*float64(v-s.speed))
	r := s.baseR
	if s.sp.speedThin > 0 {
		f := 1 - float64(s.sp.speedThin*s.speed)
		f = min(max(f, s.sp.minWidth), 1)
		r = float64(r * f)
	}
	p.segment(s.lx, s.ly, nx, ny, s.lr, r, dt)
	s.lx, s.ly, s.lr = nx, ny, r
}

// segment paints one piece of the current stroke; dt (µs) lets the
// airbrush build up while it lingers.
func (p *Painter) segment(ax, ay, bx, by int64, r0, r1 float64, dt int64) {
	s := &p.st
	if !s.sp.accumulate {
		p.capsule(ax, ay, bx, by, r0, r1, s.sp, s.col, s.op)
		return
	}
	// airbrush: soft dots scattered around the path
	r := max(r0, r1)
	ddx, ddy := float64(bx-ax), float64(by-ay)
	length := math.Sqrt(float64(ddx*ddx)+float64(ddy*ddy)) * subInv
	n := int(length*48/max(r, 1)) + int(min(dt, 100_000)/2000) + 2
	n = min(n, 2048)
	dotR := max(1, r*0.12)
	spread := r * 0.55
	for range n {
		u := s.rnd.unit()
		gx := s.rnd.unit() + s.rnd.unit() + s.rnd.unit() - 1.5
		gy := s.rnd.unit() + s.rnd.unit() + s.rnd.unit() - 1.5
		cx := float64(ax) + float64(u*ddx) + float64(gx*spread*sub)
		cy := float64(ay) + float64(u*ddy) + float64(gy*spread*sub)
		qx, qy := int64(math.Round(cx)), int64(math.Round(cy))
		p.capsule(qx, qy, qx, qy, dotR, dotR, s.sp, s.col, s.op)
	}
}

// touch is called before writing to tile i (by strokes, before every run
// of pixels). It marks the tile dirty each time, not just the first: a UI
// takes the dirty list after every input event while a stroke is still
// going on, so a tile the stroke comes back to must be reported again or
// the screen keeps the pixels it uploaded last. The first touch in an
// action also keeps a copy of the tile's pixels as they were before, for
// undo.
func (p *Painter) touch(i int) {
	p.c.MarkDirty(i)
	if p.pre[i] != nil {
		return
	}
	src := p.c.tiles[i].Pix
	var b []uint8
	if n := len(p.free); n > 0 {
		b, p.free = p.free[n-1][:len(src)], p.free[:n-1]
	} else {
		b = make([]uint8, len(src), TileSize*TileSize*4)
	}
	copy(b, src)
	p.pre[i] = b
	p.touched = append(p.touched, i)
}

func (p *Painter) maskFor(i int) []uint8 {
	m := p.mask[i]
	if m == nil {
		if n := len(p.freeM); n > 0 {
			m, p.freeM = p.freeM[n-1], p.freeM[:n-1]
		} else {
			m = make([]uint8, TileSize*TileSize)
		}
		p.mask[i] = m
	}
	return m
}

// commit turns the action's touched tiles into one undo step.
func (p *Painter) commit() {
	var tiles []tileDelta
	for _, i := range p.touched {
		w := encodeDelta(p.pre[i], p.c.tiles[i].Pix, p.scratch)
		if w != nil {
			p.scratch = w[:0]
			tiles = append(tiles, tileDelta{tile: i, words: slices.Clone(w)})
		}
		p.free = append(p.free, p.pre[i])
		p.pre[i] = nil
		if m := p.mask[i]; m != nil {
			clear(m)
			p.freeM = append(p.freeM, m)
			p.mask[i] = nil
		}
	}
	p.touched = p.touched[:0]
	if len(tiles) > 0 {
		p.hist.push(step{tiles: tiles, bytes: stepBytes(tiles)})
	}
}

func (p *Painter) apply(s step) {
	for _, d := range s.tiles {
		applyDelta(d.words, p.c.tiles[d.tile].Pix)
		p.c.MarkDirty(d.tile)
	}
}

// Undo takes back the last step, if any, and logs it.
func (p *Painter) Undo(t time.Duration) bool {
	p.EndStroke()
	if !p.undo() {
		return false
	}
	p.log.add(&Action{Kind: ActUndo, T: p.micros(t)})
	return true
}

func (p *Painter) undo() bool {
	if p.hist.pos == 0 {
		return false
	}
	p.hist.pos--
	p.apply(p.hist.steps[p.hist.pos])
	return true
}

// Redo puts back the last undone step, if any, and logs it.
func (p *Painter) Redo(t time.Duration) bool {
	p.EndStroke()
	if !p.redo() {
		return false
	}
	p.log.add(&Action{Kind: ActRedo, T: p.micros(t)})
	return true
}

func (p *Painter) redo() bool {
	if p.hist.pos >= len(p.hist.steps) {
		return false
	}
	p.apply(p.hist.steps[p.hist.pos])
	p.hist.pos++
	return true
}

// Clear paints the whole canvas with paper, as one undoable step.
func (p *Painter) Clear(t time.Duration) {
	p.EndStroke()
	p.clear()
	p.log.add(&Action{Kind: ActClear, T: p.micros(t)})
}

func (p *Painter) clear() {
	for i, tile := range p.c.tiles {
		p.touch(i)
		fillRGBA(tile.Pix, p.c.paper)
	}
	p.commit()
}
