package station

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// tenMinuteDraft checkpoints, in a spool at dir sealed with s, a
// 10-minute recording as the kiosk does while it records: a draft started
// by the first ~10 s segment, each later one appended.
func tenMinuteDraft(b *testing.B, dir string, s *seal.Sealer) {
	b.Helper()
	sp, err := spool.Open(dir, s)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	m := piece.New(piece.Music, "lounge-1", "K7Q4M2X", time.Now())
	pcm := make([]int16, media.SegmentLength)
	for i := 0; i < 60; i++ {
		for j := range pcm {
			pcm[j] = int16(9000 * math.Sin(2*math.Pi*440*float64(i*len(pcm)+j)/media.SegmentRate))
		}
		seg := spool.Bytes(fmt.Sprintf("s%04d", i+1), piece.RoleSegment, media.SegmentMediaType, media.EncodeSegment(i, pcm))
		if i == 0 {
			err = sp.SaveDraft(ctx, m, []spool.BlobSource{seg})
		} else {
			err = sp.AppendDraftSegment(ctx, m.ID, seg)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecoverTenMinuteRecordingAtStart times what a kiosk does at start
// with a 10-minute recording's draft left by a crash (60 sealed segments,
// 55 MiB): the spool opened (its draft recovery) and recoverDrafts, as
// Open runs them. Every kiosk promotes the draft as it stands (the
// gallery rebuilds it); a production kiosk's is sealed to the clinic's
// post-quantum recipient, a development kiosk's to its development key.
// Each iteration starts from a fresh copy of the crashed spool (the copy
// is not timed). Target: under 1.5 s. It reports
// wall time (ns/op) and the CPU time used (cpu-s/op, all cores).
func BenchmarkRecoverTenMinuteRecordingAtStart(b *testing.B) {
	_, clinic, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		b.Fatal(err)
	}
	prod, err := seal.NewSealer(clinic)
	if err != nil {
		b.Fatal(err)
	}
	devDir := b.TempDir()
	dev, _, err := seal.NewDevSealer(devDir)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		sealer *seal.Sealer
	}{
		{"production-promote", prod},
		{"development-promote", dev},
	} {
		b.Run(c.name, func(b *testing.B) {
			crashed := filepath.Join(b.TempDir(), "crashed")
			tenMinuteDraft(b, crashed, c.sealer)
			var cpu time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), "spool")
				if out, err := exec.Command("cp", "-a", crashed, dir).CombinedOutput(); err != nil {
					b.Fatalf("copy the crashed spool: %v %s", err, out)
				}
				b.StartTimer()
				before := cpuTime()
				sp, err := spool.Open(dir, c.sealer)
				if err != nil {
					b.Fatal(err)
				}
				if err := recoverDrafts(context.Background(), sp, quiet); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - before
				b.StopTimer()
				ps, err := sp.Pieces()
				if err != nil || len(ps) != 1 {
					b.Fatalf("%d pieces after recovery (%v), want the recording", len(ps), err)
				}
				os.RemoveAll(dir)
				b.StartTimer()
			}
			// The machine is shared: CPU time says what the work costs
			// apart from waiting for a core.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// cpuTime is the CPU time (user + system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
