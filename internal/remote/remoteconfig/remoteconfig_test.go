package remoteconfig

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestCheckKioskNamesTheCertificate: an S3 address whose certificate this
// computer does not trust is a certificate problem naming remote.ca_file,
// not "offline"; with the CA in remote.ca_file the same server is reached;
// a closed port is offline (an error that is not a config problem).
func TestCheckKioskNamesTheCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "not S3", http.StatusTeapot)
	}))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemCert, 0o600); err != nil {
		t.Fatal(err)
	}
	closed := httptest.NewTLSServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	check := func(url, ca string) error {
		cfg := &config.Config{KioskID: "lounge-1", Remote: config.Remote{
			Type: config.RemoteS3, URL: url, Bucket: "afterimage", AccessKey: "k", SecretKey: "s", CAFile: ca,
		}}
		r, err := Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		return CheckKiosk(ctx, r.(*s3.S3), cfg)
	}
	var ps config.Problems
	if err := check(srv.URL, ""); !errors.As(err, &ps) || ps[0].Field != "remote.ca_file" || !strings.Contains(ps[0].Message, "authority") {
		t.Fatalf("untrusted certificate: %v, want a remote.ca_file problem", err)
	}
	if err := check(srv.URL, caFile); !errors.As(err, &ps) || ps[0].Field != "remote.url" {
		t.Fatalf("trusted through ca_file, a server that is not S3: %v, want a remote.url problem", err)
	}
	if err := check(closedURL, ""); err == nil || config.IsProblems(err) {
		t.Fatalf("closed port: %v, want an offline error, not a config problem", err)
	}
}
