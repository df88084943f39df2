package padview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure a Studio.
type Options struct {
	// KeepClear is a square at the studio's top-left, in Fyne units, left
	// free of buttons: the kiosk's staff corner.
	KeepClear float32
	// OnActivity runs on every touch (the kiosk's idle timer).
	OnActivity func()
	// OnDone receives the performance when the patient is finished; the
	// session is stopped by then.
	OnDone func(synth.Performance)
}

// Studio is the pad studio: the choices, the pads and "I'm finished",
// playing session.
type Studio struct {
	widget.BaseWidget
	s    *musicpad.Session
	opt  Options
	grid *Grid
	done *widget.Button
	note *widget.Label

	moods   []*widget.Button
	timbres []*widget.Button
}

// NewStudio shows the pads of s, a started session.
func NewStudio(s *musicpad.Session, opt Options) *Studio {
	st := &Studio{s: s, opt: opt}
	st.grid = NewGrid(st.press, st.release)
	st.done = widget.NewButton(tr("studio.pads.done"), st.finish)
	st.done.Importance = widget.HighImportance
	st.done.Disable()
	st.note = widget.NewLabel(tr("studio.pads.hint"))
	st.note.Alignment = fyne.TextAlignCenter
	st.note.Wrapping = fyne.TextWrapWord
	if s.Silent() != nil {
		st.note.SetText(tr("studio.pads.silent"))
	}
	for _, m := range synth.Moods {
		b := widget.NewButton(tr("studio.pads.mood."+string(m)), nil)
		b.OnTapped = func() { st.activity(); s.SetMood(m); st.choose(st.moods, b) }
		st.moods = append(st.moods, b)
	}
	for _, t := range synth.Timbres {
		b := widget.NewButton(tr("studio.pads.voice."+string(t)), nil)
		b.OnTapped = func() { st.activity(); s.SetTimbre(t); st.choose(st.timbres, b) }
		st.timbres = append(st.timbres, b)
	}
	st.choose(st.moods, st.moods[0])
	st.choose(st.timbres, st.timbres[0])
	st.ExtendBaseWidget(st)
	return st
}

// Grid is the studio's pads (for tests and the kiosk's layout checks).
func (st *Studio) Grid() *Grid { return st.grid }

// Done is the "I'm finished" button.
func (st *Studio) Done() *widget.Button { return st.done }

// Choices are the mood buttons, then the sound buttons, in synth.Moods and
// synth.Timbres order.
func (st *Studio) Choices() (moods, sounds []*widget.Button) { return st.moods, st.timbres }

func (st *Studio) choose(group []*widget.Button, chosen *widget.Button) {
	for _, b := range group {
		if b == chosen {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

func (st *Studio) activity() {
	if st.opt.OnActivity != nil {
		st.opt.OnActivity()
	}
}

func (st *Studio) press(pad int) {
	st.activity()
	st.s.Press(pad)
	if st.s.Full() {
		st.note.SetText(tr("studio.pads.full"))
	}
	if st.s.Played() && st.done.Disabled() {
		st.done.Enable()
	}
	st.grid.SetHeld(st.s.Held())
}

func (st *Studio) release(pad int) {
	st.activity()
	st.s.Release(pad)
	st.grid.SetHeld(st.s.Held())
}

// Resume brings the pads back after the patient returned from tagging: the
// instrument reopens (off the UI goroutine) and the same performance goes
// on.
func (st *Studio) Resume() {
	go func() {
		st.s.Resume()
		fyne.Do(func() {
			if st.s.Silent() != nil {
				st.note.SetText(tr("studio.pads.silent"))
			}
			st.done.Enable()
		})
	}()
}

func (st *Studio) finish() {
	st.activity()
	st.done.Disable()
	perf := st.s.Stop()
	if st.opt.OnDone != nil {
		st.opt.OnDone(perf)
	}
}

// CreateRenderer lays the studio out: choices on top, the pads filling the
// middle, the word and "I'm finished" below.
func (st *Studio) CreateRenderer() fyne.WidgetRenderer {
	touch := func(b *widget.Button) fyne.CanvasObject { return theme.Touch(b, fyne.NewSize(124, 64)) }
	row := func(label string, bs []*widget.Button) fyne.CanvasObject {
		objs := []fyne.CanvasObject{widget.NewLabel(label)}
		for _, b := range bs {
			objs = append(objs, touch(b))
		}
		return container.NewHBox(objs...)
	}
	top := container.NewHBox(row(tr("studio.pads.mood"), st.moods), layout.NewSpacer(), row(tr("studio.pads.voice"), st.timbres))
	if st.opt.KeepClear > 0 {
		corner := canvas.NewRectangle(color.Transparent)
		corner.SetMinSize(fyne.NewSize(st.opt.KeepClear, 1))
		top.Objects = append([]fyne.CanvasObject{corner}, top.Objects...)
	}
	bottom := container.NewBorder(nil, nil, nil, theme.Touch(st.done, fyne.NewSize(240, 80)), st.note)
	return widget.NewSimpleRenderer(container.NewPadded(container.NewBorder(top, bottom, nil, nil, st.grid)))
}

// Chooser is the music studio's first question: play the pads or record a
// sound.
func Chooser(onPads, onRecord func()) fyne.CanvasObject {
	pads := widget.NewButton(tr("studio.pads.choose.pads"), onPads)
	pads.Importance = widget.HighImportance
	rec := widget.NewButton(tr("studio.pads.choose.record"), onRecord)
	rec.Importance = widget.HighImportance
	title := widget.NewLabel(tr("studio.pads.choose.title"))
	title.Alignment = fyne.TextAlignCenter
	title.TextStyle.Bold = true
	tiles := container.NewGridWithColumns(2, theme.Touch(pads, fyne.NewSize(300, 220)), theme.Touch(rec, fyne.NewSize(300, 220)))
	return container.NewVBox(layout.NewSpacer(), title, container.NewCenter(tiles), layout.NewSpacer())
}
