package tagging

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// toBodyStep taps a feeling and one word, then "Where I feel it".
func toBodyStep(t *testing.T, f *Flow, w fyne.Window, size fyne.Size) {
	t.Helper()
	g := f.grid.Size()
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.75, g.Height*0.8))
	w.Resize(size)
	tapCentre(f.chips[0])
	test.Tap(f.bodyButton)
	if f.Step() != StepBody {
		t.Fatalf("step %d after \"Where I feel it\", want the body step", f.Step())
	}
	w.Resize(size)
	if len(f.BodyViews()) != 2 {
		t.Fatalf("%d body views, want front and back", len(f.BodyViews()))
	}
}

// tapRegion taps the middle of a region on one side, as a finger would.
func tapRegion(t *testing.T, v *BodyView, region string) {
	t.Helper()
	o, err := bodymap.Load()
	if err != nil {
		t.Fatal(err)
	}
	test.TapAt(v, v.PosOf(o.Side(v.side).Region(region).Centre()))
}

// TestBodyMapIntoSealedManifest taps the chest warm and the lower back
// cool, paints down the belly and undoes it, goes on and finishes: the
// regions and their masks are in the sealed manifest, as schema 2.
func TestBodyMapIntoSealedManifest(t *testing.T) {
	newApp(t)
	size := fyne.NewSize(1280, 800)
	var results []Result
	touches := 0
	f := New(vocab(t), Options{OnDone: func(r Result) { results = append(results, r) }, OnActivity: func() { touches++ }})
	w := show(t, f, size)
	toBodyStep(t, f, w, size)
	front, back := f.BodyViews()[0], f.BodyViews()[1]
	tapRegion(t, front, "chest")
	test.Tap(f.body.cool)
	tapRegion(t, back, "lower-back")
	// Beside the body: nothing.
	test.TapAt(front, fyne.NewPos(2, 2))
	if got := f.body.marked.Text; got != "Chest · Lower back" {
		t.Errorf("marked: %q, want Chest · Lower back", got)
	}
	// A finger drawn down the belly, then undone.
	o, _ := bodymap.Load()
	belly := front.PosOf(o.Side("front").Region("belly").Centre())
	before := touches
	for dy := float32(-20); dy <= 20; dy += 4 {
		front.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: belly.AddXY(0, dy)}, Dragged: fyne.NewDelta(0, 4)})
	}
	front.DragEnd()
	if touches <= before {
		t.Error("painting did not count as activity")
	}
	if f.body.m.RegionFeel("front.belly") != bodymap.Cool {
		t.Fatal("painting the belly did not mark it")
	}
	test.Tap(f.body.undoB)
	if f.body.m.RegionFeel("front.belly") != bodymap.None || f.body.m.RegionFeel("back.lower-back") != bodymap.Cool {
		t.Fatal("undo did not take back just the painting")
	}
	test.Tap(f.next)
	if f.Step() != StepStory {
		t.Fatalf("step %d after Next, want the story step", f.Step())
	}
	test.Tap(f.done)
	if len(results) != 1 {
		t.Fatalf("%d results", len(results))
	}

	started := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	m := piece.New(piece.Drawing, "kiosk-1", "P-7Q2K", started)
	m.Finished = started.Add(time.Minute)
	results[0].Apply(m)
	got := sealAndOpen(t, m, "front.chest")
	if got.Schema != 2 || got.BodyMap == nil {
		t.Fatalf("schema %d, body map %+v", got.Schema, got.BodyMap)
	}
	want := []piece.BodyRegion{{ID: "front.chest", Feel: "warm"}, {ID: "back.lower-back", Feel: "cool"}}
	if len(got.BodyMap.Regions) != 2 || got.BodyMap.Regions[0] != want[0] || got.BodyMap.Regions[1] != want[1] {
		t.Fatalf("regions %+v, want %+v", got.BodyMap.Regions, want)
	}
	mp, err := o.FromPiece(got.BodyMap)
	if err != nil {
		t.Fatal(err)
	}
	col, row, _ := o.Cell(o.Side("front").Region("chest").Centre())
	if mp.Cell("front", col, row) != bodymap.Warm {
		t.Error("the chest's cells are not warm in the stored mask")
	}
}

// TestBodyStepOptional: the words step's Done still finishes at once
// (the tap budget), Skip on the body step stores nothing, and Clear
// leaves nothing to store.
func TestBodyStepOptional(t *testing.T) {
	newApp(t)
	size := fyne.NewSize(1280, 800)
	var results []Result
	f := New(vocab(t), Options{OnDone: func(r Result) { results = append(results, r) }})
	w := show(t, f, size)
	g := f.grid.Size()
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.75, g.Height*0.8))
	test.Tap(f.done)
	if f.Step() != StepDone || len(results) != 1 || results[0].BodyMap != nil {
		t.Fatalf("words Done: step %d, %d results", f.Step(), len(results))
	}

	for _, leave := range []string{"skip", "clear"} {
		results = nil
		f = New(vocab(t), Options{OnDone: func(r Result) { results = append(results, r) }})
		w.SetContent(f)
		w.Resize(size)
		toBodyStep(t, f, w, size)
		tapRegion(t, f.BodyViews()[0], "hands")
		if leave == "skip" {
			test.Tap(f.skip)
		} else {
			test.Tap(f.body.clear)
			test.Tap(f.next)
		}
		if f.Step() != StepStory {
			t.Fatalf("%s: step %d, want story", leave, f.Step())
		}
		test.Tap(f.skip)
		if len(results) != 1 || results[0].BodyMap != nil {
			t.Fatalf("%s: %d results, body map %+v", leave, len(results), results)
		}
		m := piece.New(piece.Drawing, "kiosk-1", "P-7Q2K", time.Unix(1, 0))
		m.Schema = 1 // a draft from before schema 2 stays schema 1 without a map
		results[0].Apply(m)
		if m.Schema != 1 {
			t.Errorf("%s: schema raised to %d without a body map", leave, m.Schema)
		}
	}
}

// TestBodyStepGolden: the body step with the chest warm and the lower back
// cool, at both kiosk sizes; and it fits the kiosk's content area with
// every target large enough for a finger.
func TestBodyStepGolden(t *testing.T) {
	for _, sz := range screenSizes {
		t.Run(sz.name, func(t *testing.T) {
			newApp(t)
			f := New(vocab(t), Options{})
			w := show(t, f, sz.size)
			toBodyStep(t, f, w, sz.size)
			tapRegion(t, f.BodyViews()[0], "chest")
			test.Tap(f.body.cool)
			tapRegion(t, f.BodyViews()[1], "lower-back")
			test.AssertImageMatches(t, "body_"+sz.name+".png", w.Canvas().Capture())
		})
	}
}
