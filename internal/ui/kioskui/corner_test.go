package kioskui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestStudioKeepsTheStaffCornerClear: no control of the drawing studio lies
// under the staff corner, which takes every press in the window's top-left
// square (a tap there would do nothing for the patient). The studio keeps
// the square clear from its own top-left, so this holds with the
// development banner above it (here) and without it (production).
func TestStudioKeepsTheStaffCornerClear(t *testing.T) {
	k := newKiosk(t)
	k.toDrawing(t)
	d := fyne.CurrentApp().Driver()
	controls := 0
	walk(k.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if _, ok := o.(fyne.Tappable); !ok || o == k.ui.corner {
			return false
		}
		controls++
		p, s := d.AbsolutePositionForObject(o), o.Size()
		if p.X < staffCornerSize && p.Y < staffCornerSize && p.X+s.Width > 0 && p.Y+s.Height > 0 {
			t.Errorf("a control at %v, size %v, lies under the staff corner", p, s)
		}
		return false
	})
	if controls < 10 {
		t.Fatalf("found only %d controls on the studio screen", controls)
	}
}
