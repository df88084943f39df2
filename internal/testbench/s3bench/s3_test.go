package s3bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// TestMinIOChecksummedPutGet proves the bench's MinIO takes a put with a
// SHA-256 checksum, returns the same bytes, and rejects a wrong checksum.
func TestMinIOChecksummedPutGet(t *testing.T) {
	s3 := S3(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	data := bytes.Repeat([]byte("afterimage "), 100_000)
	sum := sha256.Sum256(data)
	info, err := s3.Client.PutObject(ctx, s3.Bucket, "bench/object", bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	if want := base64.StdEncoding.EncodeToString(sum[:]); info.ChecksumSHA256 != want {
		t.Fatalf("put checksum = %q, want %q", info.ChecksumSHA256, want)
	}
	obj, err := s3.Client.GetObject(ctx, s3.Bucket, "bench/object", minio.GetObjectOptions{})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	got, err := io.ReadAll(obj)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes back, want the %d put", len(got), len(data))
	}
	// A checksum that does not match the body must be refused by the server.
	bad := sha256.Sum256([]byte("something else"))
	_, err = s3.Client.PutObject(ctx, s3.Bucket, "bench/bad", bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{UserMetadata: map[string]string{"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(bad[:])}})
	if err == nil {
		t.Fatal("put with a wrong SHA-256 checksum succeeded")
	}
}
