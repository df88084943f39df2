package provenance

import (
	"fmt"
	"path/filepath"

	"github.com/afterimage-clinic/afterimage/internal/config"
)

// FromConfig is the trust a gallery's configuration sets: its trusted
// kiosks and their keys, and its revoked kiosks; in development mode only,
// the development kiosk (its key in the shared data folder) too. The
// gallery and the admin CLI's verify use it, so both judge pieces alike.
func FromConfig(cfg *config.Config) (*Trust, error) {
	trust := NewTrust()
	for i, k := range cfg.TrustedKiosks {
		if err := trust.Add(k.ID, k.Key); err != nil {
			return nil, config.Problems{{Field: fmt.Sprintf("trusted_kiosks[%d]", i), Message: err.Error()}}
		}
	}
	for i, r := range cfg.RevokedKiosks {
		after, err := r.AfterTime()
		if err == nil {
			err = trust.Revoke(r.ID, after)
		}
		if err != nil {
			return nil, config.Problems{{Field: fmt.Sprintf("revoked_kiosks[%d]", i), Message: err.Error()}}
		}
	}
	if cfg.Mode == config.Development {
		s, err := LoadOrCreateSigner(filepath.Join(cfg.DataDir, DevKeyFile))
		if err != nil {
			return nil, config.Problems{{Field: "data_dir", Message: fmt.Sprintf("development kiosk key: %v", err)}}
		}
		if err := trust.Add(cfg.KioskID, s.PublicKey()); err != nil {
			return nil, config.Problems{{Field: "kiosk_id", Message: err.Error()}}
		}
	}
	return trust, nil
}
