package displaybench

import (
	"image"
	"testing"
)

// TestPrivateDisplayServesItsSize starts a private Xvfb, connects the X
// client to it and reads a corner of its framebuffer.
func TestPrivateDisplayServesItsSize(t *testing.T) {
	display := PrivateDisplay(t, 320, 200)
	c := DialX(t, display)
	r := image.Rect(312, 192, 320, 200)
	px, err := c.Pixels(r)
	if err != nil {
		t.Fatalf("read the corner of a 320x200 screen: %v", err)
	}
	if want := r.Dx() * r.Dy() * 4; len(px) != want {
		t.Fatalf("read %d bytes of an 8x8 corner; want %d", len(px), want)
	}
	if _, err := c.Pixels(image.Rect(316, 196, 324, 204)); err == nil {
		t.Error("read past the edge of a 320x200 screen without an error: the display is not the size asked")
	}
}
