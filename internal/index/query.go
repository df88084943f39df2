package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a typed search becomes.
const (
	maxQueryTerms    = 16
	maxQueryTermRune = 64
	maxQueryInput    = 1024 // bytes of typed text looked at
)

// MatchQuery turns what a person typed into an FTS5 query that cannot fail
// to parse: the text is cut into words (runs of letters, digits and marks,
// as the unicode61 tokenizer sees them), each word becomes a quoted string
// (so AND, OR, NOT, NEAR, column filters, quotes, stars and brackets typed
// by the user are plain text), all words must match, and the last word
// matches as a prefix so results come while typing. It returns "" when
// nothing searchable was typed.
func MatchQuery(typed string) string {
	if len(typed) > maxQueryInput {
		cut := maxQueryInput
		for cut > 0 && !utf8.RuneStart(typed[cut]) {
			cut-- // do not split a character
		}
		typed = typed[:cut]
	}
	words := strings.FieldsFunc(typed, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	})
	prefix := !endsInSpace(typed) // the last word is still being typed
	if len(words) > maxQueryTerms {
		words = words[:maxQueryTerms]
		prefix = false
	}
	var b strings.Builder
	n := 0
	for i, w := range words {
		if utf8.RuneCountInString(w) > maxQueryTermRune {
			w = string([]rune(w)[:maxQueryTermRune])
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(w) // holds no '"': only letters, digits and marks
		b.WriteByte('"')
		if i == len(words)-1 && prefix {
			b.WriteByte('*')
		}
		n++
	}
	return b.String()
}

func endsInSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}
