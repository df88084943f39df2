package gallery

import (
	"reflect"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestBodyRegionsForTheReport: a piece's body map is named region by
// region for the report, in the outline's order; an unknown region is
// left out and no body map is nothing.
func TestBodyRegionsForTheReport(t *testing.T) {
	b := &piece.BodyMap{Cols: 1, Rows: 1, Regions: []piece.BodyRegion{
		{ID: "back.lower-back", Feel: piece.FeelCool}, {ID: "front.tail", Feel: piece.FeelWarm}, {ID: "front.chest", Feel: piece.FeelWarm}}}
	if got, want := bodyRegions(b), []string{"Chest (warm)", "Lower back (cool)"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := bodyRegions(nil); got != nil {
		t.Fatalf("no body map: %q", got)
	}
}
