package galleryui

import (
	"image"
	"image/draw"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestBodyMapShown: the patient view sums the body maps of the patient's
// pieces (two of three have one) beside the mood chart; the viewer shows a
// piece's map with its regions by name, and nothing for a piece without
// one (a schema 1 piece among them).
func TestBodyMapShown(t *testing.T) {
	o, err := bodymap.Load()
	if err != nil {
		t.Fatal(err)
	}
	centre := func(side, region string) bodymap.Point { return o.Side(side).Region(region).Centre() }
	a1 := drawn("K7Q4M2X", "v1", day, piece.Drawing, "Lighthouse", "calm")
	a1.MoodCheckIn, a1.MoodCheckOut = &piece.Mood{Pleasantness: 3, Energy: 6}, &piece.Mood{Pleasantness: 6, Energy: 4}
	m := o.NewMap()
	m.TapRegion("front", centre("front", "chest"), bodymap.Warm)
	m.TapRegion("back", centre("back", "lower-back"), bodymap.Cool)
	a1.BodyMap = m.Piece()
	a2 := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour), piece.Drawing, "Tide", "tender")
	m = o.NewMap()
	m.TapRegion("front", centre("front", "chest"), bodymap.Warm)
	m.TapRegion("front", centre("front", "belly"), bodymap.Warm)
	a2.BodyMap = m.Piece()
	old := drawn("K7Q4M2X", "v2", day.Add(7*24*time.Hour+time.Hour), piece.Drawing, "Before body maps")
	old.Schema = 1
	var entries []index.Entry
	for _, p := range []*piece.Manifest{a1, a2, old} {
		entries = append(entries, index.Entry{Manifest: p, Provenance: index.Verified})
	}
	u := unlockFixed(t, entries, nil, 3)
	u.inUI(func() {
		b := u.browse.view.body
		if !b.content.Visible() || b.caption.Text != "Where it was felt, over 2 pieces" {
			t.Fatalf("patient body map visible %v, caption %q", b.content.Visible(), b.caption.Text)
		}
		test.AssertImageMatches(t, "patient-bodymap.png", u.win.Canvas().Capture())
		u.browse.openViewer(a1.ID)
	})
	// The drawing (none in this index) has been looked for: the picture
	// holds still for the capture.
	waitFor(t, u, "the viewer", true, func() bool {
		return u.browse.viewer != nil && u.browse.viewer.note.Text == tr("gallery.piece.nopicture")
	})
	u.inUI(func() {
		b := u.browse.viewer.body
		if !b.content.Visible() {
			t.Fatal("the viewer shows no body map")
		}
		if got := b.regions.Text; got != "Chest (warm), Lower back (cool)" {
			t.Errorf("regions %q", got)
		}
		shot := image.NewNRGBA(image.Rect(0, 0, 1366, 690))
		draw.Draw(shot, shot.Rect, u.win.Canvas().Capture(), image.Point{}, draw.Src)
		test.AssertImageMatches(t, "viewer-bodymap.png", shot)
		u.browse.openViewer(old.ID)
	})
	waitFor(t, u, "the schema 1 piece in the viewer", true, func() bool {
		v := u.browse.viewer
		return v != nil && v.pieces[v.at].ID == old.ID
	})
	u.inUI(func() {
		if u.browse.viewer.body.content.Visible() {
			t.Error("a piece without a body map shows one")
		}
	})
	if strings.Contains(texts(u), "Chest (warm)") {
		t.Error("the last piece's regions are still shown")
	}
}
