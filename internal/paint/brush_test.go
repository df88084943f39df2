package paint

import (
	"fmt"
	"image/color"
	"math"
	"testing"
	"time"
)

// wave draws a sine stroke across a small canvas, sampled every 8 ms at a
// speed that rises then falls, as a hand would.
func wave(p *Painter, y0, amp float64, t0 time.Duration) time.Duration {
	const n = 48
	t := t0
	for i := 0; i <= n; i++ {
		f := float64(i) / n
		x := 24 + 272*(f-math.Sin(2*math.Pi*f)/(2*math.Pi)) // slow, fast, slow
		y := y0 + amp*math.Sin(3*math.Pi*f)
		if i == 0 {
			p.BeginStroke(x, y, t)
		} else {
			p.StrokeTo(x, y, t)
		}
		t += 8 * time.Millisecond
	}
	p.EndStroke()
	return t
}

func smallPainter() *Painter {
	return New(Options{Width: 320, Height: 200, Seed: 42})
}

func TestBrushGolden(t *testing.T) {
	for _, k := range Kinds {
		if k == Eraser {
			continue
		}
		t.Run(k.String(), func(t *testing.T) {
			p := smallPainter()
			var tm time.Duration
			for i, size := range []float64{SizeSmall, SizeMedium, SizeLarge} {
				p.SetBrush(Brush{Kind: k, Color: Palette[16+i*3], Size: size, Opacity: 1})
				tm = wave(p, 40+float64(i)*60, 18, tm)
			}
			// overlapping a translucent stroke over itself and another
			p.SetBrush(Brush{Kind: k, Color: Palette[7], Size: SizeLarge, Opacity: 0.5})
			p.BeginStroke(60, 20, tm)
			p.StrokeTo(60, 180, tm+100*time.Millisecond)
			p.StrokeTo(90, 20, tm+200*time.Millisecond)
			p.EndStroke()
			assertGolden(t, "brush_"+k.String(), p.Canvas().Snapshot())
		})
	}
}

func TestEraserGolden(t *testing.T) {
	p := smallPainter()
	p.SetBrush(Brush{Kind: Marker, Color: Palette[16], Size: SizeExtraLarge, Opacity: 1})
	tm := wave(p, 100, 30, 0)
	p.SetBrush(Brush{Kind: Eraser, Size: SizeMedium, Opacity: 1})
	tm = wave(p, 100, -40, tm)
	p.SetBrush(Brush{Kind: Eraser, Size: SizeLarge, Opacity: 0.5})
	p.BeginStroke(160, 10, tm)
	p.StrokeTo(160, 190, tm+300*time.Millisecond)
	p.EndStroke()
	img := p.Canvas().Snapshot()
	assertGolden(t, "eraser", img)
	// the eraser paints exactly the paper colour where it fully covers
	if got := p.Canvas().RGBAAt(24, 100); got != Paper {
		t.Errorf("erased pixel = %v, want paper %v", got, Paper)
	}
}

func TestFillGolden(t *testing.T) {
	p := smallPainter()
	p.SetBrush(Brush{Kind: Ink, Color: Palette[0], Size: SizeSmall, Opacity: 1})
	// a closed loop, drawn slowly
	tm := time.Duration(0)
	for i := 0; i <= 64; i++ {
		a := 2 * math.Pi * float64(i) / 64
		x, y := 160+100*math.Cos(a), 100+70*math.Sin(a)
		p.StrokeTo(x, y, tm)
		tm += 16 * time.Millisecond
	}
	p.EndStroke()
	p.SetBrush(Brush{Kind: Soft, Color: Palette[10], Opacity: 1})
	p.Fill(160, 100, tm) // inside
	p.SetBrush(Brush{Kind: Soft, Color: Palette[17], Opacity: 0.5})
	p.Fill(5, 5, tm+time.Second) // outside, half transparent
	assertGolden(t, "fill", p.Canvas().Snapshot())
	if got, want := p.Canvas().RGBAAt(160, 100), Palette[10]; got != want {
		t.Errorf("inside = %v, want %v", got, want)
	}
	if got := p.Canvas().RGBAAt(160, 100-70); got == Palette[10] {
		t.Errorf("the outline was filled over")
	}
	outside := p.Canvas().RGBAAt(5, 5)
	if outside == Paper || outside == Palette[17] {
		t.Errorf("outside = %v, want a half-way mix of paper and sky", outside)
	}
	// a fill outside the canvas does nothing and logs nothing
	n := p.Log().Len()
	p.Fill(-1, 5, tm+2*time.Second)
	if p.Log().Len() != n {
		t.Errorf("a fill outside the canvas was logged")
	}
}

func TestPaletteHas24OpaqueColours(t *testing.T) {
	seen := map[color.RGBA]bool{}
	for _, c := range Palette {
		if c.A != 0xff || seen[c] {
			t.Errorf("palette colour %v is translucent or repeated", c)
		}
		seen[c] = true
	}
	if len(Palette) != 24 {
		t.Errorf("palette has %d colours, want 24", len(Palette))
	}
}

func ExamplePainter() {
	p := New(Options{Width: 640, Height: 360, Seed: 7})
	p.SetBrush(Brush{Kind: Ink, Color: Palette[16], Size: SizeMedium, Opacity: 1})
	p.BeginStroke(10, 10, 0)
	p.StrokeTo(200, 120, 16*time.Millisecond)
	p.EndStroke()
	fmt.Println(p.Log().Len(), p.CanUndo())
	// Output: 1 true
}
