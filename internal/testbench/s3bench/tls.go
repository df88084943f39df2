package s3bench

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// TLSEnv is a MinIO of one test's own serving TLS with a private CA (as a
// clinic's S3 may), with one bucket made.
type TLSEnv struct {
	Endpoint  string // 127.0.0.1:port
	AccessKey string
	SecretKey string
	Bucket    string
	CAFile    string // the CA's PEM certificate
}

// StartTLS starts a MinIO serving TLS for 127.0.0.1 with a CA made for
// the test, makes bucket on it and stops it at the test's end.
func StartTLS(t testing.TB, bucket string) TLSEnv {
	t.Helper()
	bin := benchenv.Tool(t, "minio")
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	env := TLSEnv{Endpoint: benchenv.FreeAddr(t), AccessKey: "tlsroot", SecretKey: "tlsroot-secret", Bucket: bucket, CAFile: writeCerts(t, certs)}
	cmd := exec.Command(bin, "server", "--quiet", "--address", env.Endpoint, "--console-address", benchenv.FreeAddr(t),
		"--certs-dir", certs, filepath.Join(dir, "data"))
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER="+env.AccessKey, "MINIO_ROOT_PASSWORD="+env.SecretKey,
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

	pool := x509.NewCertPool()
	caPEM, _ := os.ReadFile(env.CAFile)
	pool.AppendCertsFromPEM(caPEM)
	c, err := minio.New(env.Endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(env.AccessKey, env.SecretKey, ""), Secure: true,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for { // ready once the bucket can be made over TLS
		err = c.MakeBucket(ctx, bucket, minio.MakeBucketOptions{})
		if err == nil {
			return env
		}
		select {
		case <-done:
			out, _ := os.ReadFile(logf.Name())
			t.Fatalf("minio exited: %s", out)
		case <-ctx.Done():
			t.Fatalf("minio over TLS not ready: %v", err)
		case <-time.After(100 * time.Millisecond): // polling a starting server
		}
	}
}

// writeCerts makes a CA and a server certificate for 127.0.0.1 in MinIO's
// --certs-dir layout and returns the CA's PEM file.
func writeCerts(t testing.TB, certs string) string {
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
