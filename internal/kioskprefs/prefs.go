package kioskprefs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// FileName is the preferences file inside the data folder.
const FileName = "kiosk-prefs.json"

// Prefs are staff's choices; a nil field leaves the configuration's value.
type Prefs struct {
	Microphone   *string `json:"microphone,omitempty"` // "" is the system default
	HighContrast *bool   `json:"high_contrast,omitempty"`
}

// Load reads the preferences saved in dataDir. No file means no choices
// yet. A damaged file is an error; the caller logs it and goes on with the
// configuration's values (the next Save replaces the file).
func Load(dataDir string) (Prefs, error) {
	var p Prefs
	data, err := os.ReadFile(filepath.Join(dataDir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("kioskprefs: load: %w", err)
	}
	if err := Decode(data, &p); err != nil {
		return Prefs{}, fmt.Errorf("kioskprefs: load %s: %w", FileName, err)
	}
	return p, nil
}

// Decode parses a preferences file strictly: unknown fields, trailing data
// and over-long values are refused.
func Decode(data []byte, p *Prefs) error {
	if err := strictjson.Decode(data, p); err != nil {
		return err
	}
	if p.Microphone != nil && len(*p.Microphone) > 256 {
		return errors.New("microphone: name longer than 256 bytes")
	}
	return nil
}

// Save writes p to dataDir atomically.
func Save(dataDir string, p Prefs) error {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("kioskprefs: save: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dataDir, FileName), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("kioskprefs: save: %w", err)
	}
	return nil
}

// Apply puts the choices made into k.
func (p Prefs) Apply(k *config.Kiosk) {
	if p.Microphone != nil {
		k.Microphone = *p.Microphone
	}
	if p.HighContrast != nil {
		k.HighContrast = *p.HighContrast
	}
}
