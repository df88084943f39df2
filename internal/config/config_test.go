package config

import (
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
