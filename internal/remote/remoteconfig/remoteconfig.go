package remoteconfig

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"

	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
)

// Open returns the storage cfg names (the gallery reads the same remote
// the kiosks write). Problems are config.Problems.
func Open(cfg *config.Config) (remote.Remote, error) {
	switch cfg.Remote.Type {
	case config.RemoteDir:
		d, err := dir.Open(cfg.Remote.Dir)
		if err != nil {
			return nil, config.Problems{{Field: "remote.dir", Message: err.Error()}}
		}
		return d, nil
	case config.RemoteS3:
		u, err := url.Parse(cfg.Remote.URL)
		if err != nil { // url's message repeats the address, password and all
			return nil, config.Problems{{Field: "remote.url", Message: fmt.Sprintf("%q is not an address like \"https://s3.clinic.example:9000\"", config.RedactURL(cfg.Remote.URL))}}
		}
		s, err := s3.New(s3.Config{
			Endpoint: u.Host, Bucket: cfg.Remote.Bucket, Region: cfg.Remote.Region,
			AccessKey: cfg.Remote.AccessKey, SecretKey: cfg.Remote.SecretKey,
			TLS: u.Scheme == "https", CAFile: cfg.Remote.CAFile,
		})
		if err != nil {
			return nil, config.Problems{{Field: "remote.url", Message: err.Error()}}
		}
		return s, nil
	}
	return nil, config.Problems{{Field: "remote.type", Message: fmt.Sprintf("unknown type %q", cfg.Remote.Type)}}
}

// CheckKiosk asks the server for an object in the kiosk's own prefix. A kiosk
// key may not read, so "access denied" or "no such key" both prove the
// address, bucket and credentials; the error codes S3 gives otherwise tell
// which of them is wrong.
func CheckKiosk(ctx context.Context, s *s3.S3, cfg *config.Config) error {
	key := remote.KioskPrefix(cfg.KioskID) + "start-check"
	obj, err := s.Client().GetObject(ctx, s.Bucket(), key, minio.GetObjectOptions{})
	if err == nil {
		_, err = obj.Stat()
		obj.Close()
	}
	if err == nil {
		return nil
	}
	resp := minio.ToErrorResponse(err)
	switch resp.Code {
	case "NoSuchKey", "AccessDenied":
		return nil
	case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken":
		return config.Problems{{Field: "remote.access_key", Message: fmt.Sprintf("the S3 service refused the kiosk's credentials (%s): check access_key and secret_key", resp.Code)}}
	case "NoSuchBucket":
		return config.Problems{{Field: "remote.bucket", Message: fmt.Sprintf("the S3 service has no bucket %q", cfg.Remote.Bucket)}}
	}
	// A certificate problem first: it arrives wrapped in a *url.Error, which
	// is also a net.Error, and was reported as "offline" (issue 16).
	if msg := certificateProblem(err); msg != "" {
		return config.Problems{{Field: "remote.ca_file", Message: msg}}
	}
	var netErr net.Error
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &opErr), errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("remoteconfig: remote %s: %w", config.RedactURL(cfg.Remote.URL), err)
	}
	return config.Problems{{Field: "remote.url", Message: fmt.Sprintf("%s answered, but not as an S3 service (%s)", config.RedactURL(cfg.Remote.URL), resp.Code)}}
}

// certificateProblem says what is wrong with the S3 service's certificate
// when err is a failed TLS verification; "" for any other error.
func certificateProblem(err error) string {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return "the S3 service's certificate is signed by an authority this computer does not trust: put the clinic's CA certificate (PEM) in the file remote.ca_file names"
	case errors.As(err, &host):
		return fmt.Sprintf("the S3 service's certificate is not valid for this address (%s): check remote.url, or the certificate's names", host.Host)
	case errors.As(err, &invalid):
		return "the S3 service's certificate is not valid (expired, not yet valid, or not for a server): renew it, or check remote.ca_file"
	case errors.As(err, &verify):
		return "the S3 service's certificate could not be verified: check remote.ca_file"
	}
	return ""
}

// CheckVersioning asks whether the gallery's bucket keeps object versions,
// as docs/SYNC.md requires (a kiosk's put-only key can still overwrite its
// own objects; versions keep the first). It returns a message for staff
// when it does not, or when it cannot tell; "" when it does, or for a
// remote without versions (the development folder). The message is logged.
func CheckVersioning(ctx context.Context, r remote.Remote, log *slog.Logger) string {
	v, ok := r.(remote.Versioned)
	if !ok {
		return ""
	}
	on, err := v.VersioningEnabled(ctx)
	switch {
	case err != nil:
		log.Warn("remote: cannot tell whether the bucket keeps versions", "err", err)
		return "Cannot check that the clinic's storage keeps versions of pieces"
	case !on:
		log.Warn("remote: the bucket does not keep object versions: an overwritten piece cannot be recovered (see docs/SYNC.md)")
		return "The clinic's storage does not keep versions of pieces (ask IT to turn on bucket versioning)"
	}
	return ""
}
