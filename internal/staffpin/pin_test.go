package staffpin

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// cheap keeps most tests fast; TestHashDefault covers the real costs.
var cheap = Params{Memory: 64, Time: 1, Threads: 1}

func TestHashDefault(t *testing.T) {
	enc, err := Hash("482915")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("encoded = %q", enc)
	}
	if strings.Contains(enc, "482915") {
		t.Fatal("encoded hash contains the PIN")
	}
	for pin, want := range map[string]bool{"482915": true, "482916": false, "48291": false, "": false} {
		ok, err := Verify(enc, pin)
		if err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pin, ok, err, want)
		}
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	a, _ := HashWith("1234", cheap)
	b, _ := HashWith("1234", cheap)
	if a == b {
		t.Fatal("two hashes of one PIN are equal: no salt")
	}
}

func TestHashRejectsBadPINs(t *testing.T) {
	for _, pin := range []string{"", "123", "12345678901234567", "12a4", "１２３４", "1234 "} {
		if _, err := HashWith(pin, cheap); !errors.Is(err, ErrBadPIN) {
			t.Errorf("HashWith(%q) err = %v, want ErrBadPIN", pin, err)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	good, _ := HashWith("1234", cheap)
	if _, err := Decode(good); err != nil {
		t.Fatalf("Decode(good) = %v", err)
	}
	parts := strings.Split(good, "$")
	bad := []string{
		"",
		"1234",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=64,", "m=99999999,", 1),
		strings.Replace(good, "m=64,", "m=064,", 1),
		strings.Replace(good, "t=1,", "t=0,", 1),
		strings.Replace(good, "p=1", "p=0", 1),
		strings.Replace(good, ",p=1", "", 1),
		good + "$",
		strings.Join(append(parts[:4:4], "!!", parts[5]), "$"),
		strings.Join(append(parts[:5:5], "AAAA"), "$"),
	}
	for _, enc := range bad {
		if _, err := Decode(enc); !errors.Is(err, ErrBadEncoded) {
			t.Errorf("Decode(%q) err = %v, want ErrBadEncoded", enc, err)
		}
		if _, err := Verify(enc, "1234"); err == nil {
			t.Errorf("Verify with %q did not fail", enc)
		}
	}
}

func FuzzDecode(f *testing.F) {
	good, _ := HashWith("1234", cheap)
	f.Add(good)
	f.Add("$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Add("$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA")
	f.Fuzz(func(t *testing.T, enc string) {
		d, err := Decode(enc)
		if err != nil {
			return
		}
		if d.Params.Validate() != nil || len(d.Salt) < 8 || len(d.Key) < 16 {
			t.Fatalf("Decode accepted out-of-range %+v", d.Params)
		}
	})
}

func TestGuardFiveWrongTriesSlowDown(t *testing.T) {
	enc, _ := HashWith("2468", cheap)
	g, err := NewGuard(enc, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	// Tries 1 and 2: wrong, no wait.
	for i := 1; i <= 2; i++ {
		if err := g.Try("0000", now); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("try %d: %v, want ErrWrongPIN", i, err)
		}
		if w := g.Wait(now); w != 0 {
			t.Fatalf("try %d: wait %v, want none", i, w)
		}
	}
	// Tries 3, 4, 5: each wrong one makes the next wait 1 s, 2 s, 4 s.
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if err := g.Try("0000", now); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("try %d: %v, want ErrWrongPIN", i+3, err)
		}
		if w := g.Wait(now); w != want {
			t.Fatalf("after try %d: wait %v, want %v", i+3, w, want)
		}
		// During the wait, even the right PIN is refused, with the time left.
		half := now.Add(want / 2)
		var we *WaitError
		if err := g.Try("2468", half); !errors.As(err, &we) || we.Wait != want/2 {
			t.Fatalf("try during wait: %v, want WaitError{%v}", err, want/2)
		}
		now = now.Add(want)
	}
	// After the wait the right PIN works and clears the count.
	if err := g.Try("2468", now); err != nil {
		t.Fatalf("right PIN after wait: %v", err)
	}
	if err := g.Try("0000", now); !errors.Is(err, ErrWrongPIN) || g.Wait(now) != 0 {
		t.Fatalf("first wrong PIN after success: %v, wait %v; want no wait", err, g.Wait(now))
	}
}

func TestGuardDelayIsCapped(t *testing.T) {
	enc, _ := HashWith("2468", cheap)
	g, _ := NewGuard(enc, Policy{FreeTries: 0, Base: time.Second, Max: 5 * time.Minute})
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var last time.Duration
	for i := 0; i < 40; i++ {
		if err := g.Try("1111", now); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("try %d: %v", i, err)
		}
		last = g.Wait(now)
		now = now.Add(last)
	}
	if last != 5*time.Minute {
		t.Fatalf("wait after 40 wrong PINs = %v, want the 5 min cap", last)
	}
}

func TestNewGuardRejectsBadHash(t *testing.T) {
	if _, err := NewGuard("", Policy{}); !errors.Is(err, ErrBadEncoded) {
		t.Fatalf("NewGuard(\"\") = %v, want ErrBadEncoded", err)
	}
}
