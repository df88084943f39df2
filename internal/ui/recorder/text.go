package recorder

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// english is every text the recorder shows, by translation key;
// assets/i18n/studio.en.json holds the same (a test keeps them equal).
var english = map[string]string{
	"studio.rec.confirm":          MsgConfirm,
	"studio.rec.continue":         "Continue",
	"studio.rec.discard":          "Discard",
	"studio.rec.discard.no":       "No, go back",
	"studio.rec.discard.yes":      "Yes, let it go",
	"studio.rec.hint.idle":        "Tap the red circle to start recording.",
	"studio.rec.hint.paused":      "Paused. Tap Continue to carry on, or the square to finish.",
	"studio.rec.hint.recording":   "Recording. Tap the square when you have finished.",
	"studio.rec.hint.review":      "Listen back if you like, then tap Keep.",
	"studio.rec.keep":             "Keep",
	"studio.rec.listen":           "Listen",
	"studio.rec.lost":             MsgLost,
	"studio.rec.maxreached":       MsgMaxReached,
	"studio.rec.nearend":          MsgNearEnd,
	"studio.rec.nospeaker":        "The speaker isn't available right now — your recording is still here.",
	"studio.rec.pause":            "Pause",
	"studio.rec.prompt.music":     "Sing, hum or play — anything goes.",
	"studio.rec.prompt.voice":     "Say whatever you'd like to remember.",
	"studio.rec.record":           "Record",
	"studio.rec.retry":            "Try again",
	"studio.rec.stop":             "Finish",
	"studio.rec.trim":             "Trim silence",
	"studio.rec.trim.undo":        "Undo trim",
	"studio.rec.unavailable":      MsgUnavailable,
	"studio.rec.unavailable.next": MsgUnavailableNext,
}

// tr is the text for key in the current language.
func tr(key string) string { return lang.X(key, english[key]) }

// textWidth is how wide a block of patient text is laid out: narrow enough
// to read, and fixed, so its height never depends on a layout that has not
// happened yet (a wrapped label measured at width 0 is one word a line,
// which is what grew the kiosk's window).
const textWidth float32 = 900

// wrapped is a centred, word-wrapped text block textWidth wide.
func wrapped(l *widget.Label) fyne.CanvasObject {
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return &fyne.Container{Layout: fixedWidth{textWidth}, Objects: []fyne.CanvasObject{l}}
}

// fixedWidth lays its one object out w wide (narrower only if its parent
// ignores its minimum size), centred, as tall as the object needs at that
// width; hidden or empty text takes no room.
type fixedWidth struct{ w float32 }

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	o := objs[0]
	if !o.Visible() {
		return fyne.Size{}
	}
	if l, ok := o.(*widget.Label); ok && l.Text == "" {
		return fyne.Size{}
	}
	if o.Size().Width != f.w { // measure it at the width it will get
		o.Resize(fyne.NewSize(f.w, o.Size().Height))
	}
	return fyne.NewSize(f.w, o.MinSize().Height)
}

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	o := objs[0]
	w := min(f.w, size.Width)
	o.Resize(fyne.NewSize(w, size.Height))
	o.Move(fyne.NewPos((size.Width-w)/2, 0))
}
