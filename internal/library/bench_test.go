package library

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// synth uploads n synthetic signed pieces for a kiosk straight to a remote
// (as the outbox would, without a spool), with workers puts at a time.
type synth struct {
	r      remote.Remote
	sealer *seal.Sealer
	signer map[string]*provenance.Signer
}

func (s *synth) piece(tb testing.TB, kiosk string, i int) {
	sha := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	m := piece.New(piece.Drawing, kiosk, "K7Q4M2X", time.Now())
	m.Finished, m.Title = time.Now(), fmt.Sprintf("%s-%d", kiosk, i)
	type obj struct {
		key  string
		data []byte
	}
	var objs []obj
	for _, b := range []struct{ name, role, mt string }{{"b1", piece.RoleOriginal, "image/png"}, {"b2", piece.RoleThumbnail, "image/jpeg"}} {
		plain := bytes.Repeat([]byte(b.name), 2048)
		sealed, err := s.sealer.SealBytes(plain)
		if err != nil {
			tb.Fatal(err)
		}
		m.Blobs = append(m.Blobs, piece.Blob{Name: b.name, Role: b.role, MediaType: b.mt, Size: int64(len(plain)), SHA256: sha(plain),
			SealedSize: int64(len(sealed)), SealedSHA256: sha(sealed)})
		objs = append(objs, obj{remote.BlobKey(kiosk, string(m.ID), b.name), sealed})
	}
	if err := s.signer[kiosk].Sign(m); err != nil {
		tb.Fatal(err)
	}
	data, err := m.Encode()
	if err != nil {
		tb.Fatal(err)
	}
	sealed, err := s.sealer.SealBytes(data)
	if err != nil {
		tb.Fatal(err)
	}
	objs = append(objs, obj{remote.ManifestKey(kiosk, string(m.ID)), sealed})
	for _, o := range objs {
		if _, err := s.r.Put(context.Background(), o.key, bytes.NewReader(o.data), int64(len(o.data)), sha(o.data)); err != nil {
			tb.Fatalf("put %s: %v", o.key, err)
		}
	}
}

// upload puts per pieces for each kiosk, workers at a time.
func (s *synth) upload(tb testing.TB, kiosks []string, per, workers int) {
	type job struct {
		kiosk string
		i     int
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s.piece(tb, j.kiosk, j.i)
			}
		}()
	}
	for i := 0; i < per; i++ {
		for _, k := range kiosks {
			jobs <- job{k, i}
		}
	}
	close(jobs)
	wg.Wait()
}

// BenchmarkPull10k: 10,000 synthetic pieces from 20 kiosks in MinIO. "cold"
// is a first pull into an empty library; "incremental" a pull with nothing
// new after a restart's first (full) pull; "restart+10" checks that after a
// restart an incremental pull finds exactly 10 new pieces.
func BenchmarkPull10k(b *testing.B) {
	env := s3bench.S3(b)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		b.Fatal(err)
	}
	sealer, opener := keys(b)
	s := &synth{r: r, sealer: sealer, signer: map[string]*provenance.Signer{}}
	trust := provenance.NewTrust()
	var kiosks []string
	for i := 0; i < 20; i++ {
		k := fmt.Sprintf("lounge-%02d", i)
		kiosks = append(kiosks, k)
		s.signer[k], _ = provenance.NewSigner()
		trust.Add(k, s.signer[k].PublicKey())
	}
	start := time.Now()
	s.upload(b, kiosks, 500, 8)
	b.Logf("uploaded 10,000 pieces in %v", time.Since(start).Round(time.Millisecond))
	opts := func(o *Options) { o.Trust = trust }
	base, runs := b.TempDir(), 0 // outlives the sub-benchmarks
	var warmDir string
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			runs++
			dir := filepath.Join(base, fmt.Sprint(runs))
			rss := peakRSS(b)
			lib := openLib(b, dir, r, opener, opts)
			p, err := lib.Pull(context.Background())
			if err != nil || len(p.Pieces) != 10000 {
				b.Fatalf("cold pull: %d pieces, %v", len(p.Pieces), err)
			}
			b.ReportMetric(float64(rss())/1e6, "peak-RSS-MB")
			warmDir = dir
		}
	})
	b.Run("incremental", func(b *testing.B) {
		lib := openLib(b, warmDir, r, opener, opts)
		if p, err := lib.Pull(context.Background()); err != nil || len(p.Pieces) != 0 { // the start's full listing
			b.Fatalf("first pull after a restart: %d pieces, %v", len(p.Pieces), err)
		}
		for b.Loop() {
			if p, err := lib.Pull(context.Background()); err != nil || len(p.Pieces) != 0 {
				b.Fatalf("incremental pull: %d pieces, %v", len(p.Pieces), err)
			}
		}
	})
	b.Run("restart+10", func(b *testing.B) {
		for b.Loop() {
			lib := openLib(b, warmDir, r, opener, opts)
			lib.Pull(context.Background())
			s.upload(b, kiosks[:10], 1, 4)
			p, err := lib.Pull(context.Background())
			if err != nil || len(p.Pieces) != 10 || !strings.HasPrefix(p.Pieces[0].Manifest.Title, "lounge-") {
				b.Fatalf("incremental pull after 10 new: %d pieces, %v", len(p.Pieces), err)
			}
		}
	})
}
