package s3

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/afterimage-clinic/afterimage/internal/remote"
)

// Config names an S3 bucket and how to reach it.
type Config struct {
	Endpoint  string // host or host:port, no scheme
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string // optional; "" lets the client discover it
	TLS       bool   // https; production must use it
	// CAFile is an optional PEM file of CA certificates trusted in addition
	// to the system roots (a clinic's private CA).
	CAFile string
	// MaxRetries bounds minio-go's own quick retries of one request
	// (0: minio-go's default, 10). Callers retry further themselves.
	MaxRetries int
	// Transport replaces the HTTP transport (tests); CAFile is then ignored.
	Transport http.RoundTripper
}

// S3 is a remote.Remote on an S3 bucket.
type S3 struct {
	client *minio.Client
	core   minio.Core
	bucket string
}

var _ remote.Remote = (*S3)(nil)

// New returns the bucket's store. It does not contact the server.
func New(cfg Config) (*S3, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, fmt.Errorf("s3: endpoint and bucket must be set")
	}
	tr := cfg.Transport
	if tr == nil {
		t, err := minio.DefaultTransport(cfg.TLS)
		if err != nil {
			return nil, fmt.Errorf("s3: transport: %w", err)
		}
		if cfg.TLS && cfg.CAFile != "" {
			pool, err := loadCAs(cfg.CAFile)
			if err != nil {
				return nil, err
			}
			t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool}
		}
		tr = t
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:           credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:          cfg.TLS,
		Region:          cfg.Region,
		Transport:       tr,
		TrailingHeaders: true,
		MaxRetries:      cfg.MaxRetries,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: client for %s: %w", cfg.Endpoint, err)
	}
	return &S3{client: c, core: minio.Core{Client: c}, bucket: cfg.Bucket}, nil
}

func loadCAs(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("s3: CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("s3: CA file %s: no PEM certificate in it", file)
	}
	return pool, nil
}

// Client is the underlying minio-go client (for tests and admin tools).
func (s *S3) Client() *minio.Client { return s.client }

// Bucket is the bucket's name.
func (s *S3) Bucket() string { return s.bucket }

func fail(op, key string, err error) error {
	return &remote.Error{Backend: "s3", Op: op, Key: key, Kind: kindOf(err), Err: err}
}

// kindOf classifies an S3 error response by its S3 error code.
func kindOf(err error) error {
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		return nil
	}
	switch er.Code {
	case "NoSuchKey", "NotFound":
		return remote.ErrNotExist
	case "NoSuchBucket", "InvalidBucketName", "InvalidObjectName", "KeyTooLongError", "InvalidArgument":
		return remote.ErrInvalid
	case "PreconditionFailed":
		return remote.ErrExists
	case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled":
		return remote.ErrPermission
	case "BadDigest", "XAmzContentSHA256Mismatch", "XAmzContentChecksumMismatch", "InvalidDigest",
		"IncompleteBody", "InvalidChecksum":
		return remote.ErrChecksum
	}
	// Never by HTTP status alone: services answer 404 or 403 for an unknown
	// access key, and an unknown code is a transient error.
	return nil
}

func b64(sum string) (string, error) {
	raw, err := hex.DecodeString(sum)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(raw), nil
}

// hexSum turns a stored x-amz-checksum-sha256 (base64) into hex; "" if it
// is absent or not a whole-object SHA-256.
func hexSum(b string) string {
	raw, err := base64.StdEncoding.DecodeString(b)
	if err != nil || len(raw) != 32 {
		return ""
	}
	return hex.EncodeToString(raw)
}

// Put implements remote.Remote: one create-only, checksummed PUT.
func (s *S3) Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sum string) (remote.Info, error) {
	if err := remote.ValidKey(key); err != nil {
		return remote.Info{}, fail("put", key, err)
	}
	if err := remote.ValidSHA256(sum); err != nil {
		return remote.Info{}, fail("put", key, err)
	}
	// The request declares size bytes; a source of another length would
	// fail inside net/http with an unclassified error, so check it here.
	end, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return remote.Info{}, fail("put", key, err)
	}
	if end != size {
		return remote.Info{}, &remote.Error{Backend: "s3", Op: "put", Key: key, Kind: remote.ErrChecksum,
			Err: fmt.Errorf("source has %d bytes, declared %d", end, size)}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return remote.Info{}, fail("put", key, err)
	}
	sum64, _ := b64(sum)
	opts := minio.PutObjectOptions{
		ContentType: "application/octet-stream",
		// Sent as the x-amz-checksum-sha256 header, not user metadata:
		// minio-go passes x-amz-* keys through as they are.
		UserMetadata: map[string]string{"x-amz-checksum-sha256": sum64},
		// The payload hash is the declared sum, not a streaming signature:
		// the server refuses the body unless it hashes to sum.
		DisableContentSha256: true,
	}
	opts.SetMatchETagExcept("*") // If-None-Match: * (create-only)
	// noClose keeps minio-go from closing the caller's reader.
	info, err := s.core.PutObject(ctx, s.bucket, key, noClose{r}, size, "", sum, opts)
	if err != nil {
		return remote.Info{}, fail("put", key, err)
	}
	got := sum
	if info.ChecksumSHA256 != "" {
		if got = hexSum(info.ChecksumSHA256); got != sum {
			return remote.Info{}, &remote.Error{Backend: "s3", Op: "put", Key: key, Kind: remote.ErrChecksum,
				Err: fmt.Errorf("server stored sha256 %s, declared %s", got, sum)}
		}
	}
	return remote.Info{Key: key, Size: size, SHA256: got, Modified: time.Now()}, nil
}

// noClose hides Close from minio-go, which closes bodies that have one.
type noClose struct{ io.ReadSeeker }

// VersioningEnabled implements remote.Versioned (GetBucketVersioning).
func (s *S3) VersioningEnabled(ctx context.Context) (bool, error) {
	c, err := s.client.GetBucketVersioning(ctx, s.bucket)
	if err != nil {
		return false, fail("versioning", "", err)
	}
	return c.Enabled(), nil
}

// ListVersions implements remote.Versioned (ListObjectVersions).
func (s *S3) ListVersions(ctx context.Context, prefix, after string, fn func(string, []remote.Info) error) error {
	if err := remote.ValidPrefix(prefix); err != nil {
		return fail("list", prefix, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{
		Prefix: prefix, StartAfter: after, Recursive: true, WithVersions: true,
	})
	defer func() {
		cancel()
		for range ch {
		}
	}()
	key := ""
	var versions []remote.Info
	flush := func() error {
		if key == "" || len(versions) == 0 {
			return nil
		}
		// Oldest first: by time, and the server lists newest first.
		slices.Reverse(versions)
		sort.SliceStable(versions, func(i, j int) bool { return versions[i].Modified.Before(versions[j].Modified) })
		err := fn(key, versions)
		versions = nil
		return err
	}
	for oi := range ch {
		if oi.Err != nil {
			return fail("list", prefix, oi.Err)
		}
		if oi.Key <= after {
			continue
		}
		if oi.Key != key {
			if err := flush(); err != nil {
				return err
			}
			key = oi.Key
		}
		if oi.IsDeleteMarker {
			continue
		}
		versions = append(versions, remote.Info{Key: oi.Key, Size: oi.Size, SHA256: hexSum(oi.ChecksumSHA256),
			Modified: oi.LastModified, VersionID: oi.VersionID})
	}
	if err := ctx.Err(); err != nil {
		return fail("list", prefix, err)
	}
	return flush()
}

// GetVersion implements remote.Versioned.
func (s *S3) GetVersion(ctx context.Context, key, versionID string) (io.ReadCloser, error) {
	if err := remote.ValidKey(key); err != nil {
		return nil, fail("get", key, err)
	}
	body, _, _, err := s.core.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{Checksum: true, VersionID: versionID})
	if err != nil {
		return nil, fail("get", key, err)
	}
	return getReader{body, key}, nil
}

// Get implements remote.Remote: one GET, whose error document (not just
// its status) says what went wrong. The download is verified against the
// stored whole-object checksum: a damaged transfer fails at EOF.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := remote.ValidKey(key); err != nil {
		return nil, fail("get", key, err)
	}
	body, _, _, err := s.core.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{Checksum: true})
	if err != nil {
		return nil, fail("get", key, err)
	}
	return getReader{body, key}, nil
}

type getReader struct {
	io.ReadCloser
	key string
}

func (g getReader) Read(p []byte) (int, error) {
	n, err := g.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = fail("get", g.key, err)
	}
	return n, err
}

// Stat implements remote.Remote.
func (s *S3) Stat(ctx context.Context, key string) (remote.Info, error) {
	if err := remote.ValidKey(key); err != nil {
		return remote.Info{}, fail("stat", key, err)
	}
	oi, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{Checksum: true})
	if err != nil {
		return remote.Info{}, fail("stat", key, err)
	}
	return remote.Info{Key: key, Size: oi.Size, SHA256: hexSum(oi.ChecksumSHA256), Modified: oi.LastModified}, nil
}

// List implements remote.Remote (ListObjectsV2 with StartAfter).
func (s *S3) List(ctx context.Context, prefix, after string, fn func(remote.Info) error) error {
	if err := remote.ValidPrefix(prefix); err != nil {
		return fail("list", prefix, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{
		Prefix: prefix, StartAfter: after, Recursive: true,
	})
	defer func() {
		cancel()
		for range ch { // let the lister goroutine finish
		}
	}()
	for oi := range ch {
		if oi.Err != nil {
			return fail("list", prefix, oi.Err)
		}
		if oi.Key <= after { // StartAfter is a hint some servers ignore
			continue
		}
		if err := fn(remote.Info{Key: oi.Key, Size: oi.Size, SHA256: hexSum(oi.ChecksumSHA256), Modified: oi.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// ListFolders implements remote.FolderLister with one delimited listing.
func (s *S3) ListFolders(ctx context.Context, prefix string) ([]string, error) {
	if err := remote.ValidPrefix(prefix); err != nil || !strings.HasSuffix(prefix, "/") {
		return nil, &remote.Error{Backend: "s3", Op: "list", Key: prefix, Kind: remote.ErrInvalid, Err: fmt.Errorf("folder prefix %q must end with /", prefix)}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: false})
	defer func() {
		cancel()
		for range ch {
		}
	}()
	var out []string
	for oi := range ch {
		if oi.Err != nil {
			return nil, fail("list", prefix, oi.Err)
		}
		name, ok := strings.CutSuffix(strings.TrimPrefix(oi.Key, prefix), "/")
		if ok && remote.ValidSegmentName(name) == nil {
			out = append(out, name)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fail("list", prefix, err)
	}
	sort.Strings(out)
	return out, nil
}

// Delete implements remote.Remote.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := remote.ValidKey(key); err != nil {
		return fail("delete", key, err)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		if remote.IsNotExist(kindOf(err)) {
			return nil
		}
		return fail("delete", key, err)
	}
	return nil
}
