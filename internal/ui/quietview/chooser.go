package quietview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// lengthKeys name quiet.Lengths on their buttons.
var lengthKeys = map[time.Duration]string{
	time.Minute: "studio.quiet.one", 3 * time.Minute: "studio.quiet.three", 5 * time.Minute: "studio.quiet.five",
}

// Chooser is the quiet space's first screen: how long, and whether the
// breathing guide and the soft sound are on (both are, to begin with).
// Choosing a length calls choose with the patient's options.
func Chooser(choose func(quiet.Options)) fyne.CanvasObject {
	opts := quiet.Options{Breathe: true, Sound: true}
	title := canvas.NewText(tr("studio.quiet.title"), theme.Ink)
	title.TextSize = 44
	title.Alignment = fyne.TextAlignCenter
	hint := widget.NewLabel(tr("studio.quiet.hint"))
	hint.Alignment = fyne.TextAlignCenter
	lengths := container.NewHBox()
	for _, d := range quiet.Lengths {
		b := widget.NewButton(tr(lengthKeys[d]), func() {
			o := opts
			o.Length = d
			choose(o)
		})
		b.Importance = widget.HighImportance
		lengths.Add(theme.Touch(b, fyne.NewSize(220, 88)))
	}
	toggle := func(on *bool, onKey, offKey string) fyne.CanvasObject {
		b := widget.NewButton("", nil)
		show := func() {
			if *on {
				b.SetText(tr(onKey))
			} else {
				b.SetText(tr(offKey))
			}
		}
		b.OnTapped = func() { *on = !*on; show() }
		show()
		return theme.Touch(b, fyne.NewSize(320, 72))
	}
	toggles := container.NewHBox(
		toggle(&opts.Breathe, "studio.quiet.breathe.on", "studio.quiet.breathe.off"),
		toggle(&opts.Sound, "studio.quiet.sound.on", "studio.quiet.sound.off"))
	box := container.NewVBox(title, hint, container.NewCenter(lengths), container.NewCenter(toggles))
	return container.NewVBox(layout.NewSpacer(), container.NewCenter(box), layout.NewSpacer())
}
