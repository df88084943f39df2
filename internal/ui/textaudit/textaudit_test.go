package textaudit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// place puts o at pos with size in a container without a layout: what a
// layout that gives too little room does.
func place(o fyne.CanvasObject, pos fyne.Position, size fyne.Size) fyne.CanvasObject {
	o.Move(pos)
	o.Resize(size)
	return o
}

func TestAuditFindsTextThatDoesNotFit(t *testing.T) {
	test.NewTempApp(t)
	fits := widget.NewLabel("Fits")
	narrowButton := widget.NewButton("Quiero que venga alguien", nil)
	overflowing := canvas.NewText("Te damos la bienvenida a este lugar tranquilo", nil)
	offWindow := widget.NewLabel("Off the edge")
	typed := widget.NewEntry()
	typed.SetText("a long title typed by a patient, far wider than its field")
	shortened := widget.NewLabel("Cualquier sentimiento")
	shortened.Truncation = fyne.TextTruncateEllipsis
	scrolled := container.NewVScroll(container.NewVBox(widget.NewLabel("one"), widget.NewLabel("two"), widget.NewLabel("three"),
		widget.NewLabel("four"), widget.NewLabel("five"), widget.NewLabel("six")))
	content := container.NewWithoutLayout(
		place(fits, fyne.NewPos(10, 10), fyne.NewSize(200, 40)),
		place(narrowButton, fyne.NewPos(10, 60), fyne.NewSize(90, 44)),
		place(overflowing, fyne.NewPos(10, 120), fyne.NewSize(60, 30)),
		place(offWindow, fyne.NewPos(350, 300), fyne.NewSize(200, 40)),
		place(typed, fyne.NewPos(10, 200), fyne.NewSize(120, 40)),
		place(scrolled, fyne.NewPos(200, 10), fyne.NewSize(120, 100)),
		place(shortened, fyne.NewPos(10, 250), fyne.NewSize(100, 40)),
	)
	w := test.NewWindow(content)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 320))
	r := Audit(w.Canvas())
	checked, problems := r.Checked, r.Problems
	if again := Audit(w.Canvas()); again.Digest != r.Digest {
		t.Error("two audits of the same view differ")
	}
	fits.SetText("Fits, changed")
	if changed := Audit(w.Canvas()); changed.Digest == r.Digest {
		t.Error("a changed text leaves the digest as it was")
	}
	got := map[string][]string{}
	for _, p := range problems {
		got[p.Text] = append(got[p.Text], p.Why)
	}
	t.Logf("checked %d texts; problems: %v", checked, problems)
	if checked < 5 {
		t.Errorf("checked %d texts, want every label, button and text", checked)
	}
	for _, want := range []string{"Cualquier sentimiento", "Quiero que venga alguien", "Te damos la bienvenida a este lugar tranquilo", "Off the edge"} {
		if len(got[want]) == 0 {
			t.Errorf("%q does not fit, but the audit found nothing", want)
		}
	}
	if !strings.Contains(strings.Join(got["Quiero que venga alguien"], " "), "outside its *widget.Button") {
		t.Errorf("the button's text: %v, want outside its button", got["Quiero que venga alguien"])
	}
	// The third line shows half under the scroll's edge (there to be
	// scrolled to); the sixth is scrolled out of view.
	if r.Clipped != 1 {
		t.Errorf("%d texts counted under a scroll's edge, want the third line", r.Clipped)
	}
	if !strings.Contains(strings.Join(got["Off the edge"], " "), "outside the window") {
		t.Errorf("Off the edge: %v, want outside the window", got["Off the edge"])
	}
	for _, fine := range []string{"Fits", "one", "two", "three", "six", typed.Text} {
		if len(got[fine]) != 0 {
			t.Errorf("%q reported: %v", fine, got[fine])
		}
	}
}
