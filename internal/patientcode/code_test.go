package patientcode

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNewCodesAreValidAndVaried(t *testing.T) {
	seen := map[Code]bool{}
	for i := 0; i < 1000; i++ {
		c, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if !c.Valid() || len(c) != Length {
			t.Fatalf("New made an invalid code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 990 { // 30 random bits: a handful of repeats at most
		t.Fatalf("only %d distinct codes in 1000", len(seen))
	}
}

func TestStringGroupsAndParsesBack(t *testing.T) {
	c := fromValues([Length]int{20, 7, 23, 4, 21, 2})
	s := c.String()
	if len(s) != 8 || s[3] != '-' || strings.ReplaceAll(s, "-", "") != string(c) {
		t.Fatalf("String() = %q, want 3+4 symbols around a dash", s)
	}
	got, err := Parse(s)
	if err != nil || got != c {
		t.Fatalf("Parse(%q) = %q, %v; want %q", s, got, err, c)
	}
}

func TestParseIsLenient(t *testing.T) {
	// Build a code whose symbols include 0 and 1, so confusables matter.
	c := fromValues([Length]int{0, 1, 10, 0, 1, 31})
	canon := string(c)
	variants := []string{
		canon,
		strings.ToLower(canon),
		canon[:3] + "-" + canon[3:],
		" " + canon[:3] + " " + canon[3:] + " ",
		canon[:2] + "–" + canon[2:], // en dash
		strings.NewReplacer("0", "O", "1", "I").Replace(canon[:6]) + canon[6:],
		strings.NewReplacer("0", "o", "1", "l").Replace(canon[:6]) + canon[6:],
		strings.NewReplacer("1", "L").Replace(canon[:6]) + canon[6:],
	}
	for _, v := range variants {
		got, err := Parse(v)
		if err != nil || got != c {
			t.Errorf("Parse(%q) = %q, %v; want %q", v, got, err, c)
		}
	}
}

func TestParseRejects(t *testing.T) {
	c := fromValues([Length]int{3, 9, 27, 14, 5, 30})
	s := string(c)
	cases := []struct {
		in   string
		want error
	}{
		{"", ErrLength},
		{"---", ErrLength},
		{s[:6], ErrLength},
		{s + "0", ErrLength},
		{s[:6] + "U", ErrSymbol},
		{s[:5] + "*" + s[6:], ErrSymbol},
		{s[:5] + "é" + s[6:], ErrSymbol},
		{strings.Repeat("A", 1000), ErrLength},
	}
	for _, tc := range cases {
		if _, err := Parse(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("Parse(%q) error = %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestErrorsNeverContainTheCode(t *testing.T) {
	c, _ := New()
	typo := string(c[:6]) + string(Alphabet[(strings.IndexByte(Alphabet, c[6])+1)%32])
	for _, in := range []string{typo, string(c) + "9", string(c[:6]) + "U"} {
		_, err := Parse(in)
		if err == nil {
			t.Fatalf("Parse(%q) accepted a bad code", in)
		}
		if strings.Contains(err.Error(), in[:4]) {
			t.Fatalf("error %q contains the typed code", err)
		}
	}
}

// TestCheckCatchesEveryTypoAndSwap tries, on many random codes, every single
// wrong symbol at every position and every swap of two different symbols
// (adjacent and not): none may parse.
func TestCheckCatchesEveryTypoAndSwap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		var v [Length]int
		for i := 0; i < dataLength; i++ {
			v[i] = rng.IntN(32)
		}
		c := fromValues(v)
		if _, err := Parse(string(c)); err != nil {
			t.Fatalf("valid code %q rejected: %v", c, err)
		}
		b := []byte(c)
		for i := 0; i < Length; i++ {
			orig := b[i]
			for j := 0; j < len(Alphabet); j++ {
				if Alphabet[j] == orig {
					continue
				}
				b[i] = Alphabet[j]
				if _, err := Parse(string(b)); !errors.Is(err, ErrCheck) {
					t.Fatalf("code %q with position %d changed to %c: err = %v, want ErrCheck", c, i, Alphabet[j], err)
				}
			}
			b[i] = orig
		}
		for i := 0; i < Length; i++ {
			for j := i + 1; j < Length; j++ {
				if b[i] == b[j] {
					continue
				}
				b[i], b[j] = b[j], b[i]
				if _, err := Parse(string(b)); !errors.Is(err, ErrCheck) {
					t.Fatalf("code %q with positions %d and %d swapped: err = %v, want ErrCheck", c, i, j, err)
				}
				b[i], b[j] = b[j], b[i]
			}
		}
	}
}

func TestValid(t *testing.T) {
	c, _ := New()
	if !c.Valid() {
		t.Fatal("fresh code not valid")
	}
	for _, bad := range []Code{"", c[:6], Code(strings.ToLower(string(c))), Code(c.String())} {
		if bad.Valid() {
			t.Errorf("Valid(%q) = true for a non-canonical code", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"K7Q-4M2X", "k7q 4m2x", "0000000", "OIL-OIL0", "", "-", "ZZZZZZZ", "12345678", "abc\u2013defg", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			if c != "" {
				t.Fatalf("Parse(%q) returned %q with error %v", s, c, err)
			}
			return
		}
		if !c.Valid() {
			t.Fatalf("Parse(%q) = %q, not valid", s, c)
		}
		for _, again := range []string{string(c), c.String(), strings.ToLower(c.String())} {
			if c2, err := Parse(again); err != nil || c2 != c {
				t.Fatalf("Parse(%q) = %q, %v; want %q", again, c2, err, c)
			}
		}
	})
}
