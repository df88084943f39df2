package bodymap

import (
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Feel is how a cell or region feels.
type Feel uint8

// The feels.
const (
	None Feel = iota
	Warm      // activation
	Cool      // deactivation
)

func (f Feel) String() string {
	switch f {
	case Warm:
		return piece.FeelWarm
	case Cool:
		return piece.FeelCool
	}
	return ""
}

func (f Feel) cell() byte {
	switch f {
	case Warm:
		return piece.MaskWarm
	case Cool:
		return piece.MaskCool
	}
	return piece.MaskNone
}

// Map is what one patient marked on the outline for one piece: a mask
// per side and the regions marked, each with its feel.
type Map struct {
	o       *Outline
	masks   [][]Feel        // per side, row by row
	regions map[string]Feel // "front.chest" → feel
}

// NewMap returns an empty map on o.
func (o *Outline) NewMap() *Map {
	m := &Map{o: o, regions: map[string]Feel{}}
	for range o.Sides {
		m.masks = append(m.masks, make([]Feel, o.Cols*o.Rows))
	}
	return m
}

// Clone returns a copy of m (for undo).
func (m *Map) Clone() *Map {
	c := &Map{o: m.o, regions: make(map[string]Feel, len(m.regions))}
	for _, mask := range m.masks {
		c.masks = append(c.masks, append([]Feel(nil), mask...))
	}
	for k, v := range m.regions {
		c.regions[k] = v
	}
	return c
}

// Empty reports whether nothing is marked.
func (m *Map) Empty() bool {
	if len(m.regions) > 0 {
		return false
	}
	for _, mask := range m.masks {
		for _, f := range mask {
			if f != None {
				return false
			}
		}
	}
	return true
}

func (m *Map) sideIndex(side string) int {
	for i := range m.o.Sides {
		if m.o.Sides[i].ID == side {
			return i
		}
	}
	return -1
}

// Cell returns a mask cell's feel.
func (m *Map) Cell(side string, col, row int) Feel {
	i := m.sideIndex(side)
	if i < 0 || col < 0 || col >= m.o.Cols || row < 0 || row >= m.o.Rows {
		return None
	}
	return m.masks[i][row*m.o.Cols+col]
}

// RegionFeel returns how a region ("front.chest") is marked.
func (m *Map) RegionFeel(id string) Feel { return m.regions[id] }

// TapRegion marks the region under p, and every cell whose centre is in
// it, with f; a region already marked with f is cleared instead. It
// returns the region's id ("front.chest"), or "" when p is outside the
// body.
func (m *Map) TapRegion(side string, p Point, f Feel) string {
	i := m.sideIndex(side)
	if i < 0 {
		return ""
	}
	s := &m.o.Sides[i]
	r := s.RegionAt(p)
	if r == nil {
		return ""
	}
	id := side + "." + r.ID
	set := f
	if m.regions[id] == f {
		set = None
		delete(m.regions, id)
	} else {
		m.regions[id] = f
	}
	for row := 0; row < m.o.Rows; row++ {
		for col := 0; col < m.o.Cols; col++ {
			if s.RegionAt(m.o.CellCentre(col, row)) == r {
				m.masks[i][row*m.o.Cols+col] = set
			}
		}
	}
	return id
}

// Paint marks the cell under p with f (a finger drawn over the body), and
// its region when the region is not marked yet. It reports whether
// anything changed; outside the body nothing is.
func (m *Map) Paint(side string, p Point, f Feel) bool {
	i := m.sideIndex(side)
	col, row, ok := m.o.Cell(p)
	if i < 0 || !ok {
		return false
	}
	s := &m.o.Sides[i]
	r := s.RegionAt(p)
	if r == nil {
		r = s.RegionAt(m.o.CellCentre(col, row))
	}
	if r == nil {
		return false
	}
	changed := false
	if at := row*m.o.Cols + col; m.masks[i][at] != f {
		m.masks[i][at] = f
		changed = true
	}
	if id := side + "." + r.ID; m.regions[id] == None {
		m.regions[id] = f
		changed = true
	}
	return changed
}

// Regions lists the marked regions in the outline's order, front first.
func (m *Map) Regions() []piece.BodyRegion {
	var out []piece.BodyRegion
	for _, s := range m.o.Sides {
		for _, r := range s.Regions {
			if f := m.regions[s.ID+"."+r.ID]; f != None {
				out = append(out, piece.BodyRegion{ID: s.ID + "." + r.ID, Feel: f.String()})
			}
		}
	}
	return out
}

// Piece is the map as the manifest keeps it; nil when nothing is marked.
func (m *Map) Piece() *piece.BodyMap {
	if m.Empty() {
		return nil
	}
	b := &piece.BodyMap{Regions: m.Regions(), Cols: m.o.Cols, Rows: m.o.Rows}
	for i, s := range m.o.Sides {
		text := maskText(m.masks[i])
		switch s.ID {
		case "front":
			b.Front = text
		case "back":
			b.Back = text
		}
	}
	return b
}

// maskText is a mask as the manifest keeps it; "" when nothing is marked.
func maskText(mask []Feel) string {
	out := make([]byte, len(mask))
	any := false
	for i, f := range mask {
		out[i] = f.cell()
		any = any || f != None
	}
	if !any {
		return ""
	}
	return string(out)
}

// FromPiece reads a manifest's body map onto o. A mask of another grid
// size is resampled; regions the outline does not know are left out (the
// manifest keeps them). It returns an error for a map that would not pass
// the manifest's validation.
func (o *Outline) FromPiece(b *piece.BodyMap) (*Map, error) {
	m := o.NewMap()
	if b == nil {
		return m, nil
	}
	for _, s := range []struct{ side, text string }{{"front", b.Front}, {"back", b.Back}} {
		if s.text == "" {
			continue
		}
		if b.Cols < 1 || b.Rows < 1 || len(s.text) != b.Cols*b.Rows {
			return nil, fmt.Errorf("bodymap: read body map: the %s mask has %d cells for %d×%d", s.side, len(s.text), b.Cols, b.Rows)
		}
		i := m.sideIndex(s.side)
		for row := 0; row < o.Rows; row++ {
			for col := 0; col < o.Cols; col++ {
				c := o.CellCentre(col, row)
				bc, br := int(c.X*float64(b.Cols)), int(c.Y*float64(b.Rows))
				switch s.text[br*b.Cols+bc] {
				case piece.MaskWarm:
					m.masks[i][row*o.Cols+col] = Warm
				case piece.MaskCool:
					m.masks[i][row*o.Cols+col] = Cool
				case piece.MaskNone:
				default:
					return nil, fmt.Errorf("bodymap: read body map: the %s mask has a cell that is not '.', 'w' or 'c'", s.side)
				}
			}
		}
	}
	for _, r := range b.Regions {
		side, id, ok := cutID(r.ID)
		if !ok || o.Side(side) == nil || o.Side(side).Region(id) == nil {
			continue
		}
		switch r.Feel {
		case piece.FeelWarm:
			m.regions[r.ID] = Warm
		case piece.FeelCool:
			m.regions[r.ID] = Cool
		}
	}
	return m, nil
}

func cutID(id string) (side, region string, ok bool) {
	for i := 0; i < len(id); i++ {
		if id[i] == '.' {
			return id[:i], id[i+1:], true
		}
	}
	return "", "", false
}

// Sum is many pieces' body maps added up: for each side and cell, how
// many maps marked it warm and cool, and for each region the same.
type Sum struct {
	o       *Outline
	warm    [][]int
	cool    [][]int
	regions map[string][2]int // id → warm, cool
	// Maps is how many body maps were added.
	Maps int
}

// NewSum returns an empty sum on o.
func (o *Outline) NewSum() *Sum {
	s := &Sum{o: o, regions: map[string][2]int{}}
	for range o.Sides {
		s.warm = append(s.warm, make([]int, o.Cols*o.Rows))
		s.cool = append(s.cool, make([]int, o.Cols*o.Rows))
	}
	return s
}

// Add adds a piece's body map; a nil or unreadable one adds nothing and
// reports false.
func (s *Sum) Add(b *piece.BodyMap) bool {
	if b == nil {
		return false
	}
	m, err := s.o.FromPiece(b)
	if err != nil || m.Empty() {
		return false
	}
	s.Maps++
	for i := range m.masks {
		for at, f := range m.masks[i] {
			switch f {
			case Warm:
				s.warm[i][at]++
			case Cool:
				s.cool[i][at]++
			}
		}
	}
	for id, f := range m.regions {
		n := s.regions[id]
		if f == Warm {
			n[0]++
		} else {
			n[1]++
		}
		s.regions[id] = n
	}
	return true
}

// Cell returns how many maps marked a cell warm and cool.
func (s *Sum) Cell(side string, col, row int) (warm, cool int) {
	for i := range s.o.Sides {
		if s.o.Sides[i].ID == side && col >= 0 && col < s.o.Cols && row >= 0 && row < s.o.Rows {
			return s.warm[i][row*s.o.Cols+col], s.cool[i][row*s.o.Cols+col]
		}
	}
	return 0, 0
}

// Region returns how many maps marked a region ("front.chest") warm and
// cool.
func (s *Sum) Region(id string) (warm, cool int) {
	n := s.regions[id]
	return n[0], n[1]
}

// Max is the largest count of any cell, warm or cool (0 for no maps).
func (s *Sum) Max() int {
	max := 0
	for i := range s.warm {
		for at := range s.warm[i] {
			max = maxInt(max, maxInt(s.warm[i][at], s.cool[i][at]))
		}
	}
	return max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
