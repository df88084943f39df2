package s3_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remotetest"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
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
	bin := benchenv.Tool(t, "minio")
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	caFile := writeTLS(t, certs)
	addr, console := benchenv.FreeAddr(t), benchenv.FreeAddr(t)
	cmd := exec.Command(bin, "server", "--quiet", "--address", addr, "--console-address", console,
		"--certs-dir", certs, filepath.Join(dir, "data"))
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER=tlsroot", "MINIO_ROOT_PASSWORD=tlsroot-secret",
		"MINIO_BROWSER=off", "MINIO_UPDATE=off")
	cmd.SysProcAttr = benchenv.ChildAttr()
	logf, err := os.Create(filepath.Join(dir, "minio.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-done; logf.Close() })

	cfg := s3.Config{Endpoint: addr, Bucket: "tls", AccessKey: "tlsroot", SecretKey: "tlsroot-secret", TLS: true, CAFile: caFile}
	r, err := s3.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for { // ready once the bucket can be made over TLS
		err = r.Client().MakeBucket(ctx, "tls", minio.MakeBucketOptions{})
		if err == nil {
			break
		}
		select {
		case <-done:
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("minio exited: %s", b)
		case <-ctx.Done():
			t.Fatalf("minio over TLS not ready: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
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

// writeTLS makes a CA and a server certificate for 127.0.0.1 in MinIO's
// --certs-dir layout and returns the CA's PEM file.
func writeTLS(t *testing.T, certs string) string {
	t.Helper()
	if err := os.MkdirAll(certs, 0o700); err != nil {
		t.Fatal(err)
	}
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Afterimage test clinic CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	srvKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	srv := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	caCert, _ := x509.ParseCertificate(caDER)
	srvDER, err := x509.CreateCertificate(rand.Reader, srv, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(srvKey)
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(certs, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("public.crt", "CERTIFICATE", srvDER)
	write("private.key", "EC PRIVATE KEY", keyDER)
	return write("ca.pem", "CERTIFICATE", caDER)
}
