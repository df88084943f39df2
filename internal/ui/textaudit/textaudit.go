package textaudit

import (
	"fmt"
	"hash"
	"hash/fnv"
	"strings"
	_ "unsafe" // go:linkname, for rendererOf

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rendererOf is the renderer Fyne keeps for a widget (its internal
// cache.Renderer, the one test.WidgetRenderer returns): the objects a widget
// actually draws, laid out, are reachable only through it. Linked by name
// rather than through fyne.io/fyne/v2/test, whose init installs a test app;
// a Fyne upgrade that renames it fails the build, not the audit.
//
//go:linkname rendererOf fyne.io/fyne/v2/internal/cache.Renderer
func rendererOf(wid fyne.Widget) fyne.WidgetRenderer

// slack is how far, in Fyne units, text may pass its room (rounding).
const slack = 1

// Problem is one text that does not fit.
type Problem struct {
	Text string // what it says
	Why  string // how it does not fit
}

func (p Problem) String() string { return fmt.Sprintf("%q: %s", p.Text, p.Why) }

// rect is an area in canvas coordinates.
type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) contains(o rect) bool {
	return o.x0 >= r.x0-slack && o.y0 >= r.y0-slack && o.x1 <= r.x1+slack && o.y1 <= r.y1+slack
}

func (r rect) overlaps(o rect) bool { return o.x0 < r.x1 && o.x1 > r.x0 && o.y0 < r.y1 && o.y1 > r.y0 }

func (r rect) String() string { return fmt.Sprintf("%.0f,%.0f–%.0f,%.0f", r.x0, r.y0, r.x1, r.y1) }

// Report is what one audit found.
type Report struct {
	Checked  int       // texts looked at
	Problems []Problem // those that do not fit
	// Clipped counts texts partly under the edge of a scroll: there to be
	// scrolled to, by design, so not problems.
	Clipped int
	// Digest is a hash of every text looked at, in order, and where it is:
	// two audits of the same view have the same digest.
	Digest uint64
}

// Audit checks every visible text of c's content and overlays. Text typed
// into an entry is left out: it scrolls within its field by design, and it
// is the patient's own. Call it on the UI goroutine, after layout.
func Audit(c fyne.Canvas) Report {
	a := &audit{digest: fnv.New64a()}
	size := c.Size()
	a.window = rect{0, 0, size.Width, size.Height}
	if content := c.Content(); content != nil {
		a.walk(content, fyne.Position{}, nil, nil)
	}
	if ov := c.Overlays(); ov != nil {
		for _, o := range ov.List() {
			a.walk(o, fyne.Position{}, nil, nil)
		}
	}
	return Report{Checked: a.checked, Problems: a.problems, Clipped: a.clipped, Digest: a.digest.Sum64()}
}

type audit struct {
	window   rect
	checked  int
	clipped  int
	problems []Problem
	digest   hash.Hash64
}

type holder struct {
	name string
	area rect
}

// walk checks o and what it holds; holders are the widgets o is drawn
// within (innermost last), up to the nearest scroll, whose edge is clip.
func (a *audit) walk(o fyne.CanvasObject, parent fyne.Position, holders []holder, clip *rect) {
	if o == nil || !o.Visible() {
		return
	}
	pos := parent.Add(o.Position())
	size := o.Size()
	area := rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
	switch v := o.(type) {
	case *canvas.Text:
		a.text(v, area, holders, clip)
		return
	case *widget.Entry, *widget.SelectEntry:
		return
	case *fyne.Container:
		for _, child := range v.Objects {
			a.walk(child, pos, holders, clip)
		}
		return
	case fyne.Widget:
		inner := append(holders[:len(holders):len(holders)], holder{name: fmt.Sprintf("%T", v), area: area})
		if _, ok := v.(*container.Scroll); ok {
			// What a scroll holds is larger than it by design: from here
			// on, its edge is what cuts text.
			c := area
			if clip != nil {
				c = rect{max(c.x0, clip.x0), max(c.y0, clip.y0), min(c.x1, clip.x1), min(c.y1, clip.y1)}
			}
			clip, inner = &c, nil
		}
		objs := rendererOf(v).Objects()
		if rt, ok := v.(*widget.RichText); ok && rt.Truncation != fyne.TextTruncateOff {
			a.truncated(rt, objs)
		}
		for _, child := range objs {
			a.walk(child, pos, inner, clip)
		}
	}
}

// truncated reports a text shortened to fit (an ellipsis where words
// were): what rt draws is not all it says.
func (a *audit) truncated(rt *widget.RichText, objs []fyne.CanvasObject) {
	var drawn strings.Builder
	for _, o := range objs {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			drawn.WriteString(t.Text)
		}
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if full := rt.String(); drawn.Len() > 0 && squash(drawn.String()) != squash(full) {
		a.problems = append(a.problems, Problem{Text: full, Why: fmt.Sprintf("shortened to %q", drawn.String())})
	}
}

func (a *audit) text(t *canvas.Text, area rect, holders []holder, clip *rect) {
	if strings.TrimSpace(t.Text) == "" {
		return
	}
	given := t.Size()
	if given.Width <= 0 || given.Height <= 0 {
		return // not laid out: nothing of it is drawn
	}
	a.checked++
	fmt.Fprintf(a.digest, "%s\x00%v\x00", t.Text, area)
	need := t.MinSize()
	add := func(why string, args ...any) {
		a.problems = append(a.problems, Problem{Text: t.Text, Why: fmt.Sprintf(why, args...)})
	}
	if need.Width > given.Width+slack || need.Height > given.Height+slack {
		add("needs %.0f×%.0f, was given %.0f×%.0f", need.Width, need.Height, given.Width, given.Height)
	}
	// Where the glyphs are drawn: a text wider than its box spills out on
	// the side its alignment leaves open.
	drawn := area
	if w := need.Width; w > given.Width {
		switch t.Alignment {
		case fyne.TextAlignCenter:
			drawn.x0 -= (w - given.Width) / 2
			drawn.x1 += (w - given.Width) / 2
		case fyne.TextAlignTrailing:
			drawn.x0 -= w - given.Width
		default:
			drawn.x1 += w - given.Width
		}
	}
	drawn.y1 = max(drawn.y1, drawn.y0+need.Height)
	if clip != nil && !clip.overlaps(drawn) {
		return // scrolled out of view
	}
	if !a.window.contains(drawn) {
		add("drawn at %v, outside the window %v", drawn, a.window)
	}
	for i := len(holders) - 1; i >= 0; i-- {
		if h := holders[i]; !h.area.contains(drawn) {
			add("drawn at %v, outside its %s at %v", drawn, h.name, h.area)
			break
		}
	}
	if clip != nil && !clip.contains(drawn) {
		a.clipped++
	}
}
