package patientcode

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cheap keeps tests fast; the format and logic are the same as DefaultKDF's.
var cheap = KDF{Memory: 64, Time: 1, Threads: 1}

func mustCode(t *testing.T) Code {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRegistryCheck(t *testing.T) {
	r, err := NewRegistry(cheap)
	if err != nil {
		t.Fatal(err)
	}
	forever, expiring, never := mustCode(t), mustCode(t), mustCode(t)
	if err := r.Add(forever, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(expiring, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	dayOf := time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)
	dayAfter := time.Date(2027, 1, 1, 0, 0, 1, 0, time.UTC)
	cases := []struct {
		c    Code
		now  time.Time
		want Status
	}{
		{forever, dayAfter, OK},
		{expiring, dayOf, OK},
		{expiring, dayAfter, Expired},
		{never, dayOf, Unknown},
		{Code(strings.ToLower(string(forever))), dayOf, Unknown}, // not canonical
	}
	for i, tc := range cases {
		if got := r.Check(tc.c, tc.now); got != tc.want {
			t.Errorf("case %d: Check = %v, want %v", i, got, tc.want)
		}
	}
	if !r.Has(expiring) || r.Has(never) || r.Len() != 2 {
		t.Errorf("Has/Len wrong: %v %v %d", r.Has(expiring), r.Has(never), r.Len())
	}
}

func TestRegistrySaveLoadKeepsNoCodes(t *testing.T) {
	r, err := NewRegistry(cheap)
	if err != nil {
		t.Fatal(err)
	}
	var codes []Code
	for i := 0; i < 20; i++ {
		c := mustCode(t)
		codes = append(codes, c)
		exp := time.Time{}
		if i%2 == 0 {
			exp = time.Date(2026, 6, 1+i, 0, 0, 0, 0, time.UTC)
		}
		if err := r.Add(c, exp); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "codes.txt")
	if err := r.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		for _, form := range []string{string(c), c.String(), strings.ToLower(string(c))} {
			if bytes.Contains(data, []byte(form)) {
				t.Fatalf("registry file contains a code in the clear")
			}
		}
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	for i, c := range codes {
		want := OK
		if i%2 == 0 && i+1 < 10 {
			want = Expired
		}
		if s := got.Check(c, now); s != want {
			t.Errorf("code %d: Check after reload = %v, want %v", i, s, want)
		}
	}
	// Writing again gives the same bytes: sorted and stable.
	var again bytes.Buffer
	if _, err := got.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), data) {
		t.Fatal("rewriting a loaded registry changed it")
	}
}

func TestRegistrySaltsDiffer(t *testing.T) {
	c := mustCode(t)
	a, _ := NewRegistry(cheap)
	b, _ := NewRegistry(cheap)
	a.Add(c, time.Time{})
	b.Add(c, time.Time{})
	var wa, wb bytes.Buffer
	a.WriteTo(&wa)
	b.WriteTo(&wb)
	la := strings.Split(strings.TrimSpace(wa.String()), "\n")
	lb := strings.Split(strings.TrimSpace(wb.String()), "\n")
	if la[len(la)-1] == lb[len(lb)-1] {
		t.Fatal("the same code hashes the same in two registries: salt not used")
	}
}

func TestReadRejects(t *testing.T) {
	good := "afterimage-patient-codes 1\nargon2id m=64 t=1 p=1 salt=AAAAAAAAAAAAAAAAAAAAAA\n"
	hash := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	cases := map[string]string{
		"empty":        "",
		"no kdf":       "afterimage-patient-codes 1\n",
		"wrong header": "afterimage-patient-codes 2\n",
		"huge memory":  "afterimage-patient-codes 1\nargon2id m=99999999 t=1 p=1 salt=AAAAAAAAAAAAAAAAAAAAAA\n",
		"zero time":    "afterimage-patient-codes 1\nargon2id m=64 t=0 p=1 salt=AAAAAAAAAAAAAAAAAAAAAA\n",
		"short salt":   "afterimage-patient-codes 1\nargon2id m=64 t=1 p=1 salt=AAAA\n",
		"bad date":     good + hash + " 2026-02-30\n",
		"short hash":   good + "AAAA -\n",
		"three fields": good + hash + " - x\n",
		"duplicate":    good + hash + " -\n" + hash + " 2026-01-01\n",
	}
	for name, in := range cases {
		if _, err := Read(strings.NewReader(in)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
	if r, err := Read(strings.NewReader(good + "\n# comment\n" + hash + " -\n")); err != nil || r.Len() != 1 {
		t.Errorf("good file: %v, %v", r, err)
	}
}

func FuzzRead(f *testing.F) {
	r, _ := NewRegistry(cheap)
	c, _ := New()
	r.Add(c, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	r.Add(fromValues([Length]int{1, 2, 3, 4, 5, 6}), time.Time{})
	var b bytes.Buffer
	r.WriteTo(&b)
	f.Add(b.Bytes())
	f.Add([]byte("afterimage-patient-codes 1\nargon2id m=64 t=1 p=1 salt=AAAAAAAAAAAAAAAAAAAAAA\n"))
	f.Add([]byte("afterimage-patient-codes 1\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Read(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// What was read writes back and reads again to the same thing.
		var out bytes.Buffer
		if _, err := r.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		r2, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("rewritten registry does not read: %v", err)
		}
		var out2 bytes.Buffer
		r2.WriteTo(&out2)
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatal("registry does not round-trip")
		}
	})
}
