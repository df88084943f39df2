package gallery

import (
	"reflect"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestBodyRegionsForTheReport: a piece's body map is named region by
// region for the report, in the outline's order; an unknown region is
// left out and no body map is nothing. A naming function (the gallery's
// language) names each region from its outline id, English name and feel.
func TestBodyRegionsForTheReport(t *testing.T) {
	b := &piece.BodyMap{Cols: 1, Rows: 1, Regions: []piece.BodyRegion{
		{ID: "back.lower-back", Feel: piece.FeelCool}, {ID: "front.tail", Feel: piece.FeelWarm}, {ID: "front.chest", Feel: piece.FeelWarm}}}
	if got, want := bodyRegions(b, nil), []string{"Chest (warm)", "Lower back (cool)"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	named := func(id, name, feel string) string { return id + "/" + name + "/" + feel }
	if got, want := bodyRegions(b, named), []string{"chest/Chest/warm", "lower-back/Lower back/cool"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("named: got %q, want %q", got, want)
	}
	if got := bodyRegions(nil, named); got != nil {
		t.Fatalf("no body map: %q", got)
	}
}
