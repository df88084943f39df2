package galleryui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
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

// TestFirstScreen: the pieces a grid shows before it is scrolled, row by
// row under each visit's heading; at least the first row.
func TestFirstScreen(t *testing.T) {
	ps := func(n int) []index.Piece {
		out := make([]index.Piece, n)
		for i := range out {
			out[i].ID = piece.ID(fmt.Sprint(i))
		}
		return out
	}
	visits := []index.Visit{{Pieces: ps(6)}, {Pieces: ps(9)}}
	for _, c := range []struct {
		height float32
		want   int
	}{
		{0, 4},                                      // not laid out yet: the first row
		{visitRowHight + 10, 4},                     // the first row, partly
		{visitRowHight + cardHeight() + 10, 6},      // and the visit's second row
		{2*visitRowHight + 2*cardHeight() + 10, 10}, // and the next visit's first row
		{10000, 15},
	} {
		if got := firstScreen(visits, 4, c.height); len(got) != c.want {
			t.Errorf("height %v: %d pieces, want %d", c.height, len(got), c.want)
		}
	}
}
