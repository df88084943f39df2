package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Mode says whether an app protects real patients' data.
type Mode string

// The two modes.
const (
	Development Mode = "development"
	Production  Mode = "production"
)

// RemoteType names a storage backend.
type RemoteType string

// The storage backends.
const (
	RemoteDir RemoteType = "dir"
	RemoteS3  RemoteType = "s3"
)

// Config is one app's configuration. Field tags are the file's keys.
type Config struct {
	Mode    Mode   `toml:"mode"`
	KioskID string `toml:"kiosk_id"`
	DataDir string `toml:"data_dir"`
	// Recipients are the clinic's public keys ("age1…"), inline or in a file
	// of one per line. Production kiosks seal every piece to them.
	Recipients     []string `toml:"recipients"`
	RecipientsFile string   `toml:"recipients_file"`
	// IdentityFile is the gallery's passphrase-protected private key.
	IdentityFile string `toml:"identity_file"`
	// SigningKeyFile is the kiosk's Ed25519 signing key (PEM, mode 0600),
	// put there by provisioning. A development kiosk without one creates
	// <data_dir>/kiosk-signing.key at first start.
	SigningKeyFile string `toml:"signing_key_file"`
	// TrustedKiosks are the kiosks whose pieces the gallery shows as the
	// clinic's, each with its signing public key; pieces from any other
	// origin are kept apart as "origin not verified".
	TrustedKiosks []TrustedKiosk `toml:"trusted_kiosks"`
	// RevokedKiosks are kiosks lost or stolen (afterimage revoke-kiosk):
	// their pieces that reached the storage from After on are "origin not
	// verified".
	RevokedKiosks []RevokedKiosk `toml:"revoked_kiosks"`
	Remote        Remote         `toml:"remote"`
	Kiosk         Kiosk          `toml:"kiosk"`
	Gallery       Gallery        `toml:"gallery"`

	// Source is the file the config was read from ("" for the embedded default).
	Source string `toml:"-"`
}

// TrustedKiosk is one kiosk the gallery trusts.
type TrustedKiosk struct {
	ID  string `toml:"id"`
	Key string `toml:"key"` // "ed25519:<base64>", from the kiosk's provisioning
}

// RevokedKiosk is one kiosk no longer trusted from a time on.
type RevokedKiosk struct {
	ID string `toml:"id"`
	// After is when the kiosk stopped being trusted, RFC 3339
	// ("2026-11-30T18:00:00Z"): pieces the storage received from then on
	// are not trusted, whatever their manifests say.
	After string `toml:"after"`
}

// AfterTime is r.After as a time (checked by Validate).
func (r RevokedKiosk) AfterTime() (time.Time, error) { return time.Parse(time.RFC3339, r.After) }

// Remote is where pieces go.
type Remote struct {
	Type RemoteType `toml:"type"`
	// Dir is the folder of a "dir" remote.
	Dir string `toml:"dir"`
	// URL of an S3 service: https://host[:port] (http only in development).
	URL           string `toml:"url"`
	Bucket        string `toml:"bucket"`
	Region        string `toml:"region"`
	AccessKey     string `toml:"access_key"`
	SecretKey     string `toml:"secret_key"`
	SecretKeyFile string `toml:"secret_key_file"`
	CAFile        string `toml:"ca_file"`
}

// Kiosk holds the kiosk's behaviour.
type Kiosk struct {
	IdleMinutes      float64 `toml:"idle_minutes"`
	CountdownSeconds float64 `toml:"idle_countdown_seconds"`
	// StaffPINHash is made by `afterimage pin hash`; no hash, no staff panel.
	StaffPINHash  string  `toml:"staff_pin_hash"`
	HelpWebhook   string  `toml:"help_webhook"`
	CodesRegistry string  `toml:"codes_registry"`
	FullScreen    *bool   `toml:"full_screen"`
	HighContrast  bool    `toml:"high_contrast"`
	TextScale     float64 `toml:"text_scale"`
	MaxRecordMin  float64 `toml:"max_recording_minutes"`
	// Microphone names the input device to record from ("" is the system
	// default); staff can change it from the staff panel.
	Microphone string `toml:"microphone"`
	// Language is the language every visit starts in, a tag of the kiosk's
	// translations ("en", "es"); default "en".
	Language string `toml:"language"`
	// Languages are the languages a patient can choose on Welcome, each
	// shown by its own name; default just Language. With one, Welcome
	// offers no choice. The choice ends with the visit.
	Languages []string `toml:"languages"`
}

// Gallery holds the clinician gallery's behaviour.
type Gallery struct {
	// LockMinutes: the gallery locks after this long without input,
	// dropping everything decrypted (default 10).
	LockMinutes float64 `toml:"lock_minutes"`
	// Clinician names who this gallery is set up for: the author of its
	// notes and the actor in its audit log (what it does and does not
	// prove: docs/SYNC.md).
	Clinician string `toml:"clinician"`
	// Language is the gallery's language ("en", "es"); "" (the default)
	// follows the system's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
	Language string `toml:"language"`
}

// LockAfter is how long the gallery waits without input before it locks.
func (g Gallery) LockAfter() time.Duration { return minutes(g.LockMinutes) }

// IdleAfter is how long a kiosk waits without input before asking
// "Are you still here?".
func (k Kiosk) IdleAfter() time.Duration { return minutes(k.IdleMinutes) }

// Countdown is how long the "Are you still here?" screen waits.
func (k Kiosk) Countdown() time.Duration {
	return time.Duration(k.CountdownSeconds * float64(time.Second))
}

// MaxRecording bounds one recording.
func (k Kiosk) MaxRecording() time.Duration { return minutes(k.MaxRecordMin) }

func minutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

// Problem is one thing wrong with a configuration, said so that the
// clinic's IT person can fix it.
type Problem struct {
	Field   string // the file's key, e.g. "remote.url"
	Message string
}

func (p Problem) Error() string { return p.Field + ": " + p.Message }

// Problems is every problem found in a configuration.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return "config: " + strings.Join(lines, "; ")
}

// Load reads the config file at path (or, with path "", the file named by
// AFTERIMAGE_CONFIG), applies environment overrides and defaults, and
// validates the result. With neither, it returns the development default.
// A config with problems is returned together with a Problems error, so the
// caller can show them.
func Load(path string) (*Config, error) {
	if path == "" {
		path = os.Getenv("AFTERIMAGE_CONFIG")
	}
	if path == "" {
		return finish(&Config{Mode: Development})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	c, err := Parse(data, path)
	if c == nil {
		return nil, err
	}
	if ps := c.fileProblems(); len(ps) > 0 {
		var others Problems
		errors.As(err, &others)
		return c, append(ps, others...)
	}
	return c, err
}

// fileProblems checks that the config file and the secret files it names
// cannot be read by others: the file may hold the S3 secret, the others
// are keys. The config file may be readable by its group (the package
// installs it root:afterimage 0640); a secret file is its owner's alone.
func (c *Config) fileProblems() Problems {
	var ps Problems
	check := func(field, path string, allowed os.FileMode, fix string) {
		if path == "" {
			return
		}
		info, err := os.Stat(path)
		if err != nil {
			return // reading it reports that, in its own words
		}
		if info.Mode().Perm()&^allowed != 0 {
			ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(
				"%s can be read by other users of this computer (mode %04o) and holds secrets: run `%s %s`",
				path, info.Mode().Perm(), fix, path)})
		}
	}
	check("(config file)", c.Source, 0o750, "chmod o-rwx")
	check("remote.secret_key_file", c.Remote.SecretKeyFile, 0o700, "chmod 600")
	check("signing_key_file", c.SigningKeyFile, 0o700, "chmod 600")
	check("identity_file", c.IdentityFile, 0o700, "chmod 600")
	return ps
}

// Parse reads a config file's text (source names it in messages), then
// applies environment overrides, defaults and validation as Load does. A
// file that does not say otherwise is for production.
func Parse(data []byte, source string) (*Config, error) {
	c := &Config{}
	if err := toml.Unmarshal(data, c); err != nil {
		return nil, syntaxError(source, err)
	}
	c.Source = source
	if c.Mode == "" {
		c.Mode = Production
	}
	fileMode := c.Mode
	c, err := finish(c)
	if c != nil && fileMode == Production && c.Mode == Development {
		// Development allows plain http and a development key: never
		// silently, for a file written for real patients.
		p := Problem{Field: "mode", Message: fmt.Sprintf(
			"AFTERIMAGE_MODE=development is set, but %s is a production configuration: unset AFTERIMAGE_MODE", source)}
		var others Problems
		errors.As(err, &others)
		return c, append(Problems{p}, others...)
	}
	return c, err
}

// syntaxError says where a config file is not valid TOML without quoting
// it: the text there may be a secret (an unquoted secret_key is exactly
// such an error).
func syntaxError(source string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		after := ""
		if pe.LastKey != "" {
			after = fmt.Sprintf(" (after the key %q)", pe.LastKey)
		}
		return fmt.Errorf("config: %s: line %d, column %d%s: not valid here (text values need quotes; numbers and true/false do not)", source, pe.Position.Line, pe.Position.Col, after)
	}
	return fmt.Errorf("config: %s: not valid TOML", source)
}

func finish(c *Config) (*Config, error) {
	if err := c.applyEnv(); err != nil {
		return nil, err
	}
	if err := c.applyDefaults(); err != nil {
		return nil, err
	}
	if ps := c.Validate(); len(ps) > 0 {
		return c, ps
	}
	return c, nil
}

// Env overrides: one variable per key a deployment typically injects.
var envKeys = map[string]func(c *Config, v string) error{
	"AFTERIMAGE_MODE":              func(c *Config, v string) error { c.Mode = Mode(v); return nil },
	"AFTERIMAGE_KIOSK_ID":          func(c *Config, v string) error { c.KioskID = v; return nil },
	"AFTERIMAGE_DATA_DIR":          func(c *Config, v string) error { c.DataDir = v; return nil },
	"AFTERIMAGE_RECIPIENTS_FILE":   func(c *Config, v string) error { c.RecipientsFile = v; return nil },
	"AFTERIMAGE_IDENTITY_FILE":     func(c *Config, v string) error { c.IdentityFile = v; return nil },
	"AFTERIMAGE_SIGNING_KEY_FILE":  func(c *Config, v string) error { c.SigningKeyFile = v; return nil },
	"AFTERIMAGE_REMOTE_TYPE":       func(c *Config, v string) error { c.Remote.Type = RemoteType(v); return nil },
	"AFTERIMAGE_REMOTE_DIR":        func(c *Config, v string) error { c.Remote.Dir = v; return nil },
	"AFTERIMAGE_REMOTE_URL":        func(c *Config, v string) error { c.Remote.URL = v; return nil },
	"AFTERIMAGE_REMOTE_BUCKET":     func(c *Config, v string) error { c.Remote.Bucket = v; return nil },
	"AFTERIMAGE_REMOTE_ACCESS_KEY": func(c *Config, v string) error { c.Remote.AccessKey = v; return nil },
	"AFTERIMAGE_REMOTE_SECRET_KEY": func(c *Config, v string) error { c.Remote.SecretKey = v; return nil },
	"AFTERIMAGE_REMOTE_CA_FILE":    func(c *Config, v string) error { c.Remote.CAFile = v; return nil },
	"AFTERIMAGE_HELP_WEBHOOK":      func(c *Config, v string) error { c.Kiosk.HelpWebhook = v; return nil },
	"AFTERIMAGE_IDLE_MINUTES": func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		c.Kiosk.IdleMinutes = f
		return err
	},
	"AFTERIMAGE_GALLERY_LOCK_MINUTES": func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		c.Gallery.LockMinutes = f
		return err
	},
	"AFTERIMAGE_MICROPHONE": func(c *Config, v string) error { c.Kiosk.Microphone = v; return nil },
	"AFTERIMAGE_LANGUAGE":   func(c *Config, v string) error { c.Kiosk.Language = v; return nil },
	"AFTERIMAGE_LANGUAGES": func(c *Config, v string) error {
		c.Kiosk.Languages = nil
		for _, l := range strings.Split(v, ",") {
			if l = strings.TrimSpace(l); l != "" {
				c.Kiosk.Languages = append(c.Kiosk.Languages, l)
			}
		}
		return nil
	},
	"AFTERIMAGE_GALLERY_LANGUAGE": func(c *Config, v string) error { c.Gallery.Language = v; return nil },
	"AFTERIMAGE_HIGH_CONTRAST": func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		c.Kiosk.HighContrast = b
		return err
	},
}

func (c *Config) applyEnv() error {
	for name, set := range envKeys {
		if v, ok := os.LookupEnv(name); ok {
			if err := set(c, v); err != nil {
				return fmt.Errorf("config: environment %s=%q: %w", name, v, err)
			}
		}
	}
	return nil
}

func (c *Config) applyDefaults() error {
	if c.DataDir == "" {
		d, err := DefaultDataDir()
		if err != nil {
			return err
		}
		c.DataDir = d
	}
	if c.KioskID == "" && c.Mode == Development {
		c.KioskID = "dev-kiosk"
	}
	if c.Remote.Type == "" {
		if c.Remote.URL != "" {
			c.Remote.Type = RemoteS3
		} else if c.Mode == Development {
			c.Remote.Type = RemoteDir
		}
	}
	if c.Remote.Type == RemoteDir && c.Remote.Dir == "" {
		c.Remote.Dir = filepath.Join(c.DataDir, "dev-remote")
	}
	if c.Remote.SecretKey == "" && c.Remote.SecretKeyFile != "" {
		data, err := os.ReadFile(c.Remote.SecretKeyFile)
		if err != nil {
			return fmt.Errorf("config: remote.secret_key_file: %w", err)
		}
		c.Remote.SecretKey = strings.TrimSpace(string(data))
	}
	if c.Kiosk.IdleMinutes == 0 {
		c.Kiosk.IdleMinutes = 3
	}
	if c.Gallery.LockMinutes == 0 {
		c.Gallery.LockMinutes = 10
	}
	if c.Kiosk.CountdownSeconds == 0 {
		c.Kiosk.CountdownSeconds = 60
	}
	if c.Kiosk.TextScale == 0 {
		c.Kiosk.TextScale = 1
	}
	if c.Kiosk.MaxRecordMin == 0 {
		c.Kiosk.MaxRecordMin = 10
	}
	if c.Kiosk.Language == "" {
		c.Kiosk.Language = "en"
	}
	if len(c.Kiosk.Languages) == 0 {
		c.Kiosk.Languages = []string{c.Kiosk.Language}
	}
	if c.Kiosk.FullScreen == nil {
		full := c.Mode == Production
		c.Kiosk.FullScreen = &full
	}
	return nil
}

// Validate checks what can be checked without a network: it returns every
// problem, each in words an IT person can act on.
func (c *Config) Validate() Problems {
	var ps Problems
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	switch c.Mode {
	case Development, Production:
	default:
		add("mode", "is %q; use \"production\" (or \"development\" for trying Afterimage out)", c.Mode)
	}
	if !validKioskID(c.KioskID) {
		add("kiosk_id", "%q is not usable: use 1–40 lower-case letters, digits and dashes, like \"lounge-1\"", c.KioskID)
	}
	if c.Mode == Production && len(c.Recipients) == 0 && c.RecipientsFile == "" {
		add("recipients", "none given: a production kiosk must seal pieces to the clinic's public key (recipients = [\"age1…\"], from `afterimage keygen`)")
	}
	switch c.Remote.Type {
	case RemoteDir:
		if c.Mode == Production {
			add("remote.type", "\"dir\" keeps pieces on this computer only; production needs type = \"s3\" and a url")
		}
	case RemoteS3:
		u, err := url.Parse(c.Remote.URL)
		switch {
		case c.Remote.URL == "":
			add("remote.url", "missing: give the S3 service's address, like \"https://s3.clinic.example:9000\"")
		case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			add("remote.url", "%q is not an address like \"https://s3.clinic.example:9000\"", RedactURL(c.Remote.URL))
		case u.User != nil:
			add("remote.url", "holds a user name or password (%q): give only scheme, host and port; the keys go in access_key and secret_key_file", RedactURL(c.Remote.URL))
		case u.Scheme == "http" && c.Mode == Production:
			add("remote.url", "uses http: production traffic must be encrypted, use https")
		case u.Path != "" && u.Path != "/":
			add("remote.url", "has a path (%q): give only scheme, host and port; the bucket goes in remote.bucket", u.EscapedPath())
		}
		if c.Remote.Bucket == "" {
			add("remote.bucket", "missing: name the bucket pieces go to")
		}
		if c.Remote.AccessKey == "" || c.Remote.SecretKey == "" {
			add("remote.access_key", "the S3 access key and secret key (secret_key or secret_key_file) are both needed")
		}
	case "":
		add("remote.type", "missing: production needs [remote] with type = \"s3\", url, bucket and keys")
	default:
		add("remote.type", "is %q; use \"s3\" (or \"dir\" in development)", c.Remote.Type)
	}
	if c.Kiosk.IdleMinutes < 0.5 || c.Kiosk.IdleMinutes > 120 {
		add("kiosk.idle_minutes", "is %v; use a value from 0.5 to 120", c.Kiosk.IdleMinutes)
	}
	if n := len([]rune(c.Gallery.Clinician)); n > 120 || strings.ContainsFunc(c.Gallery.Clinician, func(r rune) bool { return r < 0x20 }) {
		add("gallery.clinician", "use a name of at most 120 characters, on one line")
	}
	if c.Gallery.LockMinutes < 0.5 || c.Gallery.LockMinutes > 240 {
		add("gallery.lock_minutes", "is %v; use a value from 0.5 to 240", c.Gallery.LockMinutes)
	}
	if c.Kiosk.CountdownSeconds < 10 || c.Kiosk.CountdownSeconds > 600 {
		add("kiosk.idle_countdown_seconds", "is %v; use a value from 10 to 600", c.Kiosk.CountdownSeconds)
	}
	if c.Kiosk.TextScale < 0.75 || c.Kiosk.TextScale > 3 {
		add("kiosk.text_scale", "is %v; use a value from 0.75 to 3", c.Kiosk.TextScale)
	}
	if c.Kiosk.MaxRecordMin < 0.5 || c.Kiosk.MaxRecordMin > 60 {
		add("kiosk.max_recording_minutes", "is %v; use a value from 0.5 to 60", c.Kiosk.MaxRecordMin)
	}
	for i, k := range c.TrustedKiosks {
		if !validKioskID(k.ID) {
			add(fmt.Sprintf("trusted_kiosks[%d].id", i), "%q is not a kiosk id", k.ID)
		}
		if !strings.HasPrefix(k.Key, "ed25519:") {
			add(fmt.Sprintf("trusted_kiosks[%d].key", i), "must be the kiosk's public key, \"ed25519:…\"")
		}
	}
	for i, r := range c.RevokedKiosks {
		if !validKioskID(r.ID) {
			add(fmt.Sprintf("revoked_kiosks[%d].id", i), "%q is not a kiosk id", r.ID)
		}
		if _, err := r.AfterTime(); err != nil {
			add(fmt.Sprintf("revoked_kiosks[%d].after", i), "%q is not a time like \"2026-11-30T18:00:00Z\" (written by afterimage revoke-kiosk)", r.After)
		}
	}
	for i, l := range c.Kiosk.Languages {
		if !languageTag.MatchString(l) {
			add(fmt.Sprintf("kiosk.languages[%d]", i), "%q is not a language tag like \"es\" or \"es-MX\"", l)
		}
	}
	if !slices.Contains(c.Kiosk.Languages, c.Kiosk.Language) {
		add("kiosk.language", "%q is not one of kiosk.languages %q", c.Kiosk.Language, c.Kiosk.Languages)
	}
	if c.Gallery.Language != "" && !languageTag.MatchString(c.Gallery.Language) {
		add("gallery.language", "%q is not a language tag like \"es\" or \"es-MX\"", c.Gallery.Language)
	}
	if c.Kiosk.HelpWebhook != "" {
		if u, err := url.Parse(c.Kiosk.HelpWebhook); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			add("kiosk.help_webhook", "%q is not a web address", c.Kiosk.HelpWebhook)
		}
	}
	return ps
}

// languageTag is a language, optionally with a region ("es", "es-MX"):
// the tags the apps' translation files are named by.
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

func validKioskID(id string) bool {
	if len(id) == 0 || len(id) > 40 || id[0] == '-' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// RedactURL is raw with anything between the scheme and the host (a user
// name and password) replaced by "xxxxx", for messages and logs; it works
// on text that does not parse as a URL too.
func RedactURL(raw string) string {
	rest, scheme := raw, ""
	if i := strings.Index(raw, "://"); i >= 0 {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	end := len(rest)
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		end = i
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		return scheme + "xxxxx@" + rest[at+1:]
	}
	return raw
}

// IsProblems reports whether err lists configuration problems (as opposed
// to a file that could not be read or parsed at all).
func IsProblems(err error) bool {
	var ps Problems
	return errors.As(err, &ps)
}
