package admin

import (
	"testing"
	"time"
)

func TestParseWhen(t *testing.T) {
	local := func(y int, mo time.Month, d, h, mi int) time.Time {
		return time.Date(y, mo, d, h, mi, 0, 0, time.Local)
	}
	for in, want := range map[string]time.Time{
		"2026-11-30":           local(2026, 11, 30, 0, 0),
		"2026-11-30 18:05":     local(2026, 11, 30, 18, 5),
		"2026-11-30T18:05":     local(2026, 11, 30, 18, 5),
		"2026-11-30T18:05:00Z": time.Date(2026, 11, 30, 18, 5, 0, 0, time.UTC),
	} {
		if got, err := parseWhen(in); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "yesterday", "30/11/2026", "2026-13-01", "2026-11-30 25:00"} {
		if _, err := parseWhen(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
}

// FuzzParseWhen: any text either fails or gives a time that, written as
// revoke-kiosk records it (RFC 3339, whole seconds, UTC), reads back equal.
func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"2026-11-30", "2026-11-30 18:00", "2026-11-30T18:00:00+01:00", "0000-01-01", "9999-12-31T23:59:59.999Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseWhen(s)
		if err != nil {
			return
		}
		rec := at.Truncate(time.Second).UTC()
		if rec.Year() < 0 || rec.Year() > 9999 {
			return // not representable in RFC 3339
		}
		back, err := time.Parse(time.RFC3339, rec.Format(time.RFC3339))
		if err != nil || !back.Equal(rec) {
			t.Fatalf("%q: recorded %s reads back as %v, %v", s, rec.Format(time.RFC3339), back, err)
		}
	})
}
