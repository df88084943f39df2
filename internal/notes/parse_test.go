package notes

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// FuzzParse: no stored bytes make Parse panic, and whatever it accepts
// validates and survives a round trip.
func FuzzParse(f *testing.F) {
	n := New("K7Q4M2X", OnVisit, piece.NewID(), "Dr. Rivera", "Calmer today.", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	good, _ := json.Marshal(n)
	f.Add(good)
	e, _ := json.Marshal(n.Edit("Dr. Rivera", "Calmer today; slept well.", time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)))
	f.Add(e)
	f.Add([]byte(`{"schema":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		if err != nil {
			return
		}
		if err := n.Validate(); err != nil {
			t.Fatalf("Parse accepted a note that does not validate: %v", err)
		}
		again, _ := json.Marshal(n)
		if _, err := Parse(again); err != nil {
			t.Fatalf("a parsed note does not parse again: %v", err)
		}
	})
}

// TestValidateRefuses: what a hostile or broken note may not be.
func TestValidateRefuses(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	good := New("K7Q4M2X", OnPiece, piece.NewID(), "Dr. Rivera", "ok", at)
	for name, change := range map[string]func(*Note){
		"lower-case code":  func(n *Note) { n.Patient = "k7q4m2x" },
		"code with an I":   func(n *Note) { n.Patient = "K7Q4M2I" },
		"no text":          func(n *Note) { n.Text = "" },
		"text too long":    func(n *Note) { n.Text = string(make([]rune, MaxText+1)) },
		"on nothing":       func(n *Note) { n.On = "kiosk" },
		"edit of nothing":  func(n *Note) { n.ID = piece.NewID() },
		"uuid v4 target":   func(n *Note) { n.Target = "6ba7b810-9dad-41d1-80b4-00c04fd430c8" },
		"no author":        func(n *Note) { n.Author = "" },
		"future schema":    func(n *Note) { n.Schema = 2 },
		"zero time":        func(n *Note) { n.Written = time.Time{} },
		"invalid utf-8":    func(n *Note) { n.Text = "\xff" },
		"first that edits": func(n *Note) { n.Supersedes = piece.NewID() },
	} {
		n := good
		change(&n)
		if err := n.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("a good note: %v", err)
	}
}
