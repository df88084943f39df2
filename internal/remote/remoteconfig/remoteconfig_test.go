package remoteconfig

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestOpenFolder(t *testing.T) {
	r, err := Open(&config.Config{Remote: config.Remote{Type: config.RemoteDir, Dir: t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if msg := CheckVersioning(context.Background(), r, quiet); msg != "" {
		t.Fatalf("a folder remote: %q", msg)
	}
	if _, err := Open(&config.Config{Remote: config.Remote{Type: "ftp"}}); !config.IsProblems(err) {
		t.Fatalf("unknown type: %v", err)
	}
}

// TestCheckVersioning: the gallery says so when the bucket does not keep
// versions, and is quiet once it does.
func TestCheckVersioning(t *testing.T) {
	env := s3bench.S3(t)
	r, err := s3.New(s3.Config{Endpoint: env.Endpoint, Bucket: env.Bucket, AccessKey: env.AccessKey, SecretKey: env.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	if msg := CheckVersioning(t.Context(), r, quiet); !strings.Contains(msg, "versions") {
		t.Fatalf("an unversioned bucket: %q", msg)
	}
	if err := env.Client.SetBucketVersioning(t.Context(), env.Bucket, minio.BucketVersioningConfiguration{Status: "Enabled"}); err != nil {
		t.Fatal(err)
	}
	if msg := CheckVersioning(t.Context(), r, quiet); msg != "" {
		t.Fatalf("a versioned bucket: %q", msg)
	}
}
