package piece

import (
	"fmt"
	"regexp"
)

// BodyMap is where in the body the patient feels a piece (schema 2): the
// regions of the body outline they tapped or painted, each warm
// (activation) or cool (deactivation) after Nummenmaa et al. (2014),
// "Bodily maps of emotions", and the painted cells of a small grid laid
// over the front and the back outline. The outline and its region ids are
// in assets/body (see package bodymap); a reader that does not know a
// region id keeps it and may ignore it.
type BodyMap struct {
	Regions []BodyRegion `json:"regions,omitempty"`
	// Cols and Rows are the mask grid's size, the same for both sides.
	Cols int `json:"cols"`
	Rows int `json:"rows"`
	// Front and Back are the masks, row by row from the top left, one
	// character a cell: '.' not marked, 'w' warm, 'c' cool. Empty: nothing
	// marked on that side.
	Front string `json:"front,omitempty"`
	Back  string `json:"back,omitempty"`
}

// BodyRegion is one region of the outline and how it feels.
type BodyRegion struct {
	ID   string `json:"id"`   // side and region, e.g. "front.chest"
	Feel string `json:"feel"` // FeelWarm or FeelCool
}

// How a region or cell of a body map feels.
const (
	FeelWarm = "warm" // activation
	FeelCool = "cool" // deactivation
)

// Mask cell characters.
const (
	MaskNone = '.'
	MaskWarm = 'w'
	MaskCool = 'c'
)

// Limits of a body map.
const (
	MaxBodyRegions = 64
	MaxBodyMaskDim = 64
)

var bodyRegionRE = regexp.MustCompile(`^(front|back)\.[a-z][a-z-]{0,31}$`)

func (b *BodyMap) validate() error {
	if b == nil {
		return nil
	}
	if len(b.Regions) > MaxBodyRegions {
		return bad("bodyMap.regions", "more than %d regions", MaxBodyRegions)
	}
	seen := make(map[string]bool, len(b.Regions))
	for i, r := range b.Regions {
		f := fmt.Sprintf("bodyMap.regions[%d]", i)
		if !bodyRegionRE.MatchString(r.ID) {
			return bad(f+".id", "must be front.<region> or back.<region> in lower-case words joined by '-'")
		}
		if seen[r.ID] {
			return bad(f+".id", "is listed twice")
		}
		seen[r.ID] = true
		if r.Feel != FeelWarm && r.Feel != FeelCool {
			return bad(f+".feel", "must be warm or cool")
		}
	}
	if b.Cols < 1 || b.Cols > MaxBodyMaskDim {
		return bad("bodyMap.cols", "must be 1..%d", MaxBodyMaskDim)
	}
	if b.Rows < 1 || b.Rows > MaxBodyMaskDim {
		return bad("bodyMap.rows", "must be 1..%d", MaxBodyMaskDim)
	}
	for _, m := range []struct{ field, mask string }{{"bodyMap.front", b.Front}, {"bodyMap.back", b.Back}} {
		if m.mask == "" {
			continue
		}
		if len(m.mask) != b.Cols*b.Rows {
			return bad(m.field, "has %d cells, want cols×rows = %d", len(m.mask), b.Cols*b.Rows)
		}
		for i := 0; i < len(m.mask); i++ {
			if c := m.mask[i]; c != MaskNone && c != MaskWarm && c != MaskCool {
				return bad(m.field, "cell %d is not '.', 'w' or 'c'", i)
			}
		}
	}
	return nil
}

// clone returns a copy of b.
func (b *BodyMap) clone() *BodyMap {
	if b == nil {
		return nil
	}
	c := *b
	c.Regions = append([]BodyRegion(nil), b.Regions...)
	return &c
}
