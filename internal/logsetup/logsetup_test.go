package logsetup

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestTheLevelComesFromTheEnvironment(t *testing.T) {
	for _, c := range []struct {
		env         string
		debug, info bool
		warned      bool
	}{
		{"", false, true, false},
		{"debug", true, true, false},
		{" DEBUG ", true, true, false},
		{"warn", false, false, false},
		{"error", false, false, false},
		{"loud", false, true, true},
	} {
		t.Setenv(EnvLevel, c.env)
		var out bytes.Buffer
		log := New(&out)
		if got := strings.Contains(out.String(), "unknown log level"); got != c.warned {
			t.Errorf("%q: warned %v, want %v (%q)", c.env, got, c.warned, out.String())
		}
		out.Reset()
		log.Debug("d")
		log.Info("i")
		if got := strings.Contains(out.String(), "msg=d"); got != c.debug {
			t.Errorf("%q: debug line written %v, want %v", c.env, got, c.debug)
		}
		if got := strings.Contains(out.String(), "msg=i"); got != c.info {
			t.Errorf("%q: info line written %v, want %v", c.env, got, c.info)
		}
	}
	if l, ok := Level("warning"); !ok || l != slog.LevelWarn {
		t.Errorf("warning is %v %v", l, ok)
	}
}
