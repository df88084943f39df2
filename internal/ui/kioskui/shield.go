package kioskui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// tapShield lies between a screen and the overlay over it and takes every
// tap and drag that misses the overlay's own buttons: the dimmed screen
// underneath must not react (a tap on the help button behind "We've let
// the staff know" asked again; a key of the code pad behind "Are you still
// here?" typed). A tap on it counts as activity, like any touch.
type tapShield struct {
	widget.BaseWidget
	onTap func()
}

var (
	_ fyne.Tappable  = (*tapShield)(nil)
	_ fyne.Draggable = (*tapShield)(nil)
)

func newTapShield(onTap func()) *tapShield {
	s := &tapShield{onTap: onTap}
	s.ExtendBaseWidget(s)
	return s
}

func (s *tapShield) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Tapped takes a tap that missed the overlay.
func (s *tapShield) Tapped(*fyne.PointEvent) {
	if s.onTap != nil {
		s.onTap()
	}
}

// Dragged and DragEnd keep drags (a stroke on the canvas) from the screen.
func (s *tapShield) Dragged(*fyne.DragEvent) {}

func (s *tapShield) DragEnd() {}
