package paint

import (
	"image"
	"testing"

	"golang.org/x/image/vector"
)

// benchSegment paints one 40 px stroke segment at radius r on a 1080p
// canvas, the way a stroke does: into the stroke's coverage mask, blended
// over the pre-stroke pixels. Positions wander so the work is not cached.
func benchSegment(b *testing.B, k Kind, r float64, path bool) {
	p := New(Options{Seed: 1})
	p.SetBrush(Brush{Kind: k, Color: Palette[16], Size: 2 * r, Opacity: 1})
	restart := func() {
		p.EndStroke()
		p.BeginStroke(-100, -100, 0)
		for i := range p.c.tiles {
			p.touch(i) // the pre-stroke copies are measured by BenchmarkTileSnapshot
		}
		p.c.TakeDirty(nil)
	}
	restart()
	sp := p.st.sp
	for i := 0; b.Loop(); i++ {
		ax, ay, bx, by := segmentAt(i, path)
		p.capsule(int64(ax*sub), int64(ay*sub), int64(bx*sub), int64(by*sub), r, r, sp, p.st.col, 255)
		if i%64 == 63 {
			b.StopTimer()
			restart()
			b.StartTimer()
		}
	}
}

// BenchmarkTileSnapshot is the copy of one tile kept for undo, the first
// time an action touches it.
func BenchmarkTileSnapshot(b *testing.B) {
	p := New(Options{Seed: 1})
	for i := 0; b.Loop(); i++ {
		ti := i % p.c.NumTiles()
		p.touch(ti)
		if ti == p.c.NumTiles()-1 {
			b.StopTimer()
			p.commit()
			b.StartTimer()
		}
	}
}

// segmentAt is the i-th 40 px benchmark segment: wandering over the whole
// canvas (every segment lands on cold memory), or along a stroke (each
// segment starts where the previous ended, as when a patient paints).
func segmentAt(i int, path bool) (ax, ay, bx, by float32) {
	if !path {
		x := float32(200 + (i*37)%1400)
		y := float32(200 + (i*53)%600)
		return x, y, x + 32, y + 24
	}
	// back and forth across the canvas in rows 80 px apart, 40 px per
	// segment, each starting where the previous ended
	const perRow, rows = 43, 12
	j := i % (perRow * rows)
	row, k := j/perRow, j%perRow
	if row%2 == 1 {
		k = perRow - 1 - k
	}
	ax = 100 + float32(k)*40
	ay = 100 + float32(row)*80 + float32(k%2)*8
	bx, by = ax+40, 100+float32(row)*80+float32((k+1)%2)*8
	if row%2 == 1 {
		ax, ay, bx, by = bx, by, ax, ay
	}
	return ax, ay, bx, by
}

func BenchmarkSegmentR32(b *testing.B)       { benchSegment(b, Ink, 32, false) }
func BenchmarkSegmentR8(b *testing.B)        { benchSegment(b, Ink, 8, false) }
func BenchmarkSegmentSoftR32(b *testing.B)   { benchSegment(b, Soft, 32, false) }
func BenchmarkStrokeSegmentR32(b *testing.B) { benchSegment(b, Ink, 32, true) }
func BenchmarkStrokeSegmentR8(b *testing.B)  { benchSegment(b, Ink, 8, true) }

// benchVector rasterises the same 40 px capsule with golang.org/x/image/vector
// (two circles approximated by cubic Béziers joined by the side lines) and
// composites it onto a 1080p RGBA image: the reference the issue compares with.
func benchVector(b *testing.B, r float32, path bool) {
	dst := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	src := image.NewUniform(Palette[16])
	var z vector.Rasterizer
	for i := 0; b.Loop(); i++ {
		ax, ay, bx, by := segmentAt(i, path)
		minX, minY := int(min(ax, bx)-r-1), int(min(ay, by)-r-1)
		maxX, maxY := int(max(ax, bx)+r+2), int(max(ay, by)+r+2)
		rect := image.Rect(minX, minY, maxX, maxY)
		z.Reset(rect.Dx(), rect.Dy())
		ox, oy := float32(minX), float32(minY)
		capsulePath(&z, ax-ox, ay-oy, bx-ox, by-oy, r)
		z.Draw(dst, rect, src, image.Point{})
	}
}

func BenchmarkVectorSegmentR32(b *testing.B)       { benchVector(b, 32, false) }
func BenchmarkVectorSegmentR8(b *testing.B)        { benchVector(b, 8, false) }
func BenchmarkVectorStrokeSegmentR32(b *testing.B) { benchVector(b, 32, true) }
func BenchmarkVectorStrokeSegmentR8(b *testing.B)  { benchVector(b, 8, true) }
