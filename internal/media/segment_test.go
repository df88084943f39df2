package media

import (
	"errors"
	"slices"
	"testing"
)

func TestJoinSegments(t *testing.T) {
	a, b, c := Segment{0, []int16{1, 2}}, Segment{1, []int16{3}}, Segment{2, []int16{4, 5}}
	dup := Segment{1, []int16{9, 9}}
	for _, tc := range []struct {
		name string
		in   []Segment
		want []int16
		left int
	}{
		{"in order", []Segment{a, b, c}, []int16{1, 2, 3, 4, 5}, 0},
		{"shuffled", []Segment{c, a, b}, []int16{1, 2, 3, 4, 5}, 0},
		{"a gap ends it", []Segment{a, c}, []int16{1, 2}, 1},
		{"no first segment", []Segment{b, c}, []int16{}, 2},
		{"a repeated index keeps the first", []Segment{a, b, dup, c}, []int16{1, 2, 3, 4, 5}, 0},
		{"nothing", nil, []int16{}, 0},
	} {
		got, left := JoinSegments(tc.in)
		if !slices.Equal(got, tc.want) || left != tc.left {
			t.Errorf("%s: got %v (%d left out), want %v (%d)", tc.name, got, left, tc.want, tc.left)
		}
	}
}

// FuzzDecodeSegment: a segment read back from a recovered draft is
// untrusted; DecodeSegment never panics, fails with ErrBadSegment, or
// accepts exactly what EncodeSegment writes.
func FuzzDecodeSegment(f *testing.F) {
	f.Add(EncodeSegment(0, []int16{1, -1, 300}))
	f.Add(EncodeSegment(7, nil))
	f.Add([]byte("AISG"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSegment(b)
		if err != nil {
			if !errors.Is(err, ErrBadSegment) {
				t.Fatalf("error does not wrap ErrBadSegment: %v", err)
			}
			return
		}
		if again := EncodeSegment(s.Index, s.PCM); string(again) != string(b) {
			t.Fatal("accepted segment does not round-trip")
		}
	})
}
