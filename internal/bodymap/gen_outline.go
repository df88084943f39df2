//go:build ignore

// gen_outline writes assets/body/outline.json, the body map's front and
// back outline, from the simple shapes below (units: a figure 100 wide and
// 250 tall, written normalised to 0..1). Run it from this directory with
// `go run gen_outline.go`; a clinic may also edit the JSON by hand.
package main

import (
	"encoding/json"
	"math"
	"os"
)

type pt struct{ x, y float64 }

type region struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Polygons [][]float64 `json:"polygons"`
}

type side struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Regions []region `json:"regions"`
}

type file struct {
	Schema int     `json:"schema"`
	Aspect float64 `json:"aspect"`
	Cols   int     `json:"cols"`
	Rows   int     `json:"rows"`
	Sides  []side  `json:"sides"`
}

const w, h = 100.0, 250.0

func flat(ps []pt) []float64 {
	out := make([]float64, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, math.Round(p.x/w*10000)/10000, math.Round(p.y/h*10000)/10000)
	}
	return out
}

// mirror reflects a shape about the figure's middle.
func mirror(ps []pt) []pt {
	out := make([]pt, len(ps))
	for i, p := range ps {
		out[len(ps)-1-i] = pt{w - p.x, p.y}
	}
	return out
}

// ellipse, cut to the rows from y0 to y1.
func ellipse(cx, cy, rx, ry, y0, y1 float64) []pt {
	var out []pt
	for i := 0; i < 48; i++ {
		a := 2 * math.Pi * float64(i) / 48
		p := pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
		p.y = math.Max(y0, math.Min(y1, p.y))
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

func pair(id, name string, left []pt) region {
	return region{ID: id, Name: name, Polygons: [][]float64{flat(left), flat(mirror(left))}}
}

func one(id, name string, ps []pt) region {
	return region{ID: id, Name: name, Polygons: [][]float64{flat(ps)}}
}

func main() {
	neck := []pt{{45, 37}, {55, 37}, {56, 47}, {44, 47}}
	shoulder := []pt{{44, 47}, {33, 49}, {26, 53}, {23, 60}, {34, 62}}
	chest := []pt{{44, 47}, {56, 47}, {66, 62}, {66, 82}, {34, 82}, {34, 62}}
	belly := []pt{{34, 82}, {66, 82}, {65, 108}, {35, 108}}
	pelvis := []pt{{35, 108}, {65, 108}, {68, 128}, {50, 132}, {32, 128}}
	upperArm := []pt{{23, 60}, {33, 64}, {31, 100}, {20, 100}}
	lowerArm := []pt{{20, 100}, {31, 100}, {29, 136}, {19, 136}}
	hand := []pt{{19, 136}, {29, 136}, {30, 146}, {27, 155}, {20, 155}, {16, 146}}
	thigh := []pt{{32, 128}, {50, 132}, {49, 176}, {36, 176}}
	lowerLeg := []pt{{36, 176}, {49, 176}, {47, 228}, {39, 228}}
	foot := []pt{{39, 228}, {47, 228}, {48, 238}, {47, 244}, {33, 244}, {35, 236}}
	limbs := func(regions ...region) []region {
		return append(regions,
			pair("shoulders", "Shoulders", shoulder),
			pair("upper-arms", "Upper arms", upperArm),
			pair("lower-arms", "Forearms", lowerArm),
			pair("hands", "Hands", hand),
			pair("thighs", "Thighs", thigh),
			pair("lower-legs", "Knees and lower legs", lowerLeg),
			pair("feet", "Feet", foot),
		)
	}
	front := limbs(
		one("head", "Head", ellipse(50, 22, 13, 17, 0, 17)),
		one("face", "Face", ellipse(50, 22, 13, 17, 17, 40)),
		one("neck", "Neck and throat", neck),
		one("chest", "Chest", chest),
		one("belly", "Belly", belly),
		one("pelvis", "Pelvis", pelvis),
	)
	back := limbs(
		one("head", "Head", ellipse(50, 22, 13, 17, 0, 40)),
		one("neck", "Neck and throat", neck),
		one("upper-back", "Upper back", chest),
		one("lower-back", "Lower back", belly),
		one("hips", "Hips", pelvis),
	)
	f := file{Schema: 1, Aspect: w / h, Cols: 16, Rows: 40, Sides: []side{
		{ID: "front", Name: "Front", Regions: front},
		{ID: "back", Name: "Back", Regions: back},
	}}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile("../../assets/body/outline.json", append(data, '\n'), 0o644); err != nil {
		panic(err)
	}
}
