package tagging

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

const fyneSizeHeading = fynetheme.SizeNameHeadingText

// atLeast keeps obj at least min in size, and never below the theme's
// touch target: fingers, not pointers, are the measure.
func atLeast(obj fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	min = min.Max(fyne.NewSquareSize(theme.MinTouchTarget))
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(min)
	return container.NewStack(spacer, obj)
}

// heading is a step's large, centred question.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = fyneSizeHeading
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return l
}

// hint is a calm line of guidance under a heading.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return l
}

// actions is the bottom bar of a step: an obvious Skip on the left and,
// when next is not nil, the way on at the right.
func actions(skip *widget.Button, next *widget.Button) fyne.CanvasObject {
	size := fyne.NewSize(240, theme.MinTouchTarget+8)
	left := atLeast(skip, size)
	if next == nil {
		return container.NewBorder(nil, nil, left, nil)
	}
	return container.NewBorder(nil, nil, left, atLeast(next, size))
}

// screen lays out a step: heading and hint on top, the action bar at the
// bottom, the body in between.
func screen(title, guide string, body, bar fyne.CanvasObject) fyne.CanvasObject {
	top := container.NewVBox(heading(title), hint(guide))
	return container.NewPadded(container.NewBorder(top, bar, nil, nil, body))
}
