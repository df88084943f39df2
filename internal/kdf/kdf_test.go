package kdf

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestTheCostsInUseAreWithinTheLimits(t *testing.T) {
	for name, p := range map[string]Params{"PIN": PIN, "Code": Code, "Slowest": Slowest} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s %+v: %v", name, p, err)
		}
	}
}

func TestValidateRefusesCostsOutOfRange(t *testing.T) {
	for name, p := range map[string]Params{
		"no lanes":        {Memory: 64, Time: 1, Threads: 0},
		"too many lanes":  {Memory: 1024, Time: 1, Threads: MaxThreads + 1},
		"too little mem":  {Memory: 15, Time: 1, Threads: 2},
		"too much memory": {Memory: MaxMemory + 1, Time: 1, Threads: 1},
		"no pass":         {Memory: 64, Time: 0, Threads: 1},
		"too many passes": {Memory: 64, Time: MaxTime + 1, Threads: 1},
	} {
		if p.Validate() == nil {
			t.Errorf("%s %+v: valid; want an error", name, p)
		}
	}
}

// TestKeyIsArgon2id pins Key to argon2id's output (RFC 9106's test parameters
// without secret or associated data; golang.org/x/crypto's own test vector): a stored hash must verify forever.
func TestKeyIsArgon2id(t *testing.T) {
	got := Params{Memory: 32, Time: 3, Threads: 4}.Key(bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16), 32)
	const wantKey = "03aab965c12001c9d7d0d2de33192c0494b684bb148196d73c1df1acaf6d0c2e"
	if hex.EncodeToString(got) != wantKey {
		t.Fatalf("Key = %x; want %s", got, wantKey)
	}
}
