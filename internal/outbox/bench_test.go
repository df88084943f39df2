package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// BenchmarkUploadVsMcMirror uploads 200 pieces of ≈1.5 MB (≈300 MB sealed)
// with the outbox, and mirrors the same sealed files with `mc mirror` into
// another bucket of the same server, in the same run. Metrics: MB/s of
// each and their ratio (outbox ÷ mc).
//
//	go test -run='^$' -bench=UploadVsMcMirror -benchtime=1x -count=5 ./internal/outbox
func BenchmarkUploadVsMcMirror(b *testing.B) {
	mc := benchenv.Tool(b, "mc")
	var outboxMBs, mcMBs float64
	for range b.N {
		b.StopTimer()
		env := s3bench.S3(b)
		sp := newSpool(b)
		for range 200 {
			savePiece(b, sp, 1500<<10)
		}
		total := pendingSealedBytes(b, sp)
		// A copy of the sealed files for mc, made before the outbox removes them.
		src := b.TempDir()
		if out, err := exec.Command("cp", "-a", sp.Dir()+"/.", src).CombinedOutput(); err != nil {
			b.Fatalf("cp: %v %s", err, out)
		}
		r := newS3(b, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
		o, err := outbox.New(outbox.Options{KioskID: kioskID, Remote: r, Source: outbox.FromSpool(sp), StateDir: b.TempDir(), Backoff: fastBackoff, Concurrency: 8,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		b.StartTimer()
		t0 := time.Now()
		done := make(chan struct{})
		go func() { o.Run(ctx); close(done) }()
		if err := o.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		outboxTime := time.Since(t0)
		b.StopTimer()
		cancel()
		<-done
		if st := o.Status(); st.Uploaded != 200 {
			b.Fatalf("uploaded %d pieces, want 200", st.Uploaded)
		}

		bucket2 := env.Bucket + "-mc"
		if err := env.Client.MakeBucket(context.Background(), bucket2, minio.MakeBucketOptions{}); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			env.Client.RemoveBucketWithOptions(context.Background(), bucket2, minio.RemoveBucketOptions{ForceDelete: true})
		})
		cmd := exec.Command(mc, "mirror", "--quiet", filepath.Join(src, "pieces"), "bench/"+bucket2)
		cmd.Env = append(os.Environ(), "MC_CONFIG_DIR="+b.TempDir(),
			"MC_HOST_bench=http://"+env.AccessKey+":"+env.SecretKey+"@"+env.Endpoint)
		t1 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("mc mirror: %v %s", err, out)
		}
		mcTime := time.Since(t1)
		outboxMBs += float64(total) / 1e6 / outboxTime.Seconds()
		mcMBs += float64(total) / 1e6 / mcTime.Seconds()
	}
	b.ReportMetric(outboxMBs/float64(b.N), "outbox-MB/s")
	b.ReportMetric(mcMBs/float64(b.N), "mc-MB/s")
	b.ReportMetric(outboxMBs/mcMBs, "ratio")
}

func pendingSealedBytes(b *testing.B, sp *spool.Spool) int64 {
	entries, err := sp.Pieces()
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, e := range entries {
		for _, f := range e.Files() {
			n += f.SealedSize
		}
	}
	return n
}

// BenchmarkSaveToVerified: one 1.5 MB piece from spool.Save to verified in
// the bucket (and removed from the spool) on loopback MinIO.
//
//	go test -run='^$' -bench=SaveToVerified -benchtime=20x -count=5 ./internal/outbox
func BenchmarkSaveToVerified(b *testing.B) {
	env := s3bench.S3(b)
	r := newS3(b, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
	sp := newSpool(b)
	o := start(b, outbox.Options{Remote: r, Source: outbox.FromSpool(sp)})
	updates, stop := o.Watch()
	defer stop()
	uploaded := 0
	b.ResetTimer()
	for range b.N {
		savePiece(b, sp, 1500<<10)
		o.Kick()
		for st := range updates {
			if st.Uploaded > uploaded {
				uploaded = st.Uploaded
				break
			}
		}
	}
}

// BenchmarkSaveToGallery: one 1.5 MB piece from spool.Save until a gallery
// pull (library) returns it, verified and decrypted.
//
//	go test -run='^$' -bench=SaveToGallery -benchtime=20x -count=5 ./internal/outbox
func BenchmarkSaveToGallery(b *testing.B) {
	env := s3bench.S3(b)
	r := newS3(b, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket)
	id, rcpt, err := seal.GenerateIdentity(seal.X25519)
	if err != nil {
		b.Fatal(err)
	}
	sealer, err := seal.NewSealer(rcpt)
	if err != nil {
		b.Fatal(err)
	}
	opener, err := seal.NewOpener(id)
	if err != nil {
		b.Fatal(err)
	}
	sp, err := spool.Open(b.TempDir(), sealer)
	if err != nil {
		b.Fatal(err)
	}
	signer, err := provenance.NewSigner() // the kiosk signs; the gallery trusts it
	if err != nil {
		b.Fatal(err)
	}
	sp.SetSigner(signer)
	trust := provenance.NewTrust()
	trust.Add(kioskID, signer.PublicKey())
	lib, err := library.OpenOptions(b.TempDir(), newS3(b, env.Endpoint, env.AccessKey, env.SecretKey, env.Bucket), opener, library.Options{Trust: trust})
	if err != nil {
		b.Fatal(err)
	}
	o := start(b, outbox.Options{Remote: r, Source: outbox.FromSpool(sp)})
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		pid := savePiece(b, sp, 1500<<10)
		o.Kick()
		for seen := false; !seen; {
			got, err := lib.Pull(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range got.Pieces {
				seen = seen || p.Manifest.ID == pid
			}
			if len(got.Damaged) > 0 {
				b.Fatalf("damaged: %+v", got.Damaged)
			}
		}
	}
}
