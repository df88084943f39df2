package patientcode

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// Alphabet is Crockford's base32 alphabet; a symbol's value is its index.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Length is the number of symbols in a code, the check symbol included.
const Length = 7

// dataLength is the number of random symbols in a code.
const dataLength = Length - 1

// Code is a well-formed patient code in canonical form: 7 upper-case symbols
// of Alphabet, without the grouping dash. The zero value is no code.
type Code string

// Errors from Parse. They never contain the text that was parsed.
var (
	ErrLength = errors.New("patientcode: a code has 7 characters")
	ErrSymbol = errors.New("patientcode: a code has only the digits 0-9 and the letters A-Z except U")
	ErrCheck  = errors.New("patientcode: the code has a typo (its check character does not match)")
)

// values maps an upper-case byte to its symbol value, or -1. It already
// includes the confusables: O reads as 0, I and L as 1.
var values [256]int8

func init() {
	for i := range values {
		values[i] = -1
	}
	for i := 0; i < len(Alphabet); i++ {
		b := Alphabet[i]
		values[b] = int8(i)
		if b >= 'A' && b <= 'Z' {
			values[b+'a'-'A'] = int8(i)
		}
	}
	values['O'], values['o'] = 0, 0
	values['I'], values['i'] = 1, 1
	values['L'], values['l'] = 1, 1
}

// New returns a fresh random code from crypto/rand.
func New() (Code, error) {
	var b [dataLength]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("patientcode: new: %w", err)
	}
	var s [Length]int
	for i, v := range b {
		s[i] = int(v & 31)
	}
	return fromValues(s), nil
}

// fromValues fills in the check symbol of s and returns the code.
func fromValues(s [Length]int) Code {
	s[dataLength] = checkValue(s)
	var b [Length]byte
	for i, v := range s {
		b[i] = Alphabet[v]
	}
	return Code(b[:])
}

// Parse reads a code as a person typed it: case, spaces and dashes do not
// matter, O is read as 0 and I or L as 1. It returns ErrLength, ErrSymbol or
// ErrCheck for anything that is not a valid code.
func Parse(text string) (Code, error) {
	var s [Length]int
	n := 0
	for _, r := range text {
		if ignorable(r) {
			continue
		}
		if r >= 256 || values[r] < 0 {
			return "", ErrSymbol
		}
		if n == Length {
			return "", ErrLength
		}
		s[n] = int(values[r])
		n++
	}
	if n != Length {
		return "", ErrLength
	}
	if !checks(s) {
		return "", ErrCheck
	}
	var b [Length]byte
	for i, v := range s {
		b[i] = Alphabet[v]
	}
	return Code(b[:]), nil
}

// ignorable reports whether r is a separator people put into codes.
func ignorable(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '-', '_', '.',
		'\u00a0', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return true
	}
	return false
}

// Valid reports whether c is a code in canonical form with a matching check
// symbol.
func (c Code) Valid() bool {
	if len(c) != Length {
		return false
	}
	var s [Length]int
	for i := 0; i < Length; i++ {
		b := c[i]
		if strings.IndexByte(Alphabet, b) < 0 {
			return false
		}
		s[i] = int(values[b])
	}
	return checks(s)
}

// String returns the code grouped for printing and reading aloud:
// "K7Q-4M2X". Parse reads it back.
func (c Code) String() string {
	if len(c) != Length {
		return string(c)
	}
	return string(c[:3]) + "-" + string(c[3:])
}
