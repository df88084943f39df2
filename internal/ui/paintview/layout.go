package paintview

import "fyne.io/fyne/v2"

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
