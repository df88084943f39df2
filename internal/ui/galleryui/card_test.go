package galleryui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestShortTitle: a title too long for a card is cut at a rune with an
// ellipsis and fits; one that fits is kept whole.
func TestShortTitle(t *testing.T) {
	test.NewTempApp(t)
	width := float32(cardWidth - 2*cardPad)
	if got := shortTitle("Lighthouse", width); got != "Lighthouse" {
		t.Errorf("short title changed: %q", got)
	}
	long := strings.Repeat("Ωkeanós and the tide ", 6)
	got := shortTitle(long, width)
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Fatalf("long title: %q, want a prefix of it with an ellipsis", got)
	}
	if w := fyne.MeasureText(got, cardTitleText, fyne.TextStyle{}).Width; w > width {
		t.Errorf("shortened title is %v wide, the card has %v", w, width)
	}
}
