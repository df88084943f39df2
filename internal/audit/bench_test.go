package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// BenchmarkVerify100k times Verify, the work of `afterimage audit verify`
// after it has read its config and opened the clinic's identity: listing
// the chain's objects, reading, opening (post-quantum hybrid recipient)
// and parsing each, and checking every entry's place, link and Ed25519
// signature, over one install's chain of 100,000 entries in a folder
// remote on the local disk. The chain is written as Log writes it
// (entries signed and chained, sealed in batches) but directly, without
// Log's per-entry file on disk, and is not timed. Batches of 1,000 are a
// gallery that was offline a long while; batches of 10 are a gallery
// flushing after each 2 s pull.
func BenchmarkVerify100k(b *testing.B) {
	for _, batch := range []int{1000, 10} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			r, opener, head, install := seedChain(b, benchEntries, batch)
			known := map[string]Head{install: head}
			b.ResetTimer()
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			for b.Loop() {
				chains, err := Verify(context.Background(), r, opener, known)
				if err != nil || len(chains) != 1 || !chains[0].OK() || chains[0].Entries != benchEntries {
					b.Fatalf("verify: %+v, %v", chains, err)
				}
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/verify")
			// CPU time (every thread): what a verify costs where the wall
			// time on a shared machine says how long it also waited.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/verify")
		})
	}
}

// seedChain writes a chain of n entries in objects of batch entries to a
// fresh folder remote.
func seedChain(b *testing.B, n, batch int) (*dir.Dir, *seal.Opener, Head, string) {
	b.Helper()
	r, err := dir.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	sealer, opener, err := seal.NewDevSealer(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	signer, err := provenance.NewSigner()
	if err != nil {
		b.Fatal(err)
	}
	const install = "gallery-0123456789ab"
	clock := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var prev Entry
	var body bytes.Buffer
	first := uint64(1)
	for i := 1; i <= n; i++ {
		e := Entry{Seq: uint64(i), Time: clock.Add(time.Duration(i) * time.Second), Install: install,
			Actor: "Dr. Inés Rivera", Action: PieceViewed, Patient: "K7Q4M2X", Piece: "01a2315a-9665-7352-bf8f-159e4b536fe8"}
		if i == 1 {
			e.Key = signer.PublicKey()
		} else {
			e.Prev = prev.Hash()
		}
		e.sign(signer)
		body.Write(e.line())
		body.WriteByte('\n')
		prev = e
		if i%batch == 0 || i == n {
			sealed, err := sealer.SealBytes(body.Bytes())
			if err != nil {
				b.Fatal(err)
			}
			sum := sha256.Sum256(sealed)
			if _, err := r.Put(context.Background(), ObjectKey(install, first, uint64(i)), bytes.NewReader(sealed), int64(len(sealed)), hex.EncodeToString(sum[:])); err != nil {
				b.Fatal(err)
			}
			body.Reset()
			first = uint64(i) + 1
		}
	}
	return r, opener, Head{Seq: prev.Seq, Hash: prev.Hash()}, install
}

// benchEntries is the chain's length in BenchmarkVerify100k.
var benchEntries = envInt("AUDIT_BENCH_ENTRIES", 100_000)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
