package galleryui

import "fyne.io/fyne/v2"

// shortLayout lays its objects over its whole size but asks for their
// width and only height in height: a list whose rows are tall (a row of
// cards) scrolls within a short window instead of making the window
// taller than the screen. resized, when set, is called before each
// layout (the grid reflows its columns to the window's width).
type shortLayout struct {
	height  float32
	resized func()
}

func (l shortLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if l.resized != nil {
		l.resized()
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l shortLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, l.height)
}
