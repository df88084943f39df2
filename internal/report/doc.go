// Package report writes a patient's follow-up report as a PDF
// (github.com/go-pdf/fpdf): the clinic's header, the patient's code (and
// name, where the clinic set one), each visit's mood before and after
// with the mood chart drawn as vectors, and each piece's thumbnail, title,
// emotion words, reflection and the therapist's notes, with page numbers.
// Fonts are embedded (Noto Sans), so accents and non-Latin text render on
// any reader. The gallery gathers what goes in, and its words (Words: every
// label, count and date, in the gallery's language); this package only
// lays it out.
package report
