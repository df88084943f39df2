package i18ncheck

import (
	"fmt"
	"strings"
	"testing"
)

// recorder notes what the check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestItFindsEachKindOfMismatch: a text worded otherwise, a text missing
// from the file and a key under the prefix the package never shows are each
// reported; a matching set is not.
func TestItFindsEachKindOfMismatch(t *testing.T) {
	real := English(t, "studio.en.json", nil, "no-such-prefix.", "nobody")
	var key, text string
	for k, v := range real {
		if strings.HasPrefix(k, "studio.quiet.") {
			key, text = k, v
			break
		}
	}
	if key == "" {
		t.Fatal("no studio.quiet. text in studio.en.json")
	}
	quiet := map[string]string{}
	for k, v := range real {
		if strings.HasPrefix(k, "studio.quiet.") {
			quiet[k] = v
		}
	}
	r := &recorder{TB: t}
	English(r, "studio.en.json", quiet, "studio.quiet.", "the quiet space")
	if len(r.errs) != 0 {
		t.Fatalf("the file's own texts reported: %v", r.errs)
	}
	quiet[key] = text + " (changed)"
	quiet["studio.quiet.missing"] = "Not in the file"
	var other string
	for k := range quiet {
		if k != key && k != "studio.quiet.missing" {
			other = k
			break
		}
	}
	delete(quiet, other)
	r = &recorder{TB: t}
	English(r, "studio.en.json", quiet, "studio.quiet.", "the quiet space")
	want := []string{key + " = ", "studio.quiet.missing = ", "has " + other + ","}
	for _, w := range want {
		found := false
		for _, e := range r.errs {
			found = found || strings.Contains(e, w)
		}
		if !found {
			t.Errorf("no report containing %q in %v", w, r.errs)
		}
	}
	if len(r.errs) != len(want) {
		t.Errorf("%d reports, want %d: %v", len(r.errs), len(want), r.errs)
	}
}
