package paintview

import "fyne.io/fyne/v2"

// columnLayout stacks objects top to bottom at their minimum heights, each
// as wide as the column, with gap between them.
type columnLayout struct{ gap float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + l.gap
	}
}

func (l *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height += float32(n-1) * l.gap
	}
	return s
}

// rowLayout lines objects up left to right at their minimum widths, each as
// tall as the row, with gap between them.
type rowLayout struct{ gap float32 }

func (l *rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + l.gap
	}
}

func (l *rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		s.Width += m.Width
		n++
	}
	if n > 1 {
		s.Width += float32(n-1) * l.gap
	}
	return s
}

// gridLayout puts objects in cols columns of equal cells, each at least
// cell×cell and as big as the largest minimum size, with gap between them;
// the grid keeps to its minimum size at the top left of its space.
type gridLayout struct {
	cols      int
	cell, gap float32
}

func (l *gridLayout) cellSize(objs []fyne.CanvasObject) fyne.Size {
	c := fyne.NewSquareSize(l.cell)
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	return c
}

func (l *gridLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	c := l.cellSize(objs)
	for i, o := range objs {
		col, row := i%l.cols, i/l.cols
		o.Move(fyne.NewPos(float32(col)*(c.Width+l.gap), float32(row)*(c.Height+l.gap)))
		o.Resize(c)
	}
}

func (l *gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	c := l.cellSize(objs)
	cols := min(l.cols, len(objs))
	rows := (len(objs) + l.cols - 1) / l.cols
	return fyne.NewSize(float32(cols)*c.Width+float32(cols-1)*l.gap, float32(rows)*c.Height+float32(rows-1)*l.gap)
}
