package emotion

import (
	"errors"
	"fmt"
	"image/color"
	"strings"
	"unicode"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// Version is the vocabulary format version this package reads.
const Version = 1

// Limits on the number of plain (not music-specific) words per region.
const (
	MinPlainWords = 8
	MaxPlainWords = 12
)

// MaxChosenWords is how many words a patient may pick for one piece.
const MaxChosenWords = 3

// Quadrant names one region of the pleasantness × energy grid. Its string
// form is what piece.Emotions.Quadrant stores.
type Quadrant string

// The four regions.
const (
	PleasantHigh   Quadrant = "pleasant-high"
	PleasantLow    Quadrant = "pleasant-low"
	UnpleasantHigh Quadrant = "unpleasant-high"
	UnpleasantLow  Quadrant = "unpleasant-low"
)

// Quadrants lists the regions in the order the vocabulary file keeps them.
var Quadrants = []Quadrant{PleasantHigh, PleasantLow, UnpleasantHigh, UnpleasantLow}

// Valid reports whether q is one of the four regions.
func (q Quadrant) Valid() bool {
	for _, k := range Quadrants {
		if q == k {
			return true
		}
	}
	return false
}

// Pleasant reports whether q lies on the pleasant half of the grid.
func (q Quadrant) Pleasant() bool { return q == PleasantHigh || q == PleasantLow }

// HighEnergy reports whether q lies on the high-energy half of the grid.
func (q Quadrant) HighEnergy() bool { return q == PleasantHigh || q == UnpleasantHigh }

// QuadrantAt returns the region for a grid position; x is pleasantness and
// y energy, both 0..1 (values outside are clamped). The centre lines belong
// to the pleasant and the high-energy sides.
func QuadrantAt(x, y float64) Quadrant {
	switch {
	case x >= 0.5 && y >= 0.5:
		return PleasantHigh
	case x >= 0.5:
		return PleasantLow
	case y >= 0.5:
		return UnpleasantHigh
	default:
		return UnpleasantLow
	}
}

// Word is one word of the vocabulary. Word is the stable identifier stored
// in manifests (the English word); translations key on it.
type Word struct {
	Word   string
	Colour color.NRGBA
	Text   color.NRGBA // DarkText or LightText, whichever contrasts more with Colour
	Music  bool        // offered for music pieces only
}

// Region is one quadrant with its colour and words.
type Region struct {
	Quadrant Quadrant
	Colour   color.NRGBA
	Text     color.NRGBA
	Words    []Word
}

// WordsFor returns the region's words to offer: the plain words, followed by
// the music-specific ones when music is true.
func (r Region) WordsFor(music bool) []Word {
	var out []Word
	for _, w := range r.Words {
		if !w.Music {
			out = append(out, w)
		}
	}
	if music {
		for _, w := range r.Words {
			if w.Music {
				out = append(out, w)
			}
		}
	}
	return out
}

// Vocabulary is a parsed, validated emotion vocabulary.
type Vocabulary struct {
	Version int
	Regions []Region // one per quadrant, in the order of Quadrants
}

// Region returns the region for q.
func (v *Vocabulary) Region(q Quadrant) (Region, bool) {
	for _, r := range v.Regions {
		if r.Quadrant == q {
			return r, true
		}
	}
	return Region{}, false
}

// Lookup finds a word and the region it belongs to.
func (v *Vocabulary) Lookup(word string) (Word, Quadrant, bool) {
	for _, r := range v.Regions {
		for _, w := range r.Words {
			if w.Word == word {
				return w, r.Quadrant, true
			}
		}
	}
	return Word{}, "", false
}

// file is the JSON layout of vocabulary.json.
type file struct {
	Version int          `json:"version"`
	Regions []fileRegion `json:"regions"`
}

type fileRegion struct {
	Quadrant string     `json:"quadrant"`
	Colour   string     `json:"colour"`
	Words    []fileWord `json:"words"`
}

type fileWord struct {
	Word   string `json:"word"`
	Colour string `json:"colour"`
	Music  bool   `json:"music"`
}

// DefaultPath is the vocabulary's path inside assets.Emotion.
const DefaultPath = "emotion/vocabulary.json"

// Default parses the vocabulary embedded in assets.
func Default() (*Vocabulary, error) {
	data, err := assets.Emotion.ReadFile(DefaultPath)
	if err != nil {
		return nil, fmt.Errorf("emotion: read %s: %w", DefaultPath, err)
	}
	v, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("emotion: %s: %w", DefaultPath, err)
	}
	return v, nil
}

// Parse reads and validates a vocabulary. Errors name the region and word
// at fault so whoever edits the file can find it.
func Parse(data []byte) (*Vocabulary, error) {
	var f file
	if err := strictjson.Decode(data, &f); err != nil {
		return nil, fmt.Errorf("parse vocabulary: %w", err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("parse vocabulary: version %d is not supported (want %d)", f.Version, Version)
	}
	if len(f.Regions) != len(Quadrants) {
		return nil, fmt.Errorf("parse vocabulary: %d regions, want %d (%s)", len(f.Regions), len(Quadrants), quadrantList())
	}
	v := &Vocabulary{Version: f.Version}
	seenRegion := map[Quadrant]bool{}
	seenWord := map[string]Quadrant{}
	for i, fr := range f.Regions {
		q := Quadrant(fr.Quadrant)
		if !q.Valid() {
			return nil, fmt.Errorf("parse vocabulary: region %d: quadrant %q is not one of %s", i+1, fr.Quadrant, quadrantList())
		}
		if seenRegion[q] {
			return nil, fmt.Errorf("parse vocabulary: region %q appears twice", q)
		}
		seenRegion[q] = true
		rc, err := parseColour(fr.Colour)
		if err != nil {
			return nil, fmt.Errorf("parse vocabulary: region %q: %w", q, err)
		}
		rt, c := TextOn(rc)
		if c < MinContrast {
			return nil, fmt.Errorf("parse vocabulary: region %q: colour %s gives text contrast %.2f, want at least %.1f", q, fr.Colour, c, MinContrast)
		}
		r := Region{Quadrant: q, Colour: rc, Text: rt}
		plain := 0
		for _, fw := range fr.Words {
			if err := checkWord(fw.Word); err != nil {
				return nil, fmt.Errorf("parse vocabulary: region %q: %w", q, err)
			}
			if prev, ok := seenWord[fw.Word]; ok {
				return nil, fmt.Errorf("parse vocabulary: word %q is in region %q and again in %q", fw.Word, prev, q)
			}
			seenWord[fw.Word] = q
			wc, err := parseColour(fw.Colour)
			if err != nil {
				return nil, fmt.Errorf("parse vocabulary: region %q: word %q: %w", q, fw.Word, err)
			}
			wt, c := TextOn(wc)
			if c < MinContrast {
				return nil, fmt.Errorf("parse vocabulary: region %q: word %q: colour %s gives text contrast %.2f, want at least %.1f", q, fw.Word, fw.Colour, c, MinContrast)
			}
			if !fw.Music {
				plain++
			}
			r.Words = append(r.Words, Word{Word: fw.Word, Colour: wc, Text: wt, Music: fw.Music})
		}
		if plain < MinPlainWords || plain > MaxPlainWords {
			return nil, fmt.Errorf("parse vocabulary: region %q has %d plain words, want %d to %d", q, plain, MinPlainWords, MaxPlainWords)
		}
		v.Regions = append(v.Regions, r)
	}
	// Keep regions in the canonical order whatever the file's order.
	ordered := make([]Region, 0, len(v.Regions))
	for _, q := range Quadrants {
		r, _ := v.Region(q)
		ordered = append(ordered, r)
	}
	v.Regions = ordered
	return v, nil
}

func quadrantList() string {
	s := make([]string, len(Quadrants))
	for i, q := range Quadrants {
		s[i] = string(q)
	}
	return strings.Join(s, ", ")
}

// checkWord accepts lowercase letters with single inner spaces or hyphens,
// at most 32 bytes: a word is also a translation key.
func checkWord(w string) error {
	if w == "" {
		return errors.New("a word is empty")
	}
	if len(w) > 32 {
		return fmt.Errorf("word %q is longer than 32 bytes", w)
	}
	prevSep := true
	for _, r := range w {
		switch {
		case unicode.IsLetter(r) && unicode.IsLower(r):
			prevSep = false
		case r == ' ' || r == '-':
			if prevSep {
				return fmt.Errorf("word %q: separators only between letters", w)
			}
			prevSep = true
		default:
			return fmt.Errorf("word %q: only lowercase letters, spaces and hyphens", w)
		}
	}
	if prevSep {
		return fmt.Errorf("word %q: separators only between letters", w)
	}
	return nil
}

// parseColour reads "#RRGGBB".
func parseColour(s string) (color.NRGBA, error) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, fmt.Errorf("colour %q: want #RRGGBB", s)
	}
	var v [3]uint8
	for i := range 3 {
		hi, ok1 := hexVal(s[1+2*i])
		lo, ok2 := hexVal(s[2+2*i])
		if !ok1 || !ok2 {
			return color.NRGBA{}, fmt.Errorf("colour %q: want #RRGGBB", s)
		}
		v[i] = hi<<4 | lo
	}
	return color.NRGBA{R: v[0], G: v[1], B: v[2], A: 0xff}, nil
}

func hexVal(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// WordKey is the translation key of a word's display text
// (assets/i18n/emotion.<lang>.json).
func WordKey(word string) string { return "emotion.word." + word }

// QuadrantKey is the translation key of a region's display name.
func QuadrantKey(q Quadrant) string { return "emotion.quadrant." + string(q) }
