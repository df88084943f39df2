package s3bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Env is the bench's shared MinIO server and a bucket made for one test.
type S3Env struct {
	Endpoint  string // host:port on loopback, plain HTTP
	AccessKey string
	SecretKey string
	Bucket    string // fresh, empty, removed with its objects at cleanup
	Client    *minio.Client
}

// S3 returns the bench's MinIO with a fresh bucket for this test.
func S3(t testing.TB) S3Env {
	t.Helper()
	benchenv.Require(t, "the MinIO test server", benchenv.EnvS3, benchenv.EnvS3Access, benchenv.EnvS3Secret)
	env := S3Env{
		Endpoint:  os.Getenv(benchenv.EnvS3),
		AccessKey: os.Getenv(benchenv.EnvS3Access),
		SecretKey: os.Getenv(benchenv.EnvS3Secret),
		Bucket:    "t-" + randomHex(8),
	}
	c, err := NewClient(env.Endpoint, env.AccessKey, env.SecretKey)
	if err != nil {
		t.Fatalf("testbench: s3 client: %v", err)
	}
	env.Client = c
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.MakeBucket(ctx, env.Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("testbench: make bucket on %s: %v", env.Endpoint, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// ForceDelete removes the bucket with whatever the test left in it.
		if err := c.RemoveBucketWithOptions(ctx, env.Bucket, minio.RemoveBucketOptions{ForceDelete: true}); err != nil {
			t.Logf("testbench: remove bucket %s: %v", env.Bucket, err)
		}
	})
	return env
}

// NewClient returns a plain-HTTP minio-go client for a loopback server, with
// trailing headers on so that checksummed puts work.
func NewClient(endpoint, access, secret string) (*minio.Client, error) {
	return minio.New(endpoint, &minio.Options{
		Creds:           credentials.NewStaticV4(access, secret, ""),
		Secure:          false,
		TrailingHeaders: true,
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}
