package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Touch wraps obj so that it is never smaller than min (each edge at least
// MinTouchTarget): a patient's finger, not a mouse pointer, is the measure.
func Touch(obj fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	if min.Width < MinTouchTarget {
		min.Width = MinTouchTarget
	}
	if min.Height < MinTouchTarget {
		min.Height = MinTouchTarget
	}
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(min)
	return container.NewStack(spacer, obj)
}
