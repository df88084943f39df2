package library

import (
	"context"
	"math"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// BenchmarkRebuildTenMinuteRecording times the gallery opening a 10-minute
// recording a production kiosk recovered after a crash (60 segments sealed
// to the clinic's post-quantum recipient, pulled once, untimed): each blob
// read from the encrypted cache, decrypted and verified, the segments
// joined, and the FLAC, waveform and peaks made (Piece.Rebuild). It
// reports wall time (ns/op) and the CPU time used (cpu-s/op, all cores).
func BenchmarkRebuildTenMinuteRecording(b *testing.B) {
	id, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		b.Fatal(err)
	}
	s, err := seal.NewSealer(rcpt)
	if err != nil {
		b.Fatal(err)
	}
	o, err := seal.NewOpener(id)
	if err != nil {
		b.Fatal(err)
	}
	r, err := dir.Open(filepath.Join(b.TempDir(), "remote"))
	if err != nil {
		b.Fatal(err)
	}
	k := newKiosk(b, "lounge-1", s, r)
	segs := make([][]byte, 60)
	pcm := make([]int16, media.SegmentLength)
	for i := range segs {
		for j := range pcm {
			pcm[j] = int16(9000 * math.Sin(2*math.Pi*440*float64(i*len(pcm)+j)/media.SegmentRate))
		}
		segs[i] = media.EncodeSegment(i, pcm)
	}
	_, recID := k.crashedDrafts(b, s, testStrokes(4), segs...)
	lib, err := OpenOptions(b.TempDir(), r, o, Options{Logger: quiet, Trust: trustAll{}})
	if err != nil {
		b.Fatal(err)
	}
	p, err := lib.Pull(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var rec *Piece
	for _, pc := range p.Pieces {
		if pc.Manifest.ID == recID {
			rec = pc
		}
	}
	if rec == nil {
		b.Fatal("the recovered recording was not pulled")
	}
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rb, err := rec.Rebuild(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if rb.Samples != 60*media.SegmentLength || rb.Output(piece.RoleOriginal) == nil {
			b.Fatalf("rebuilt %d samples", rb.Samples)
		}
	}
	b.StopTimer()
	// The machine is shared: CPU time says what the work costs apart from
	// waiting for a core.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time (user + system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
