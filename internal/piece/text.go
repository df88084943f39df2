package piece

import (
	"strings"
	"unicode"
)

// DisplayText returns free text from a manifest (title, reflection, an
// emotion word) safe to show: control characters (ESC, NUL, …; newlines
// and tabs are kept only when multiline) and bidirectional overrides,
// embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
// U+061C) are removed, so text cannot reorder or restyle what is around it.
func DisplayText(s string, multiline bool) string {
	clean := true
	for _, r := range s {
		if dropped(r, multiline) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !dropped(r, multiline) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropped(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !multiline
	case r == unicode.ReplacementChar:
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}
