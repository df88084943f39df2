package tagging

import (
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// figureSize is the pixel size the mood pictures are drawn at; they are
// scaled down to their cells.
const figureSize = 192

var (
	figuresOnce sync.Once
	figures     [2][emotion.MoodMax + 1]image.Image
)

func figure(axis emotion.Axis, level int) image.Image {
	figuresOnce.Do(func() {
		for _, a := range []emotion.Axis{emotion.Pleasantness, emotion.Energy} {
			for l := emotion.MoodMin; l <= emotion.MoodMax; l++ {
				img, err := emotion.Figure(a, l, figureSize)
				if err != nil {
					panic(err) // levels and size are constants in range
				}
				figures[a][l] = img
			}
		}
	})
	return figures[axis][level]
}

// MoodScale is one row of the mood scale: nine pictures from MoodMin to
// MoodMax along one axis. Tapping a picture chooses it.
type MoodScale struct {
	widget.BaseWidget

	Axis     emotion.Axis
	Value    int // 0 until chosen
	OnChange func(v int)
}

// NewMoodScale returns an unanswered scale for axis.
func NewMoodScale(axis emotion.Axis, onChange func(v int)) *MoodScale {
	m := &MoodScale{Axis: axis, OnChange: onChange}
	m.ExtendBaseWidget(m)
	return m
}

// Tapped chooses the picture under the finger.
func (m *MoodScale) Tapped(ev *fyne.PointEvent) {
	w := m.Size().Width
	if w <= 0 {
		return
	}
	n := emotion.MoodMax - emotion.MoodMin + 1
	v := emotion.MoodMin + int(ev.Position.X/(w/float32(n)))
	if v < emotion.MoodMin || v > emotion.MoodMax {
		return
	}
	m.Value = v
	m.Refresh()
	if m.OnChange != nil {
		m.OnChange(v)
	}
}

// CreateRenderer implements fyne.Widget.
func (m *MoodScale) CreateRenderer() fyne.WidgetRenderer {
	r := &moodRenderer{m: m}
	for l := emotion.MoodMin; l <= emotion.MoodMax; l++ {
		bg := canvas.NewRectangle(theme.Paper)
		bg.CornerRadius = 16
		bg.StrokeColor = theme.Sage
		img := canvas.NewImageFromImage(figure(m.Axis, l))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleSmooth
		r.bgs = append(r.bgs, bg)
		r.imgs = append(r.imgs, img)
	}
	r.Refresh()
	return r
}

type moodRenderer struct {
	m    *MoodScale
	bgs  []*canvas.Rectangle
	imgs []*canvas.Image
}

func (r *moodRenderer) Layout(size fyne.Size) {
	cw := size.Width / float32(len(r.bgs))
	edge := min(cw, size.Height)
	for i := range r.bgs {
		pos := fyne.NewPos(float32(i)*cw+(cw-edge)/2, (size.Height-edge)/2)
		r.bgs[i].Move(pos.AddXY(3, 3))
		r.bgs[i].Resize(fyne.NewSquareSize(edge - 6))
		r.imgs[i].Move(pos.AddXY(6, 6))
		r.imgs[i].Resize(fyne.NewSquareSize(edge - 12))
	}
}

func (r *moodRenderer) MinSize() fyne.Size {
	return fyne.NewSize(float32(len(r.bgs))*96, 96)
}

func (r *moodRenderer) Refresh() {
	for i, bg := range r.bgs {
		bg.FillColor = theme.Paper
		bg.StrokeWidth = 0
		if emotion.MoodMin+i == r.m.Value {
			bg.FillColor = theme.Sand
			bg.StrokeWidth = 5
		}
		bg.Refresh()
	}
}

func (r *moodRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(r.bgs))
	for _, b := range r.bgs {
		objs = append(objs, b)
	}
	for _, i := range r.imgs {
		objs = append(objs, i)
	}
	return objs
}

func (r *moodRenderer) Destroy() {}

// MoodMoment says when in a visit the mood is asked.
type MoodMoment int

// The two moments.
const (
	CheckIn MoodMoment = iota
	CheckOut
)

// MoodScreen asks how the patient feels at check-in or check-out: one
// scale for pleasantness, one for energy. Answering both answers the
// screen (onDone is called at once, no Done needed); Done takes a single
// answer, Skip none.
type MoodScreen struct {
	widget.BaseWidget

	Pleasantness, Energy *MoodScale
	SkipButton, Done     *widget.Button
	// OnActivity, when set, is called on every tap of a picture.
	OnActivity func()

	content fyne.CanvasObject
}

// NewMoodScreen returns the check-in or check-out screen. onDone receives
// the answer: when both scales are answered, on Done, or nil on Skip
// or when nothing was chosen; a scale left unanswered is 0 in the Mood.
func NewMoodScreen(at MoodMoment, onDone func(*piece.Mood)) *MoodScreen {
	s := &MoodScreen{}
	s.ExtendBaseWidget(s)
	finish := func(m *piece.Mood) {
		if onDone != nil {
			onDone(m)
		}
	}
	changed := func(int) {
		if s.OnActivity != nil {
			s.OnActivity()
		}
		if s.Pleasantness.Value != 0 && s.Energy.Value != 0 {
			finish(s.Mood())
		}
	}
	s.Pleasantness = NewMoodScale(emotion.Pleasantness, changed)
	s.Energy = NewMoodScale(emotion.Energy, changed)
	s.SkipButton = widget.NewButton(lang.L(keySkip), func() { finish(nil) })
	s.Done = widget.NewButton(lang.L(keyDone), func() { finish(s.Mood()) })
	s.Done.Importance = widget.HighImportance
	title := keyCheckInTitle
	if at == CheckOut {
		title = keyCheckOutTitle
	}
	scaleSize := fyne.NewSize(9*104, 104)
	body := container.NewVBox(
		hint(lang.L(keyMoodPleasantness)),
		container.NewCenter(atLeast(s.Pleasantness, scaleSize)),
		hint(lang.L(keyMoodEnergy)),
		container.NewCenter(atLeast(s.Energy, scaleSize)),
	)
	s.content = screen(lang.L(title), lang.L(keyMoodHint), container.NewCenter(body), actions(s.SkipButton, s.Done))
	return s
}

// Mood is the current answer, nil while nothing is chosen.
func (s *MoodScreen) Mood() *piece.Mood {
	if s.Pleasantness.Value == 0 && s.Energy.Value == 0 {
		return nil
	}
	return &piece.Mood{Pleasantness: s.Pleasantness.Value, Energy: s.Energy.Value}
}

// CreateRenderer implements fyne.Widget.
func (s *MoodScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}
