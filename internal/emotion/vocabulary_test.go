package emotion

import (
	"encoding/json"
	"image/color"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/assets"
)

// TestDefaultVocabulary validates the shipped vocabulary independently of
// Parse's own checks: unique words, each in exactly one region, 8–12 plain
// words per region, the music words present, and WCAG AA contrast of the
// chosen text colour on every region and word colour.
func TestDefaultVocabulary(t *testing.T) {
	v, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != Version {
		t.Errorf("version = %d, want %d", v.Version, Version)
	}
	if len(v.Regions) != 4 {
		t.Fatalf("%d regions, want 4", len(v.Regions))
	}
	regionsOf := map[string][]Quadrant{}
	for i, r := range v.Regions {
		if r.Quadrant != Quadrants[i] {
			t.Errorf("region %d is %q, want %q", i, r.Quadrant, Quadrants[i])
		}
		checkContrast(t, string(r.Quadrant), r.Colour, r.Text)
		plain := 0
		for _, w := range r.Words {
			regionsOf[w.Word] = append(regionsOf[w.Word], r.Quadrant)
			checkContrast(t, w.Word, w.Colour, w.Text)
			if !w.Music {
				plain++
			}
		}
		if plain < 8 || plain > 12 {
			t.Errorf("region %q has %d plain words, want 8..12", r.Quadrant, plain)
		}
	}
	for w, qs := range regionsOf {
		if len(qs) != 1 {
			t.Errorf("word %q is in %d regions %v, want exactly one", w, len(qs), qs)
		}
	}
	for _, m := range []string{"wonder", "transcendence", "tenderness", "nostalgia", "peacefulness", "power", "joy", "tension", "sadness"} {
		w, _, ok := v.Lookup(m)
		if !ok || !w.Music {
			t.Errorf("music word %q missing or not marked music (found=%v)", m, ok)
		}
	}
}

func checkContrast(t *testing.T, name string, bg, text color.NRGBA) {
	t.Helper()
	if bg.A != 0xff {
		t.Errorf("%s: colour %v is not opaque", name, bg)
	}
	if c := Contrast(bg, text); c < MinContrast {
		t.Errorf("%s: text %v on %v has contrast %.2f, want >= %.1f", name, text, bg, c, MinContrast)
	}
}

// TestTranslationsCoverVocabulary checks that every word and region has
// its text in the English translation file, so a clinic translating that
// file sees every string.
func TestTranslationsCoverVocabulary(t *testing.T) {
	v, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := assets.EmotionText.ReadFile("i18n/emotion.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]string
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Regions {
		if en[QuadrantKey(r.Quadrant)] == "" {
			t.Errorf("no text for %s", QuadrantKey(r.Quadrant))
		}
		for _, w := range r.Words {
			if en[WordKey(w.Word)] == "" {
				t.Errorf("no text for %s", WordKey(w.Word))
			}
		}
	}
}

func TestContrastKnownValues(t *testing.T) {
	black := color.NRGBA{A: 0xff}
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	if c := Contrast(black, white); c < 20.99 || c > 21.01 {
		t.Errorf("black/white contrast = %.3f, want 21", c)
	}
	if c := Contrast(white, white); c != 1 {
		t.Errorf("white/white contrast = %.3f, want 1", c)
	}
	// #767676 is the classic lightest grey passing AA on white (4.54:1).
	grey := color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xff}
	if c := Contrast(grey, white); c < 4.5 || c > 4.6 {
		t.Errorf("#767676/white contrast = %.3f, want about 4.54", c)
	}
	if txt, _ := TextOn(color.NRGBA{R: 0x10, G: 0x20, B: 0x60, A: 0xff}); txt != LightText {
		t.Errorf("text on dark blue = %v, want light", txt)
	}
	if txt, _ := TextOn(color.NRGBA{R: 0xf6, G: 0xd3, B: 0x65, A: 0xff}); txt != DarkText {
		t.Errorf("text on yellow = %v, want dark", txt)
	}
}

func TestQuadrantAt(t *testing.T) {
	cases := []struct {
		x, y float64
		want Quadrant
	}{
		{0.9, 0.9, PleasantHigh}, {0.9, 0.1, PleasantLow},
		{0.1, 0.9, UnpleasantHigh}, {0.1, 0.1, UnpleasantLow},
		{0.5, 0.5, PleasantHigh}, {0.49, 0.49, UnpleasantLow},
	}
	for _, c := range cases {
		if got := QuadrantAt(c.x, c.y); got != c.want {
			t.Errorf("QuadrantAt(%v, %v) = %q, want %q", c.x, c.y, got, c.want)
		}
		if got := QuadrantAt(c.x, c.y); got.Pleasant() != (c.x >= 0.5) || got.HighEnergy() != (c.y >= 0.5) {
			t.Errorf("QuadrantAt(%v, %v) = %q: halves disagree", c.x, c.y, got)
		}
	}
}

func TestWordsFor(t *testing.T) {
	v, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	r, _ := v.Region(UnpleasantHigh)
	plain, music := r.WordsFor(false), r.WordsFor(true)
	for _, w := range plain {
		if w.Music {
			t.Errorf("plain list has music word %q", w.Word)
		}
	}
	if len(music) <= len(plain) || music[len(music)-1].Word != "tension" {
		t.Errorf("music list %d words ending %q, want plain words then tension", len(music), music[len(music)-1].Word)
	}
}

// validFile builds a valid vocabulary file that tests then break.
func validFile() file {
	var f file
	f.Version = 1
	for _, q := range Quadrants {
		r := fileRegion{Quadrant: string(q), Colour: "#DDDDDD"}
		for i := range 8 {
			r.Words = append(r.Words, fileWord{Word: string(q) + "-" + strings.Repeat("a", i+1), Colour: "#EEEEEE"})
		}
		f.Regions = append(f.Regions, r)
	}
	return f
}

func encode(t *testing.T, f file) []byte {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRejects(t *testing.T) {
	if _, err := Parse(encode(t, validFile())); err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
	cases := []struct {
		name, want string
		mutate     func(f *file)
	}{
		{"version", "version 2 is not supported", func(f *file) { f.Version = 2 }},
		{"three regions", "3 regions, want 4", func(f *file) { f.Regions = f.Regions[:3] }},
		{"unknown quadrant", `quadrant "happy-high"`, func(f *file) { f.Regions[0].Quadrant = "happy-high" }},
		{"region twice", "appears twice", func(f *file) { f.Regions[1].Quadrant = f.Regions[0].Quadrant }},
		{"duplicate word", "and again in", func(f *file) { f.Regions[1].Words[0].Word = f.Regions[0].Words[0].Word }},
		{"too few words", "has 7 plain words", func(f *file) { f.Regions[2].Words = f.Regions[2].Words[:7] }},
		{"too many words", "has 13 plain words", func(f *file) {
			for i := range 5 {
				f.Regions[3].Words = append(f.Regions[3].Words, fileWord{Word: "extra-" + strings.Repeat("b", i+1), Colour: "#EEEEEE"})
			}
		}},
		{"bad colour", `colour "red"`, func(f *file) { f.Regions[0].Words[2].Colour = "red" }},
		{"bad hex", `colour "#GG0000"`, func(f *file) { f.Regions[0].Colour = "#GG0000" }},
		{"low contrast", "contrast", func(f *file) { f.Regions[0].Words[0].Colour = "#808080" }},
		{"uppercase word", "only lowercase", func(f *file) { f.Regions[0].Words[0].Word = "Calm" }},
		{"empty word", "empty", func(f *file) { f.Regions[0].Words[0].Word = "" }},
		{"trailing hyphen", "separators", func(f *file) { f.Regions[0].Words[0].Word = "calm-" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validFile()
			c.mutate(&f)
			_, err := Parse(encode(t, f))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
	for _, bad := range []string{``, `{`, `[]`, `{"version":1,"extra":true}`, `{"version":1} {}`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	def, err := assets.Emotion.ReadFile(DefaultPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(def)
	f.Add([]byte(`{"version":1,"regions":[]}`))
	f.Add([]byte(`{"version":1,"regions":[{"quadrant":"pleasant-high","colour":"#FFFFFF","words":[{"word":"a","colour":"#000000"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			if v != nil {
				t.Fatal("vocabulary returned with an error")
			}
			return
		}
		// Whatever parses must satisfy the invariants.
		seen := map[string]bool{}
		if len(v.Regions) != len(Quadrants) {
			t.Fatalf("%d regions", len(v.Regions))
		}
		for i, r := range v.Regions {
			if r.Quadrant != Quadrants[i] {
				t.Fatalf("region %d is %q", i, r.Quadrant)
			}
			if Contrast(r.Colour, r.Text) < MinContrast {
				t.Fatalf("region %q contrast too low", r.Quadrant)
			}
			for _, w := range r.Words {
				if seen[w.Word] {
					t.Fatalf("duplicate word %q", w.Word)
				}
				seen[w.Word] = true
				if Contrast(w.Colour, w.Text) < MinContrast {
					t.Fatalf("word %q contrast too low", w.Word)
				}
			}
		}
	})
}
