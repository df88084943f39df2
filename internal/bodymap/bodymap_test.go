package bodymap

import (
	"encoding/json"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

func outline(t testing.TB) *Outline {
	t.Helper()
	o, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOutline: the shipped outline has the regions the practice asks for
// on each side, every region is found at its own centre, and nothing is
// found outside the body.
func TestOutline(t *testing.T) {
	o := outline(t)
	want := map[string][]string{
		"front": {"head", "face", "neck", "chest", "belly", "pelvis", "shoulders", "upper-arms", "lower-arms", "hands", "thighs", "lower-legs", "feet"},
		"back":  {"head", "neck", "upper-back", "lower-back", "hips", "shoulders", "upper-arms", "lower-arms", "hands", "thighs", "lower-legs", "feet"},
	}
	for side, ids := range want {
		s := o.Side(side)
		if s == nil {
			t.Fatalf("no %s side", side)
		}
		for _, id := range ids {
			r := s.Region(id)
			if r == nil {
				t.Errorf("%s: no region %s", side, id)
				continue
			}
			if got := s.RegionAt(r.Centre()); got != r {
				t.Errorf("%s: the centre of %s %v is in %v", side, id, r.Centre(), got)
			}
			cells := 0
			for row := 0; row < o.Rows; row++ {
				for col := 0; col < o.Cols; col++ {
					if s.RegionAt(o.CellCentre(col, row)) == r {
						cells++
					}
				}
			}
			if cells == 0 {
				t.Errorf("%s: region %s has no mask cell", side, id)
			}
		}
		for _, p := range []Point{{0.02, 0.02}, {0.98, 0.5}, {0.5, 0.999}, {0.5, 0.6}} {
			if r := s.RegionAt(p); r != nil {
				t.Errorf("%s: %v outside the body is in %s", side, p, r.ID)
			}
		}
	}
	if r := o.Side("front").RegionAt(Point{0.5, 0.25}); r == nil || r.ID != "chest" {
		t.Errorf("the middle of the front's chest is in %v", r)
	}
	if r := o.Side("back").RegionAt(Point{0.5, 0.38}); r == nil || r.ID != "lower-back" {
		t.Errorf("the back's lower back is in %v", r)
	}
}

// TestEnglishNames: every side and region carries its English name under
// "body.side.<id>" and "body.region.<id>" in emotion.en.json, the file the
// tagging screens and the gallery translate from; the same id has the
// same name on both sides.
func TestEnglishNames(t *testing.T) {
	o := outline(t)
	data, err := assets.EmotionText.ReadFile("i18n/emotion.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]string
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, s := range o.Sides {
		if got := en["body.side."+s.ID]; got != s.Name {
			t.Errorf("body.side.%s is %q, the outline says %q", s.ID, got, s.Name)
		}
		for _, r := range s.Regions {
			ids[r.ID] = true
			if got := en["body.region."+r.ID]; got != r.Name {
				t.Errorf("body.region.%s is %q, the outline says %q", r.ID, got, r.Name)
			}
		}
	}
	for k := range en {
		if id, ok := strings.CutPrefix(k, "body.region."); ok && !ids[id] {
			t.Errorf("%s: no such region in the outline", k)
		}
	}
}

// TestMapIntoManifest: taps and painting end up as regions and masks that
// a schema 2 manifest accepts and that read back the same.
func TestMapIntoManifest(t *testing.T) {
	o := outline(t)
	m := o.NewMap()
	if m.Piece() != nil {
		t.Fatal("an empty map is not nil in the manifest")
	}
	chest := o.Side("front").Region("chest").Centre()
	if id := m.TapRegion("front", chest, Warm); id != "front.chest" {
		t.Fatalf("tap on the chest: %q", id)
	}
	if id := m.TapRegion("back", o.Side("back").Region("lower-back").Centre(), Cool); id != "back.lower-back" {
		t.Fatalf("tap on the lower back: %q", id)
	}
	if id := m.TapRegion("front", Point{0.02, 0.02}, Warm); id != "" {
		t.Fatalf("tap beside the body: %q", id)
	}
	undo := m.Clone()
	// A finger drawn down the belly.
	belly := o.Side("front").Region("belly").Centre()
	for y := belly.Y - 0.03; y <= belly.Y+0.03; y += 0.005 {
		m.Paint("front", Point{belly.X, y}, Warm)
	}
	if m.Paint("front", Point{0.01, 0.5}, Warm) {
		t.Error("painting beside the body changed the map")
	}
	b := m.Piece()
	want := []piece.BodyRegion{{ID: "front.chest", Feel: "warm"}, {ID: "front.belly", Feel: "warm"}, {ID: "back.lower-back", Feel: "cool"}}
	if len(b.Regions) != len(want) {
		t.Fatalf("regions %+v, want %+v", b.Regions, want)
	}
	for i := range want {
		if b.Regions[i] != want[i] {
			t.Fatalf("regions %+v, want %+v", b.Regions, want)
		}
	}
	if !strings.Contains(b.Front, "w") || !strings.Contains(b.Back, "c") || strings.Contains(b.Front, "c") {
		t.Fatalf("masks front %q back %q", b.Front, b.Back)
	}
	if len(undo.Regions()) != 2 {
		t.Fatalf("the clone changed with the map: %+v", undo.Regions())
	}
	// Tapping a marked region with its feel clears it.
	m.TapRegion("front", chest, Warm)
	if m.RegionFeel("front.chest") != None {
		t.Fatal("a second warm tap did not clear the chest")
	}
	col, row, _ := o.Cell(chest)
	if m.Cell("front", col, row) != None {
		t.Fatal("the chest's cells stayed marked")
	}

	// Into a manifest and back.
	mf := piece.New(piece.Drawing, "kiosk-1", "K7Q4M2X", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	mf.Finished = mf.Started.Add(time.Minute)
	mf.BodyMap = b
	enc, err := mf.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := piece.Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := o.FromPiece(back.BodyMap)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Piece(); got.Front != b.Front || got.Back != b.Back || len(got.Regions) != 3 {
		t.Fatalf("read back %+v, want %+v", got, b)
	}
}

// TestFromPieceResamples: a mask of another grid size is read onto the
// outline's grid; unknown regions are left out; a broken mask is refused.
func TestFromPieceResamples(t *testing.T) {
	o := outline(t)
	m, err := o.FromPiece(&piece.BodyMap{Cols: 2, Rows: 1, Front: "w.", Regions: []piece.BodyRegion{{ID: "front.tail", Feel: "warm"}, {ID: "front.feet", Feel: "cool"}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Cell("front", 0, 0) != Warm || m.Cell("front", o.Cols-1, o.Rows-1) != None {
		t.Error("the left half was not read as warm")
	}
	if r := m.Regions(); len(r) != 1 || r[0].ID != "front.feet" {
		t.Errorf("regions %+v", r)
	}
	if _, err := o.FromPiece(&piece.BodyMap{Cols: 2, Rows: 1, Front: "w"}); err == nil {
		t.Error("a short mask was read")
	}
	if _, err := o.FromPiece(&piece.BodyMap{Cols: 1, Rows: 1, Back: "x"}); err == nil {
		t.Error("a bad cell was read")
	}
}

// TestSum: maps of several pieces add up per cell and per region;
// missing and broken maps add nothing.
func TestSum(t *testing.T) {
	o := outline(t)
	chest := o.Side("front").Region("chest").Centre()
	s := o.NewSum()
	for i := 0; i < 3; i++ {
		m := o.NewMap()
		m.TapRegion("front", chest, Warm)
		if i == 2 {
			m.TapRegion("back", o.Side("back").Region("feet").Centre(), Cool)
		}
		if !s.Add(m.Piece()) {
			t.Fatal("a map was not added")
		}
	}
	if s.Add(nil) || s.Add(&piece.BodyMap{Cols: 3, Rows: 3, Front: "w"}) {
		t.Fatal("nothing, or a broken map, was added")
	}
	col, row, _ := o.Cell(chest)
	if w, c := s.Cell("front", col, row); w != 3 || c != 0 {
		t.Errorf("chest cell: %d warm %d cool, want 3 0", w, c)
	}
	if w, c := s.Region("back.feet"); w != 0 || c != 1 {
		t.Errorf("back feet: %d warm %d cool, want 0 1", w, c)
	}
	if s.Maps != 3 || s.Max() != 3 {
		t.Errorf("maps %d max %d, want 3 3", s.Maps, s.Max())
	}
	if w, _ := s.Heat("front")(col, row); w != 1 {
		t.Errorf("chest heat %v, want 1", w)
	}
}

var style = Style{
	Body: color.NRGBA{0xf2, 0xea, 0xdc, 0xff}, Line: color.NRGBA{0x55, 0x50, 0x48, 0xff},
	Warm: color.NRGBA{0xd0, 0x4a, 0x2a, 0xff}, Cool: color.NRGBA{0x2a, 0x6a, 0xd0, 0xff},
}

// TestDraw: the body is filled, a marked region shows its feel's colour,
// and nothing outside the rectangle is touched; at a larger size the same
// places are drawn (vector, not scaled pixels).
func TestDraw(t *testing.T) {
	o := outline(t)
	m := o.NewMap()
	m.TapRegion("front", o.Side("front").Region("chest").Centre(), Warm)
	m.TapRegion("front", o.Side("front").Region("feet").Centre(), Cool)
	for _, size := range []image.Point{{200, 400}, {600, 1200}} {
		dst := image.NewRGBA(image.Rect(0, 0, size.X+40, size.Y))
		r := image.Rect(20, 0, 20+size.X, size.Y)
		o.Draw(dst, r, "front", m.Heat("front"), style)
		bx, by, bw, bh := o.Fit(float64(size.X), float64(size.Y))
		px := func(p Point) color.RGBA {
			return dst.RGBAAt(r.Min.X+int(bx+p.X*bw), r.Min.Y+int(by+p.Y*bh))
		}
		if c := px(o.Side("front").Region("chest").Centre()); !(c.R > c.B+60) {
			t.Errorf("%v: the warm chest is %v", size, c)
		}
		if c := px(o.Side("front").Region("feet").Centre()); !(c.B > c.R+60) {
			t.Errorf("%v: the cool feet are %v", size, c)
		}
		if c := px(o.Side("front").Region("belly").Centre()); c != (color.RGBA{0xf2, 0xea, 0xdc, 0xff}) {
			t.Errorf("%v: the unmarked belly is %v, want the body colour", size, c)
		}
		if c := px(Point{0.03, 0.5}); c.A != 0 {
			t.Errorf("%v: beside the body is %v, want untouched", size, c)
		}
		for y := 0; y < size.Y; y++ {
			if dst.RGBAAt(5, y).A != 0 || dst.RGBAAt(size.X+30, y).A != 0 {
				t.Fatalf("%v: drawn outside its rectangle", size)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	data, err := assets.Body.ReadFile("body/outline.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"schema":1,"aspect":0.5,"cols":2,"rows":2,"sides":[{"id":"front","name":"F","regions":[{"id":"a","name":"A","polygons":[[0,0,1,0,0,1]]}]},{"id":"back","name":"B","regions":[{"id":"a","name":"A","polygons":[[0,0,1,0,1,1,0,1]]}]}]}`))
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse(data)
		if err != nil {
			return
		}
		// Whatever parses can be hit-tested, marked, stored and drawn.
		m := o.NewMap()
		for _, s := range o.Sides {
			for _, r := range s.Regions {
				m.TapRegion(s.ID, r.Centre(), Warm)
				m.Paint(s.ID, Point{0.5, 0.5}, Cool)
			}
		}
		b := m.Piece()
		if b != nil {
			mf := piece.New(piece.Drawing, "k", "P", time.Unix(1, 0))
			mf.Finished = mf.Started
			mf.BodyMap = b
			if err := mf.Validate(); err != nil {
				t.Fatalf("a map on a parsed outline is not a valid manifest body map: %v", err)
			}
		}
		dst := image.NewRGBA(image.Rect(0, 0, 40, 60))
		o.Draw(dst, dst.Bounds(), "back", m.Heat("back"), style)
	})
}

func FuzzFromPiece(f *testing.F) {
	f.Add(2, 1, "w.", "", "front.chest", "warm")
	f.Add(16, 40, strings.Repeat("c", 640), strings.Repeat(".", 640), "back.feet", "cool")
	f.Add(0, 0, "", "x", "", "")
	f.Fuzz(func(t *testing.T, cols, rows int, front, back, id, feel string) {
		o, err := Load()
		if err != nil {
			t.Fatal(err)
		}
		b := &piece.BodyMap{Cols: cols, Rows: rows, Front: front, Back: back, Regions: []piece.BodyRegion{{ID: id, Feel: feel}}}
		m, err := o.FromPiece(b)
		if err != nil {
			return
		}
		s := o.NewSum()
		s.Add(b)
		if p := m.Piece(); p != nil && (p.Cols != o.Cols || p.Rows != o.Rows) {
			t.Fatalf("read onto the outline's grid, written as %d×%d", p.Cols, p.Rows)
		}
	})
}
