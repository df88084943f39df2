package s3_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

func newS3(t *testing.T) *s3.S3 {
	env := s3bench.S3(t)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConformance(t *testing.T) {
	remotetest.Run(t, func(t *testing.T) remote.Remote { return newS3(t) })
}

// Objects carry the SHA-256 as their stored checksum and no user metadata.
func TestPutStoresChecksumAndNoMetadata(t *testing.T) {
	r := newS3(t)
	b := remotetest.RandomBlob(200 << 10)
	remotetest.Put(t, r, "v1/pieces/k/p/b1.age", b)
	oi, err := r.Client().StatObject(t.Context(), r.Bucket(), "v1/pieces/k/p/b1.age", minio.StatObjectOptions{Checksum: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(oi.UserMetadata) != 0 {
		t.Errorf("object has user metadata: %v", oi.UserMetadata)
	}
	if oi.ChecksumSHA256 == "" {
		t.Errorf("object stored without a SHA-256 checksum")
	}
	tags, err := r.Client().GetObjectTagging(t.Context(), r.Bucket(), "v1/pieces/k/p/b1.age", minio.GetObjectTaggingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.ToMap()) != 0 {
		t.Errorf("object has tags: %v", tags.ToMap())
	}
}

func TestMissingBucketIsInvalid(t *testing.T) {
	env := s3bench.S3(t)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: "no-such-bucket-" + env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	b := remotetest.RandomBlob(10)
	_, err = r.Put(t.Context(), "k", bytes.NewReader(b.Data), 10, b.Sum)
	if !remote.IsPermanent(err) {
		t.Fatalf("put into a missing bucket: %v, want a permanent error", err)
	}
}

func TestWrongSecretIsPermission(t *testing.T) {
	env := s3bench.S3(t)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: "wrong-" + env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	b := remotetest.RandomBlob(10)
	if _, err = r.Put(t.Context(), "k", bytes.NewReader(b.Data), 10, b.Sum); !remote.IsPermission(err) {
		t.Fatalf("put with a wrong secret: %v, want ErrPermission", err)
	}
}

// TLS with a clinic's private CA: trusted through Config.CAFile, refused
// without it.
func TestTLSWithCustomCA(t *testing.T) {
	env := s3bench.StartTLS(t, "tls")
	cfg := s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey, TLS: true, CAFile: env.CAFile}
	r, err := s3.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	b := remotetest.RandomBlob(1 << 20)
	remotetest.Put(t, r, "v1/pieces/k/p/b1.age", b)
	if got := remotetest.Read(t, r, "v1/pieces/k/p/b1.age"); !bytes.Equal(got, b.Data) {
		t.Fatalf("TLS round trip changed the bytes")
	}

	cfg.CAFile = ""
	untrusting, err := s3.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = untrusting.Stat(ctx, "v1/pieces/k/p/b1.age")
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA, stat: %v, want a certificate error", err)
	}
}
