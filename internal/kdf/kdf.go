package kdf

import (
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
}

// The costs new hashes are made with.
var (
	// PIN guards the staff PIN: 64 MiB, 3 passes, 2 lanes, about a tenth of
	// a second on a kiosk, so guessing a short PIN offline from a stolen
	// config is slow.
	PIN = Params{Memory: 64 * 1024, Time: 3, Threads: 2}

	// Code hashes the patient codes in a registry: a few tens of
	// milliseconds per code entered on a kiosk (and per code the admin CLI
	// issues, up to thousands at once), while trying all 2³⁰ codes against
	// a stolen registry costs years of CPU.
	Code = Params{Memory: 19 * 1024, Time: 2, Threads: 1}
)

// Limits on what a stored hash or registry file may ask for, so that a
// damaged or hostile one cannot make a kiosk allocate or compute without
// bound.
const (
	MaxMemory  = 256 * 1024 // KiB
	MaxTime    = 16
	MaxThreads = 16
)

// Slowest is the costliest hash the limits allow: the most memory and
// passes on a single lane (more lanes would run in parallel). It is what a
// hostile file can make one check cost, so tests of "the screen stays
// alive while a check runs" use it.
var Slowest = Params{Memory: MaxMemory, Time: MaxTime, Threads: 1}

// Validate reports whether p is within the limits.
func (p Params) Validate() error {
	if p.Threads < 1 || p.Threads > MaxThreads {
		return fmt.Errorf("argon2id threads %d out of range (1..%d)", p.Threads, MaxThreads)
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > MaxMemory {
		return fmt.Errorf("argon2id memory %d KiB out of range (8·threads..%d)", p.Memory, MaxMemory)
	}
	if p.Time < 1 || p.Time > MaxTime {
		return fmt.Errorf("argon2id time %d out of range (1..%d)", p.Time, MaxTime)
	}
	return nil
}

// Key derives an n-byte key from secret and salt with argon2id at p's
// costs. It is deliberately slow: never call it on the UI goroutine. p must
// be valid (Validate).
func (p Params) Key(secret, salt []byte, n uint32) []byte {
	return argon2.IDKey(secret, salt, p.Time, p.Memory, p.Threads, n)
}
