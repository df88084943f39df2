package main

import (
	"os/exec"
	"testing"
)

func TestDebVersion(t *testing.T) {
	for _, c := range []struct {
		describe string
		commits  int
		want     string
	}{
		{"v0.1.0", 0, "0.1.0"},
		{"0.1.0", 0, "0.1.0"},
		{"v0.1.0-5-gabc1234", 0, "0.1.0+5.gabc1234"},
		{"v0.1.0-5-gabc1234-dirty", 0, "0.1.0+5.gabc1234.dirty"},
		{"v0.1.0-dirty", 0, "0.1.0+dirty"},
		{"v0.2.0-rc1", 0, "0.2.0~rc1"},
		{"v0.2.0-rc.1-3-gdeadbee", 0, "0.2.0~rc.1+3.gdeadbee"},
		{"0952e5b", 812, "0.0.0~git812.g0952e5b"},
		{"0952e5b-dirty", 812, "0.0.0~git812.g0952e5b.dirty"},
		{"dev", 0, "0.0.0~dev"},
	} {
		got, err := debVersion(c.describe, c.commits)
		if err != nil || got != c.want {
			t.Errorf("debVersion(%q) = %q, %v; want %q", c.describe, got, err, c.want)
		}
	}
	for _, bad := range []string{"release", "v1.2", "v1.2.3 rm -rf", "v1.2.3-5-gXYZ", "../x"} {
		if got, err := debVersion(bad, 0); err == nil {
			t.Errorf("debVersion(%q) = %q, want an error", bad, got)
		}
	}
}

// TestDebVersionOrder checks the mapping against dpkg's own ordering: a
// snapshot sorts after its tag and before the next, a release candidate
// before its release, an untagged build before any release.
func TestDebVersionOrder(t *testing.T) {
	order := []string{"dev", "0952e5b", "v0.1.0-rc1", "v0.1.0", "v0.1.0-2-gabc1234", "v0.1.0-10-gabc1234", "v0.1.1-rc1", "v0.1.1"}
	var prev string
	for i, d := range order {
		v, err := debVersion(d, 40)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if err := exec.Command("dpkg", "--compare-versions", prev, "lt", v).Run(); err != nil {
				t.Errorf("dpkg says %s (from %s) is not before %s (from %s): %v", prev, order[i-1], v, d, err)
			}
		}
		prev = v
	}
}

func FuzzDebVersion(f *testing.F) {
	for _, s := range []string{"v0.1.0", "v0.1.0-5-gabc1234-dirty", "0952e5b", "dev", "v0.2.0-rc1", "v1.2"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, describe string, commits int) {
		v, err := debVersion(describe, commits)
		if err == nil && !validDebVersion(v) {
			t.Fatalf("debVersion(%q) = %q: not a valid Debian version", describe, v)
		}
	})
}
