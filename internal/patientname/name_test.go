package patientname

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzParse: no stored bytes make Parse panic, and what it accepts
// validates and survives a round trip.
func FuzzParse(f *testing.F) {
	good, _ := json.Marshal(New("K7Q4M2X", "Zoë A.", "Dr. Rivera", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)))
	f.Add(good)
	f.Add([]byte(`{"schema":1,"name":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		if err != nil {
			return
		}
		again, _ := json.Marshal(n)
		if _, err := Parse(again); err != nil {
			t.Fatalf("a parsed name does not parse again: %v", err)
		}
	})
}

// TestValidateRefuses: what a stored name may not be.
func TestValidateRefuses(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	good := New("K7Q4M2X", "Zoë A.", "Dr. Rivera", at)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := New("K7Q4M2X", "", "Dr. Rivera", at).Validate(); err != nil {
		t.Fatalf("clearing a name: %v", err)
	}
	for name, change := range map[string]func(*Name){
		"dashed code":   func(n *Name) { n.Patient = "K7Q-4M2X" },
		"not a code":    func(n *Name) { n.Patient = "K7Q4M2I" },
		"too long":      func(n *Name) { n.Name = string(make([]rune, MaxName+1)) },
		"two lines":     func(n *Name) { n.Name = "Zoë\nA." },
		"bidi override": func(n *Name) { n.Name = "Zoë \u202eA." },
		"no author":     func(n *Name) { n.Author = "" },
		"future schema": func(n *Name) { n.Schema = 2 },
		"no time":       func(n *Name) { n.Written = time.Time{} },
		"uuid v4 id":    func(n *Name) { n.ID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8" },
	} {
		n := good
		change(&n)
		if err := n.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
