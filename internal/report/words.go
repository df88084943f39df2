package report

import (
	"fmt"
	"time"
)

// Words is a report's wording. The gallery fills it from its translation
// files (assets/i18n, the gallery.report.pdf.* keys), in the gallery's
// language; a field left empty (or nil) is said in English (English).
// Texts with verbs are printf formats, their arguments in the order the
// field's comment gives.
type Words struct {
	Title        string             // the heading, and the PDF's title
	Patient      string             // %s: the patient's code
	Period       string             // %s, %s: the first and the last day
	Visits       func(n int) string // "6 visits", in the language's plural form
	Pieces       func(n int) string // "30 pieces"
	Made         string             // %s: when the report was made; %s: by whom
	Page         string             // the footer's "page 1 of 9": %d this page; %s the number of pages
	MoodChart    string             // the mood chart's heading
	NoVisits     string             // said in an empty chart
	Pleasantness string             // the chart's legend: the first scale
	Energy       string             // the second scale
	ChartKey     string             // how to read the chart's marks
	Visit        string             // %d: the visit's number; %s: when it began
	Moods        string             // %s: the mood at check-in; %s: at check-out
	Mood         string             // %s: pleasantness; %s: energy (a number or "–")
	NoMood       string             // a mood not given
	Untitled     string
	Unfinished   string
	Damaged      string // a piece that could not be read
	Drawing      string
	Music        string
	Voice        string
	Writing      string
	Piece        string // a piece of a kind this report does not know
	Feelings     string // %s: the piece's emotion words
	Body         string // %s: where in the body the piece was felt
	Written      string // the heading of a written piece's text
	NoteOnPiece  string // %s: the author; %s: when
	NoteOnVisit  string // %s: the author; %s: when
	// Date writes t in one of the report's forms (nil: English).
	Date func(t time.Time, form DateForm) string
}

// DateForm is one of the ways a report writes a date.
type DateForm int

// The report's dates, each shown in English.
const (
	DateDay   DateForm = iota // "5 Oct 2026": the report's period
	DateShort                 // "5 Oct": under the mood chart
	DateNote                  // "6 Oct 2026 14:05": when a note was written
	DateMade                  // "20 November 2026, 16:00": when the report was made
	DateVisit                 // "Monday 5 October 2026, 09:30": when a visit began
)

// englishLayouts are the date forms as Go writes them in English.
var englishLayouts = map[DateForm]string{
	DateDay:   "2 Jan 2006",
	DateShort: "2 Jan",
	DateNote:  "2 Jan 2006 15:04",
	DateMade:  "2 January 2006, 15:04",
	DateVisit: "Monday 2 January 2006, 15:04",
}

// EnglishDate writes t in form, in English.
func EnglishDate(t time.Time, form DateForm) string {
	return t.Format(englishLayouts[form])
}

// English is the report's wording in English.
func English() Words {
	return Words{
		Title:        "Follow-up report",
		Patient:      "Patient %s",
		Period:       "%s to %s",
		Visits:       func(n int) string { return plural(n, "%d visit", "%d visits") },
		Pieces:       func(n int) string { return plural(n, "%d piece", "%d pieces") },
		Made:         "Made %s by %s",
		Page:         "page %d of %s",
		MoodChart:    "Mood at check-in and check-out of each visit",
		NoVisits:     "No visits in this period",
		Pleasantness: "pleasantness",
		Energy:       "energy",
		ChartKey:     "dot: check-in · arrow head: check-out (scale 1 to 9)",
		Visit:        "Visit %d · %s",
		Moods:        "Check-in: %s.  Check-out: %s.",
		Mood:         "pleasantness %s, energy %s",
		NoMood:       "not given",
		Untitled:     "Untitled",
		Unfinished:   "unfinished",
		Damaged:      "damaged: could not be read",
		Drawing:      "Drawing",
		Music:        "Music",
		Voice:        "Voice",
		Writing:      "Writing",
		Piece:        "Piece",
		Feelings:     "Feelings: %s",
		Body:         "Felt in the body: %s",
		Written:      "Written",
		NoteOnPiece:  "Note by %s, %s",
		NoteOnVisit:  "Note on the visit by %s, %s",
		Date:         EnglishDate,
	}
}

func plural(n int, one, other string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(other, n)
}

// complete is w with every empty field in English.
func (w Words) complete() Words {
	en := English()
	text := func(s *string, e string) {
		if *s == "" {
			*s = e
		}
	}
	for _, f := range []struct {
		s *string
		e string
	}{
		{&w.Title, en.Title}, {&w.Patient, en.Patient}, {&w.Period, en.Period}, {&w.Made, en.Made},
		{&w.Page, en.Page}, {&w.MoodChart, en.MoodChart}, {&w.NoVisits, en.NoVisits},
		{&w.Pleasantness, en.Pleasantness}, {&w.Energy, en.Energy}, {&w.ChartKey, en.ChartKey},
		{&w.Visit, en.Visit}, {&w.Moods, en.Moods}, {&w.Mood, en.Mood}, {&w.NoMood, en.NoMood},
		{&w.Untitled, en.Untitled}, {&w.Unfinished, en.Unfinished}, {&w.Damaged, en.Damaged},
		{&w.Drawing, en.Drawing}, {&w.Music, en.Music}, {&w.Voice, en.Voice}, {&w.Writing, en.Writing},
		{&w.Piece, en.Piece}, {&w.Feelings, en.Feelings}, {&w.Body, en.Body}, {&w.Written, en.Written},
		{&w.NoteOnPiece, en.NoteOnPiece}, {&w.NoteOnVisit, en.NoteOnVisit},
	} {
		text(f.s, f.e)
	}
	if w.Visits == nil {
		w.Visits = en.Visits
	}
	if w.Pieces == nil {
		w.Pieces = en.Pieces
	}
	if w.Date == nil {
		w.Date = en.Date
	}
	return w
}
