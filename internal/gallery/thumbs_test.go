package gallery

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestFitThumbnail: a thumbnail is scaled down to the card's box keeping
// its proportions, never up; a JPEG's YCbCr stays YCbCr (4:2:0 when
// scaled), anything else comes out RGBA; the colours survive.
func TestFitThumbnail(t *testing.T) {
	ycc := image.NewYCbCr(image.Rect(0, 0, 320, 240), image.YCbCrSubsampleRatio444)
	for i := range ycc.Y {
		ycc.Y[i], ycc.Cb[i], ycc.Cr[i] = 120, 90, 170
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 320, 240))
	for i := 0; i < len(nrgba.Pix); i += 4 {
		copy(nrgba.Pix[i:], []uint8{200, 40, 90, 255})
	}
	for _, src := range []image.Image{ycc, nrgba} {
		for _, c := range []struct {
			w, h, wantW, wantH int
		}{
			{204, 140, 187, 140}, // the card at scale 1: height bound
			{160, 400, 160, 120}, // width bound
			{640, 480, 320, 240}, // a larger box: never scaled up
		} {
			img := fitThumbnail(src, c.w, c.h)
			switch img.(type) {
			case *image.YCbCr:
				if src != ycc {
					t.Fatalf("box %d×%d: an RGB image became YCbCr", c.w, c.h)
				}
			case *image.RGBA:
				if src == ycc {
					t.Fatalf("box %d×%d: a YCbCr image became RGBA", c.w, c.h)
				}
			default:
				t.Fatalf("box %d×%d: a %T", c.w, c.h, img)
			}
			if b := img.Bounds(); b.Dx() != c.wantW || b.Dy() != c.wantH {
				t.Fatalf("box %d×%d: %v, want %d×%d", c.w, c.h, b, c.wantW, c.wantH)
			}
			want := color.RGBAModel.Convert(src.At(5, 5)).(color.RGBA)
			got := color.RGBAModel.Convert(img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2)).(color.RGBA)
			if got != want {
				t.Fatalf("box %d×%d: middle %v, want %v", c.w, c.h, got, want)
			}
		}
		if img := fitThumbnail(src, 0, 0); img != src {
			t.Fatal("no box: the thumbnail was changed")
		}
	}
}

// TestScalePlane: the hand-written plane scaler gives exactly what
// x/image/draw's ApproxBiLinear gives on an image.Gray (the thumbnails
// look as before), on noise, shrinking and at odd sizes.

// TestScalePlane: the hand-written plane scaler gives exactly what
// x/image/draw's ApproxBiLinear gives on an image.Gray (the thumbnails
// look as before), on noise, shrinking and at odd sizes.
func TestScalePlane(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ sw, sh, dw, dh int }{
		{320, 240, 187, 140}, {160, 120, 94, 70}, {17, 9, 5, 3}, {3, 3, 3, 3}, {640, 400, 204, 128}, {1, 1, 1, 1},
	} {
		src := image.NewGray(image.Rect(0, 0, c.sw+3, c.sh)) // a stride wider than the plane
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.IntN(256))
		}
		want := image.NewGray(image.Rect(0, 0, c.dw, c.dh))
		view := src.SubImage(image.Rect(0, 0, c.sw, c.sh)).(*image.Gray)
		xdraw.ApproxBiLinear.Scale(want, want.Rect, view, view.Rect, xdraw.Src, nil)
		got := image.NewGray(image.Rect(0, 0, c.dw, c.dh))
		scalePlane(got.Pix, got.Stride, c.dw, c.dh, src.Pix, src.Stride, c.sw, c.sh)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("%d×%d → %d×%d: differs from ApproxBiLinear", c.sw, c.sh, c.dw, c.dh)
		}
	}
}

func BenchmarkFitThumbnail(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 320, 240), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i)
	}
	for b.Loop() {
		fitThumbnail(src, 204, 140)
	}
}

// TestThumbRequestsWhileScrolling: while the grid scrolls one worker
// decodes, and only requests that waited settleFor; a request taken back
// (its card shows another piece) is never decoded; at rest every worker
// takes the newest request.
func TestThumbRequestsWhileScrolling(t *testing.T) {
	c := newThumbCache(10)
	a, b, gone := index.Piece{ID: "a"}, index.Piece{ID: "b"}, index.Piece{ID: "gone"}
	c.request(a)
	c.request(gone)
	c.request(b)
	c.cancel(gone.ID)
	now := time.Now()
	c.scrolled.Store(now.UnixNano())
	if _, ok, wait := c.next(1, now); ok || wait <= 0 || wait > restAfter {
		t.Fatalf("worker 1 while scrolling: took a request or waits %v (want until rest, ≤ %v)", wait, restAfter)
	}
	if _, ok, wait := c.next(0, now); ok || wait <= 0 || wait > settleFor {
		t.Fatalf("worker 0 right after the requests: took one or waits %v (want ≤ %v)", wait, settleFor)
	}
	p, ok, _ := c.next(0, now.Add(settleFor+time.Millisecond))
	if !ok || p.ID != b.ID {
		t.Fatalf("worker 0 once settled: %v %v, want the newest request, b", p.ID, ok)
	}
	// At rest, worker 1 takes what is left; the request taken back is not there.
	p, ok, _ = c.next(1, now.Add(restAfter+time.Millisecond))
	if !ok || p.ID != a.ID {
		t.Fatalf("worker 1 at rest: %v %v, want a", p.ID, ok)
	}
	if p, ok, wait := c.next(0, now.Add(restAfter+time.Millisecond)); ok || wait != 0 {
		t.Fatalf("nothing left, but got %v (wait %v)", p.ID, wait)
	}
	c.request(a)
	c.request(b)
	c.cancelAll()
	if p, ok, _ := c.next(0, now.Add(time.Second)); ok {
		t.Fatalf("every request taken back, but %v decoded", p.ID)
	}
	if len(c.queued) != 0 {
		t.Fatalf("queued after cancelAll: %v", c.queued)
	}
}

// TestThumbMissing: missing says whether any piece has no cached
// thumbnail, and its channel is closed by the next put (a waiter wakes).
func TestThumbMissing(t *testing.T) {
	c := newThumbCache(10)
	a, b := index.Piece{ID: "a"}, index.Piece{ID: "b"}
	c.put(a.ID, nil)
	missing, added := c.missing([]index.Piece{a, b})
	if !missing {
		t.Fatal("b is not cached, but nothing is missing")
	}
	select {
	case <-added:
		t.Fatal("woken before anything was put")
	default:
	}
	c.put(b.ID, image.NewGray(image.Rect(0, 0, 1, 1)))
	select {
	case <-added:
	default:
		t.Fatal("a put did not wake the waiter")
	}
	if missing, _ := c.missing([]index.Piece{a, b}); missing {
		t.Fatal("both cached, still missing")
	}
}

// TestThumbRequestAgainMovesUp: asking again for a queued thumbnail puts
// it on top of the stack (the card on screen now comes first).
func TestThumbRequestAgainMovesUp(t *testing.T) {
	c := newThumbCache(10)
	a, b := index.Piece{ID: "a"}, index.Piece{ID: "b"}
	c.request(a)
	c.request(b)
	c.request(a)
	now := time.Now()
	for _, want := range []piece.ID{a.ID, b.ID} {
		if p, ok, _ := c.next(0, now); !ok || p.ID != want {
			t.Fatalf("next: %v %v, want %v", p.ID, ok, want)
		}
	}
}
