package patientcode

import (
	"testing"
	"time"
)

// BenchmarkRegistryCheck is what a kiosk spends on one entered code with the
// default costs and 1000 issued codes.
func BenchmarkRegistryCheck(b *testing.B) {
	r, err := NewRegistry(DefaultKDF)
	if err != nil {
		b.Fatal(err)
	}
	cheap, _ := NewRegistry(KDF{Memory: 64, Time: 1, Threads: 1})
	for i := 0; i < 1000; i++ {
		c, _ := New()
		cheap.Add(c, time.Time{}) // fill fast, then borrow the entries
	}
	r.entries = cheap.entries
	c, _ := New()
	now := time.Now()
	b.ResetTimer()
	for b.Loop() {
		r.Check(c, now)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("k7q-4m2x")
	}
}
