package station

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/minio/minio-go/v7"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/remote/s3"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// Station is a kiosk's storage side, ready to take pieces.
type Station struct {
	Config *config.Config
	Sealer *seal.Sealer
	Spool  *spool.Spool
	Remote remote.Remote
	Outbox *outbox.Outbox
	// Offline is set when the remote could not be reached at start; the
	// outbox keeps trying.
	Offline error
}

// CheckTimeout bounds the start-up check of the remote.
var CheckTimeout = 10 * time.Second

// Open builds the station for cfg. Errors that staff can fix are returned
// as config.Problems.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Station, error) {
	if err := writableDir(cfg.DataDir); err != nil {
		return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("cannot use %s: %v", cfg.DataDir, err)}}
	}
	sealer, err := openSealer(cfg)
	if err != nil {
		return nil, err
	}
	sp, err := spool.Open(filepath.Join(cfg.DataDir, "spool"), sealer)
	if err != nil {
		return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("the kiosk's store in %s cannot be opened: %v", cfg.DataDir, err)}}
	}
	if err := recoverDrafts(ctx, sp, kiosk.DraftOpener(cfg.DataDir, sealer.Development(), log), log); err != nil {
		return nil, err
	}
	rem, err := OpenRemote(cfg)
	if err != nil {
		return nil, err
	}
	st := &Station{Config: cfg, Sealer: sealer, Spool: sp, Remote: rem}
	if s, ok := rem.(*s3.S3); ok {
		cctx, cancel := context.WithTimeout(ctx, CheckTimeout)
		defer cancel()
		if err := checkS3(cctx, s, cfg); err != nil {
			if config.IsProblems(err) {
				return nil, err
			}
			st.Offline = err
			log.Warn("station: remote not reachable at start; pieces wait in the spool", "err", err)
		}
	}
	ob, err := outbox.New(outbox.Options{
		KioskID:  cfg.KioskID,
		Remote:   rem,
		Source:   outbox.FromSpool(sp),
		StateDir: filepath.Join(cfg.DataDir, "outbox"),
		Logger:   log,
	})
	if err != nil {
		return nil, fmt.Errorf("station: outbox: %w", err)
	}
	st.Outbox = ob
	return st, nil
}

// Development reports whether pieces are sealed to the development identity.
func (s *Station) Development() bool { return s.Sealer.Development() }

func writableDir(d string) error {
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d, ".write-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func openSealer(cfg *config.Config) (*seal.Sealer, error) {
	if cfg.Mode == config.Development && len(cfg.Recipients) == 0 && cfg.RecipientsFile == "" {
		s, _, err := seal.NewDevSealer(cfg.DataDir)
		if err != nil {
			return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("development key: %v", err)}}
		}
		return s, nil
	}
	var rs []age.Recipient
	for i, text := range cfg.Recipients {
		r, err := seal.ParseRecipient(strings.TrimSpace(text))
		if err != nil {
			return nil, config.Problems{{Field: "recipients", Message: fmt.Sprintf("entry %d is not a clinic public key (age1…): %v", i+1, err)}}
		}
		rs = append(rs, r)
	}
	if cfg.RecipientsFile != "" {
		f, err := os.Open(cfg.RecipientsFile)
		if err != nil {
			return nil, config.Problems{{Field: "recipients_file", Message: err.Error()}}
		}
		more, err := seal.ParseRecipients(f)
		f.Close()
		if err != nil {
			return nil, config.Problems{{Field: "recipients_file", Message: err.Error()}}
		}
		rs = append(rs, more...)
	}
	s, err := seal.NewSealer(rs...)
	if err != nil {
		return nil, config.Problems{{Field: "recipients", Message: err.Error()}}
	}
	return s, nil
}

// OpenRemote returns the storage cfg names (the gallery reads the same
// remote the kiosks write). Problems are config.Problems.
func OpenRemote(cfg *config.Config) (remote.Remote, error) {
	switch cfg.Remote.Type {
	case config.RemoteDir:
		d, err := dir.Open(cfg.Remote.Dir)
		if err != nil {
			return nil, config.Problems{{Field: "remote.dir", Message: err.Error()}}
		}
		return d, nil
	case config.RemoteS3:
		u, err := url.Parse(cfg.Remote.URL)
		if err != nil {
			return nil, config.Problems{{Field: "remote.url", Message: err.Error()}}
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

// checkS3 asks the server for an object in the kiosk's own prefix. A kiosk
// key may not read, so "access denied" or "no such key" both prove the
// address, bucket and credentials; the error codes S3 gives otherwise tell
// which of them is wrong.
func checkS3(ctx context.Context, s *s3.S3, cfg *config.Config) error {
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
	var netErr net.Error
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &opErr), errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("station: remote %s: %w", cfg.Remote.URL, err)
	case strings.Contains(err.Error(), "x509") || strings.Contains(err.Error(), "tls"):
		return config.Problems{{Field: "remote.ca_file", Message: fmt.Sprintf("the S3 service's certificate is not trusted: %v", err)}}
	}
	return config.Problems{{Field: "remote.url", Message: fmt.Sprintf("%s answered, but not as an S3 service: %v", cfg.Remote.URL, err)}}
}

// recoverDrafts turns drafts left by an earlier run (a crash, a power cut)
// into pieces marked unfinished, so they are uploaded like any other.
func recoverDrafts(ctx context.Context, sp *spool.Spool, o *seal.Opener, log *slog.Logger) error {
	drafts, err := sp.Drafts()
	if err != nil {
		return fmt.Errorf("station: list drafts: %w", err)
	}
	for _, d := range drafts {
		if err := kiosk.RecoverDraft(ctx, sp, d.ID, o, log); err != nil { // rebuilt viewable where o can open it
			return fmt.Errorf("station: recover draft %s: %w", d.ID, err)
		}
		log.Info("station: recovered an unfinished piece from an earlier run", "piece", d.ID)
	}
	return nil
}
