package bodymap

import (
	"fmt"
	"math"
	"regexp"
	"sync"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Point is a place on a side's box, normalised: X from 0 (left) to 1
// (right), Y from 0 (top) to 1 (bottom).
type Point struct{ X, Y float64 }

// Region is a named part of the body on one side, made of one or more
// polygons (both shoulders are one region).
type Region struct {
	ID       string
	Name     string // English; translated under "body.region.<ID>"
	Polygons [][]Point
}

// Side is the front or the back view.
type Side struct {
	ID      string // "front" or "back"
	Name    string // English; translated under "body.side.<ID>"
	Regions []Region
}

// Outline is the body map's drawing and its mask grid.
type Outline struct {
	// Aspect is a side's box width divided by its height.
	Aspect float64
	// Cols and Rows are the mask grid laid over each side's box.
	Cols, Rows int
	Sides      []Side
}

// Limits on an outline file.
const (
	MaxOutlineSize = 1 << 20
	maxRegions     = 64
	maxPolygons    = 8
	maxPoints      = 512
)

var idRE = regexp.MustCompile(`^[a-z][a-z-]{0,31}$`)

type outlineFile struct {
	Schema int     `json:"schema"`
	Aspect float64 `json:"aspect"`
	Cols   int     `json:"cols"`
	Rows   int     `json:"rows"`
	Sides  []struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Regions []struct {
			ID       string      `json:"id"`
			Name     string      `json:"name"`
			Polygons [][]float64 `json:"polygons"`
		} `json:"regions"`
	} `json:"sides"`
}

// Parse reads an outline file ({"schema":1,"aspect","cols","rows",
// "sides":[{"id","name","regions":[{"id","name","polygons":[[x,y,…]]}]}]}).
// It needs a front and a back side, each with at least one region, ids
// of lower-case words joined by '-', and every coordinate in 0..1.
func Parse(data []byte) (*Outline, error) {
	if len(data) > MaxOutlineSize {
		return nil, fmt.Errorf("bodymap: parse outline: %d bytes, at most %d allowed", len(data), MaxOutlineSize)
	}
	var f outlineFile
	if err := strictjson.Decode(data, &f); err != nil {
		return nil, fmt.Errorf("bodymap: parse outline: %w", err)
	}
	bad := func(format string, args ...any) (*Outline, error) {
		return nil, fmt.Errorf("bodymap: parse outline: "+format, args...)
	}
	if f.Schema != 1 {
		return bad("schema %d is not supported (want 1)", f.Schema)
	}
	if !(f.Aspect >= 0.1 && f.Aspect <= 10) {
		return bad("aspect must be between 0.1 and 10")
	}
	if f.Cols < 1 || f.Cols > 64 || f.Rows < 1 || f.Rows > 64 {
		return bad("cols and rows must be 1..64")
	}
	if len(f.Sides) != 2 || f.Sides[0].ID != "front" || f.Sides[1].ID != "back" {
		return bad("want two sides, front then back")
	}
	o := &Outline{Aspect: f.Aspect, Cols: f.Cols, Rows: f.Rows}
	for _, fs := range f.Sides {
		s := Side{ID: fs.ID, Name: fs.Name}
		if len(fs.Regions) == 0 || len(fs.Regions) > maxRegions {
			return bad("side %s: 1..%d regions", fs.ID, maxRegions)
		}
		seen := map[string]bool{}
		for _, fr := range fs.Regions {
			if !idRE.MatchString(fr.ID) {
				return bad("side %s: region id %q must be lower-case words joined by '-'", fs.ID, fr.ID)
			}
			if seen[fr.ID] {
				return bad("side %s: region %s twice", fs.ID, fr.ID)
			}
			seen[fr.ID] = true
			if fr.Name == "" || len(fr.Name) > 64 {
				return bad("side %s: region %s needs a name of at most 64 bytes", fs.ID, fr.ID)
			}
			if len(fr.Polygons) == 0 || len(fr.Polygons) > maxPolygons {
				return bad("side %s: region %s: 1..%d polygons", fs.ID, fr.ID, maxPolygons)
			}
			r := Region{ID: fr.ID, Name: fr.Name}
			for _, flat := range fr.Polygons {
				if len(flat)%2 != 0 || len(flat) < 6 || len(flat) > 2*maxPoints {
					return bad("side %s: region %s: a polygon needs 3..%d x,y pairs", fs.ID, fr.ID, maxPoints)
				}
				poly := make([]Point, len(flat)/2)
				for i := range poly {
					x, y := flat[2*i], flat[2*i+1]
					if !(x >= 0 && x <= 1 && y >= 0 && y <= 1) {
						return bad("side %s: region %s: coordinates must be in 0..1", fs.ID, fr.ID)
					}
					poly[i] = Point{x, y}
				}
				r.Polygons = append(r.Polygons, poly)
			}
			s.Regions = append(s.Regions, r)
		}
		o.Sides = append(o.Sides, s)
	}
	return o, nil
}

var (
	loadOnce sync.Once
	loaded   *Outline
	loadErr  error
)

// Load returns the outline in assets/body/outline.json (parsed once).
func Load() (*Outline, error) {
	loadOnce.Do(func() {
		data, err := assets.Body.ReadFile("body/outline.json")
		if err != nil {
			loadErr = fmt.Errorf("bodymap: load outline: %w", err)
			return
		}
		loaded, loadErr = Parse(data)
	})
	return loaded, loadErr
}

// Side returns the side with the given id, or nil.
func (o *Outline) Side(id string) *Side {
	for i := range o.Sides {
		if o.Sides[i].ID == id {
			return &o.Sides[i]
		}
	}
	return nil
}

// RegionAt returns the region under p, or nil outside the body. Where
// regions overlap, the one listed first wins.
func (s *Side) RegionAt(p Point) *Region {
	for i := range s.Regions {
		for _, poly := range s.Regions[i].Polygons {
			if inside(poly, p) {
				return &s.Regions[i]
			}
		}
	}
	return nil
}

// Region returns the region with the given id, or nil.
func (s *Side) Region(id string) *Region {
	for i := range s.Regions {
		if s.Regions[i].ID == id {
			return &s.Regions[i]
		}
	}
	return nil
}

// Centre is a point well inside the region (its largest polygon's centre
// of area; the centre of its points when that falls outside).
func (r *Region) Centre() Point {
	best, area := r.Polygons[0], 0.0
	for _, poly := range r.Polygons {
		if a := math.Abs(signedArea(poly)); a > area {
			best, area = poly, a
		}
	}
	var cx, cy, a float64
	for i := range best {
		p, q := best[i], best[(i+1)%len(best)]
		c := p.X*q.Y - q.X*p.Y
		a += c
		cx += (p.X + q.X) * c
		cy += (p.Y + q.Y) * c
	}
	if a != 0 {
		if c := (Point{cx / (3 * a), cy / (3 * a)}); inside(best, c) {
			return c
		}
	}
	var m Point
	for _, p := range best {
		m.X += p.X / float64(len(best))
		m.Y += p.Y / float64(len(best))
	}
	return m
}

func signedArea(poly []Point) float64 {
	a := 0.0
	for i := range poly {
		p, q := poly[i], poly[(i+1)%len(poly)]
		a += p.X*q.Y - q.X*p.Y
	}
	return a / 2
}

// inside reports whether p is inside poly (even-odd rule).
func inside(poly []Point, p Point) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// Cell returns the mask cell under p; ok is false outside the box.
func (o *Outline) Cell(p Point) (col, row int, ok bool) {
	if !(p.X >= 0 && p.X < 1 && p.Y >= 0 && p.Y < 1) {
		return 0, 0, false
	}
	return int(p.X * float64(o.Cols)), int(p.Y * float64(o.Rows)), true
}

// CellCentre is the centre of a mask cell.
func (o *Outline) CellCentre(col, row int) Point {
	return Point{(float64(col) + 0.5) / float64(o.Cols), (float64(row) + 0.5) / float64(o.Rows)}
}

// Bounds is the smallest box around every region of the side.
func (s *Side) Bounds() (min, max Point) {
	min, max = Point{1, 1}, Point{0, 0}
	for _, r := range s.Regions {
		for _, poly := range r.Polygons {
			for _, p := range poly {
				min.X, min.Y = math.Min(min.X, p.X), math.Min(min.Y, p.Y)
				max.X, max.Y = math.Max(max.X, p.X), math.Max(max.Y, p.Y)
			}
		}
	}
	return min, max
}
