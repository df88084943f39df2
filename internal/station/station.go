package station

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/outbox"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
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
	signer, err := openSigner(cfg, log)
	if err != nil {
		return nil, err
	}
	if signer != nil {
		sp.SetSigner(signer)
	}
	if err := recoverDrafts(ctx, sp, log); err != nil {
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
		if err := remoteconfig.CheckKiosk(cctx, s, cfg); err != nil {
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

// OpenRemote returns the storage cfg names (remoteconfig.Open).
func OpenRemote(cfg *config.Config) (remote.Remote, error) { return remoteconfig.Open(cfg) }

// openSigner loads the kiosk's manifest signing key: the configured file,
// or in development <data_dir>/kiosk-signing.key, created at first start.
// A production kiosk without one signs nothing (its pieces reach the
// gallery as "origin not verified") and says so in the log.
func openSigner(cfg *config.Config, log *slog.Logger) (*provenance.Signer, error) {
	switch {
	case cfg.SigningKeyFile != "":
		s, err := provenance.LoadSigner(cfg.SigningKeyFile)
		if err != nil {
			return nil, config.Problems{{Field: "signing_key_file", Message: err.Error()}}
		}
		return s, nil
	case cfg.Mode == config.Development:
		s, err := provenance.LoadOrCreateSigner(filepath.Join(cfg.DataDir, provenance.DevKeyFile))
		if err != nil {
			return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("development signing key: %v", err)}}
		}
		return s, nil
	}
	log.Warn("station: no signing_key_file: pieces are not signed, and the gallery will show them as origin not verified")
	return nil, nil
}

// recoverDrafts turns drafts left by an earlier run (a crash, a power cut)
// into pieces marked unfinished, as they stand (segments, a stroke log), so
// they are uploaded like any other; the gallery rebuilds what a finished
// piece has (internal/recovered). A kiosk, production or development,
// never opens its drafts at start: a 10-minute recording's costs 13 ms.
func recoverDrafts(ctx context.Context, sp *spool.Spool, log *slog.Logger) error {
	drafts, err := sp.Drafts()
	if err != nil {
		return fmt.Errorf("station: list drafts: %w", err)
	}
	for _, d := range drafts {
		if err := sp.PromoteDraft(ctx, d.ID); err != nil {
			return fmt.Errorf("station: recover draft %s: %w", d.ID, err)
		}
		log.Info("station: recovered an unfinished piece from an earlier run", "piece", d.ID)
	}
	return nil
}
