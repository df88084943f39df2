package piece

import "testing"

func TestDisplayText(t *testing.T) {
	for _, c := range []struct {
		in        string
		multiline bool
		want      string
	}{
		{"calm sea", false, "calm sea"},
		{"evil\u202Egnp.exe", false, "evilgnp.exe"},
		{"a\x1b[31mred\x00", false, "a[31mred"},
		{"line one\nline two\ttab", true, "line one\nline two\ttab"},
		{"line one\nline two", false, "line oneline two"},
		{"\u2066iso\u2069 \u200Fmark\u061C", false, "iso mark"},
		{"\r\u0085\u009b", true, ""},
		{"Zoë 🌊 ناعم", false, "Zoë 🌊 ناعم"},
	} {
		if got := DisplayText(c.in, c.multiline); got != c.want {
			t.Errorf("DisplayText(%q, %v) = %q, want %q", c.in, c.multiline, got, c.want)
		}
	}
}
