package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "afterimage.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodProduction = `
kiosk_id = "lounge-1"
recipients = ["age1examplexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]
[remote]
url = "https://s3.clinic.example:9000"
bucket = "afterimage"
access_key = "kiosk-lounge-1"
secret_key = "s3cr3t"
`

func TestDevelopmentDefault(t *testing.T) {
	t.Setenv("AFTERIMAGE_CONFIG", "")
	t.Setenv("XDG_DATA_HOME", "/tmp/xdg-test")
	c, err := Load("")
	if err != nil {
		t.Fatalf("development default: %v", err)
	}
	if c.Mode != Development || c.Remote.Type != RemoteDir || c.KioskID == "" {
		t.Fatalf("development default = %+v", c)
	}
	if c.DataDir != "/tmp/xdg-test/afterimage" || c.Remote.Dir != "/tmp/xdg-test/afterimage/dev-remote" {
		t.Fatalf("data under %q, remote %q; want under the XDG data dir", c.DataDir, c.Remote.Dir)
	}
	if *c.Kiosk.FullScreen || c.Kiosk.IdleAfter().Minutes() != 3 || c.Kiosk.Countdown().Seconds() != 60 {
		t.Fatalf("development kiosk defaults = %+v", c.Kiosk)
	}
}

func TestProductionFile(t *testing.T) {
	c, err := Load(write(t, goodProduction))
	if err != nil {
		t.Fatalf("good production config: %v", err)
	}
	if c.Mode != Production || c.Remote.Type != RemoteS3 || !*c.Kiosk.FullScreen {
		t.Fatalf("production = %+v", c)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	t.Setenv("AFTERIMAGE_REMOTE_SECRET_KEY", "from-env")
	t.Setenv("AFTERIMAGE_IDLE_MINUTES", "5")
	c, err := Load(write(t, goodProduction))
	if err != nil {
		t.Fatal(err)
	}
	if c.Remote.SecretKey != "from-env" || c.Kiosk.IdleMinutes != 5 {
		t.Fatalf("env not applied: secret %q idle %v", c.Remote.SecretKey, c.Kiosk.IdleMinutes)
	}
	t.Setenv("AFTERIMAGE_IDLE_MINUTES", "soon")
	if _, err := Load(write(t, goodProduction)); err == nil || !strings.Contains(err.Error(), "AFTERIMAGE_IDLE_MINUTES") {
		t.Fatalf("bad env value: err = %v, want it named", err)
	}
}

// TestBadConfigs: each mistake is reported against the key to fix, in words.
func TestBadConfigs(t *testing.T) {
	cases := []struct {
		name, edit, field, says string
	}{
		{"missing recipients", `recipients = []`, "recipients", "public key"},
		{"plain-http S3", `url = "http://s3.clinic.example"`, "remote.url", "https"},
		{"S3 URL without scheme", `url = "s3.clinic.example:9000"`, "remote.url", "not an address"},
		{"S3 URL with a path", `url = "https://s3.clinic.example/afterimage"`, "remote.url", "path"},
		{"no secret key", `secret_key = ""`, "remote.access_key", "secret key"},
		{"bad kiosk id", `kiosk_id = "Lounge 1"`, "kiosk_id", "lower-case"},
		{"dir remote in production", `url = ""` + "\ntype = \"dir\"", "remote.type", "production"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := goodProduction
			key := strings.SplitN(tc.edit, " =", 2)[0]
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				if !strings.HasPrefix(l, key+" =") {
					lines = append(lines, l)
				}
			}
			text = strings.Join(lines, "\n") + "\n"
			if strings.HasPrefix(key, "kiosk_id") || strings.HasPrefix(key, "recipients") {
				text = tc.edit + "\n" + text
			} else {
				text += tc.edit + "\n"
			}
			c, err := Load(write(t, text))
			if !IsProblems(err) {
				t.Fatalf("Load = %v, want problems", err)
			}
			if c == nil {
				t.Fatal("a config with problems must still be returned, to show them")
			}
			var found bool
			for _, p := range err.(Problems) {
				if p.Field == tc.field && strings.Contains(p.Message, tc.says) {
					found = true
				}
			}
			if !found {
				t.Fatalf("problems %v: want %s mentioning %q", err, tc.field, tc.says)
			}
		})
	}
}

func TestUnreadableOrBrokenFile(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil || IsProblems(err) {
		t.Fatalf("missing file: err = %v", err)
	}
	if _, err := Load(write(t, "kiosk_id = [unterminated")); err == nil || !strings.Contains(err.Error(), "afterimage.toml") {
		t.Fatalf("broken TOML: err = %v, want the file named", err)
	}
}

// FuzzParse: any bytes give a config or an error, never a panic, and a
// config without error is valid.
func FuzzParse(f *testing.F) {
	f.Add([]byte(goodProduction))
	f.Add([]byte("mode = \"development\"\n"))
	f.Add([]byte("[kiosk]\nidle_minutes = -1\nfull_screen = true\n"))
	f.Add([]byte("[remote]\ntype = \"s3\"\nurl = \"https://[::1]:9000\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Setenv("XDG_DATA_HOME", "/tmp/xdg-fuzz")
		c, err := Parse(data, "fuzz.toml")
		if err == nil && len(c.Validate()) > 0 {
			t.Fatalf("Parse accepted an invalid config: %v", c.Validate())
		}
	})
}

// TestSecretFilesMustBePrivate: the config file may be read by its group
// (root:afterimage 0640), never by others; secret files only by their
// owner. Each refusal says the chmod that fixes it.
func TestSecretFilesMustBePrivate(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "s3.secret")
	if err := os.WriteFile(secret, []byte("s3cr3t\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(goodProduction, `secret_key = "s3cr3t"`, `secret_key_file = "`+secret+`"`, 1)
	path := write(t, text)
	for _, tc := range []struct {
		cfgMode, secretMode os.FileMode
		field, fix          string
	}{
		{0o600, 0o600, "", ""},
		{0o640, 0o600, "", ""},
		{0o644, 0o600, "(config file)", "chmod o-rwx " + path},
		{0o600, 0o640, "remote.secret_key_file", "chmod 600 " + secret},
		{0o600, 0o604, "remote.secret_key_file", "chmod 600 " + secret},
	} {
		must(t, os.Chmod(path, tc.cfgMode))
		must(t, os.Chmod(secret, tc.secretMode))
		_, err := Load(path)
		if tc.field == "" {
			if err != nil {
				t.Errorf("config %04o, secret %04o: %v", tc.cfgMode, tc.secretMode, err)
			}
			continue
		}
		p := problemFor(t, err, tc.field)
		if !strings.Contains(p.Message, tc.fix) {
			t.Errorf("config %04o, secret %04o: %q does not say %q", tc.cfgMode, tc.secretMode, p.Message, tc.fix)
		}
	}
}

// TestMessagesHoldNoSecret: neither a password in the S3 address nor the
// text of a line that does not parse is ever repeated in a message.
func TestMessagesHoldNoSecret(t *testing.T) {
	withUser := strings.Replace(goodProduction, `url = "https://s3.clinic.example:9000"`, `url = "https://kiosk:Hunter2pw@s3.clinic.example:9000"`, 1)
	_, err := Load(write(t, withUser))
	p := problemFor(t, err, "remote.url")
	if strings.Contains(err.Error(), "Hunter2pw") || !strings.Contains(p.Message, "xxxxx@s3.clinic.example") {
		t.Errorf("a password in the address: %v", err)
	}
	broken := strings.Replace(withUser, `url = "https://kiosk:Hunter2pw@s3.clinic.example:9000"`, `url = https://kiosk:Hunter2pw@s3 clinic`, 1)
	_, err = Load(write(t, broken))
	if err == nil || strings.Contains(err.Error(), "Hunter2pw") || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("an unparsable address: %v", err)
	}
	unquoted := strings.Replace(goodProduction, `secret_key = "s3cr3t"`, `secret_key = s3cr3t`, 1)
	_, err = Load(write(t, unquoted))
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "secret_key") {
		t.Errorf("an unquoted secret: %v", err)
	}
	if got := RedactURL("https://a:b@c:9000/x@y"); got != "https://xxxxx@c:9000/x@y" {
		t.Errorf("RedactURL = %q", got)
	}
}

// TestDevelopmentModeCannotOverrideProductionFile: AFTERIMAGE_MODE cannot
// quietly turn a production file's kiosk into a development one (plain
// http, a development key).
func TestDevelopmentModeCannotOverrideProductionFile(t *testing.T) {
	t.Setenv("AFTERIMAGE_MODE", "development")
	_, err := Load(write(t, goodProduction))
	p := problemFor(t, err, "mode")
	if !strings.Contains(p.Message, "unset AFTERIMAGE_MODE") {
		t.Errorf("mode problem: %q", p.Message)
	}
	if _, err := Load(write(t, "mode = \"development\"\n")); err != nil {
		t.Errorf("a development file in development mode: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// problemFor is err's problem about field; the test fails without one.
func problemFor(t *testing.T, err error, field string) Problem {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want a problem with %s, got %v", field, err)
	}
	for _, p := range ps {
		if p.Field == field {
			return p
		}
	}
	t.Fatalf("want a problem with %s, got %v", field, ps)
	return Problem{}
}

// TestLanguages: a kiosk starts every visit in its language and offers the
// languages listed; by default English alone. Mistakes name the key.
func TestLanguages(t *testing.T) {
	c, err := Load(write(t, goodProduction))
	if err != nil {
		t.Fatal(err)
	}
	if c.Kiosk.Language != "en" || len(c.Kiosk.Languages) != 1 || c.Kiosk.Languages[0] != "en" || c.Gallery.Language != "" {
		t.Fatalf("default languages: kiosk %q %q, gallery %q", c.Kiosk.Language, c.Kiosk.Languages, c.Gallery.Language)
	}
	c, err = Load(write(t, goodProduction+"[kiosk]\nlanguage = \"es\"\nlanguages = [\"en\", \"es\"]\n[gallery]\nlanguage = \"es\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Kiosk.Language != "es" || len(c.Kiosk.Languages) != 2 || c.Gallery.Language != "es" {
		t.Fatalf("languages: kiosk %q %q, gallery %q", c.Kiosk.Language, c.Kiosk.Languages, c.Gallery.Language)
	}
	t.Setenv("AFTERIMAGE_LANGUAGES", "en, es")
	t.Setenv("AFTERIMAGE_LANGUAGE", "es")
	c, err = Load(write(t, goodProduction))
	if err != nil {
		t.Fatal(err)
	}
	if c.Kiosk.Language != "es" || len(c.Kiosk.Languages) != 2 || c.Kiosk.Languages[1] != "es" {
		t.Fatalf("languages from the environment: %q %q", c.Kiosk.Language, c.Kiosk.Languages)
	}
	os.Unsetenv("AFTERIMAGE_LANGUAGES") // t.Setenv puts them back after the test
	os.Unsetenv("AFTERIMAGE_LANGUAGE")
	for _, bad := range []struct{ text, field string }{
		{"[kiosk]\nlanguage = \"fr\"\nlanguages = [\"en\", \"es\"]\n", "kiosk.language"},
		{"[kiosk]\nlanguages = [\"en\", \"Spanish\"]\n", "kiosk.languages[1]"},
		{"[gallery]\nlanguage = \"español\"\n", "gallery.language"},
	} {
		_, err := Load(write(t, goodProduction+bad.text))
		var ps Problems
		if !errors.As(err, &ps) || !strings.Contains(err.Error(), bad.field) {
			t.Errorf("%q: %v, want a problem with %s", bad.text, err, bad.field)
		}
	}
}
