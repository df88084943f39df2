package takehome

import (
	"errors"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
)

// FuzzFileHeaders: no picture or sound start makes the header checks
// panic; a picture they accept is within a drawing's size, a sound has a
// length that is not negative, and what they refuse is refused with the
// package's error.
func FuzzFileHeaders(f *testing.F) {
	f.Add(testPNG(f, 4, 3)[:26])
	f.Add(testFLAC(f, 0.1)[:26])
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xff\xff\xff\xff\x00\x00\x00\x01xx"))
	f.Add([]byte("fLaC\x00\x00\x00\x22\x10\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	// 1 Hz and 2^36-1 samples: a length that overflows time.Duration.
	f.Add([]byte("fLaC\x00\x00\x00\x22\x10\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x0f\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, head []byte) {
		if w, h, err := pngSize(head); err == nil {
			if w <= 0 || h <= 0 || int64(w)*int64(h) > media.DrawingPixels {
				t.Fatalf("accepted a %d×%d picture", w, h)
			}
		} else if !errors.Is(err, ErrNotPNG) {
			t.Fatalf("picture refused with %v", err)
		}
		if d, err := flacLength(head); err == nil {
			if d < 0 || d > 24*time.Hour {
				t.Fatalf("accepted a sound of %v", d)
			}
		} else if !errors.Is(err, ErrNotFLAC) {
			t.Fatalf("sound refused with %v", err)
		}
	})
}
