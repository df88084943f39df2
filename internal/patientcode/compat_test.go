package patientcode

import (
	"testing"
	"time"
)

// testdata/registry-before-kdf was written by Save with DefaultKDF before
// the argon2id costs moved to internal/kdf, with the two (made-up) codes
// below: registries issued then must keep answering.
func TestARegistryMadeBeforeTheSharedCostsStillAnswers(t *testing.T) {
	r, err := Load("testdata/registry-before-kdf")
	if err != nil {
		t.Fatal(err)
	}
	if r.Costs() != DefaultKDF {
		t.Errorf("the old registry's costs %+v differ from DefaultKDF %+v", r.Costs(), DefaultKDF)
	}
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for code, want := range map[string]Status{"8DH-5Q36": OK, "1FD-8W8Q": Expired} {
		c, err := Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Check(c, now); got != want {
			t.Errorf("Check(%s) = %v; want %v", code, got, want)
		}
	}
	other := mustCode(t)
	if got := r.Check(other, now); got != Unknown {
		t.Errorf("Check(a code never issued) = %v; want unknown", got)
	}
}
