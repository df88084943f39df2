package seal

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

const benchSize = 256 << 20 // 256 MiB per operation

func benchData() []byte {
	data := make([]byte, benchSize)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i+8 <= len(data); i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			data[i+j] = byte(v >> (8 * j))
		}
	}
	return data
}

// BenchmarkSealThroughput streams 256 MiB through Seal into io.Discard, as
// the spool does for a large blob. Target: at least 1 GB/s.
func BenchmarkSealThroughput(b *testing.B) {
	data := benchData()
	for _, kt := range []KeyType{X25519, Hybrid} {
		b.Run(string(kt), func(b *testing.B) {
			_, r, err := GenerateIdentity(kt)
			if err != nil {
				b.Fatal(err)
			}
			s, err := NewSealer(r)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				w, err := s.Seal(io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenThroughput streams 256 MiB of sealed data through Open.
func BenchmarkOpenThroughput(b *testing.B) {
	data := benchData()
	id, r, err := GenerateIdentity(Hybrid)
	if err != nil {
		b.Fatal(err)
	}
	s, _ := NewSealer(r)
	o, _ := NewOpener(id)
	sealed, err := s.SealBytes(data)
	if err != nil {
		b.Fatal(err)
	}
	data = nil
	b.SetBytes(benchSize)
	for b.Loop() {
		pr, err := o.Open(bytes.NewReader(sealed))
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, pr); err != nil || n != benchSize {
			b.Fatal(n, err)
		}
	}
}
