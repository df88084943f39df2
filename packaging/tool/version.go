package main

import (
	"fmt"
	"regexp"
	"strings"
)

// describeRe matches `git describe --tags --always --dirty` output for a
// tagged tree: vX.Y.Z, an optional pre-release (-rc1), then, past the tag,
// -N-gHASH, and -dirty for uncommitted changes.
var describeRe = regexp.MustCompile(`^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.]+?))??(?:-(\d+)-g([0-9a-f]+))?(-dirty)?$`)

// untaggedRe matches describe's fallback when no tag exists: an abbreviated
// commit hash, maybe -dirty.
var untaggedRe = regexp.MustCompile(`^([0-9a-f]{4,40})(-dirty)?$`)

// debVersion maps the build's version (git describe, as the Makefile gives
// it to the binaries) to a Debian version that sorts the way releases do:
//
//	v0.1.0             → 0.1.0
//	v0.1.0-5-gabc1234  → 0.1.0+5.gabc1234      (after 0.1.0, before 0.1.1)
//	v0.2.0-rc1         → 0.2.0~rc1             (before 0.2.0)
//	v0.1.0-dirty       → 0.1.0+dirty
//	abc1234            → 0.0.0~git<commits>.gabc1234 (no tag yet: before any release)
//	dev                → 0.0.0~dev
//
// commits is the number of commits in the build's history (git rev-list
// --count HEAD), used only for untagged builds so that later builds sort
// later; 0 when unknown.
func debVersion(describe string, commits int) (string, error) {
	commits = max(commits, 0)
	d := strings.TrimSpace(describe)
	if d == "dev" || d == "" {
		return "0.0.0~dev", nil
	}
	if m := untaggedRe.FindStringSubmatch(d); m != nil && !describeRe.MatchString(d) {
		v := fmt.Sprintf("0.0.0~git%d.g%s", commits, m[1])
		if m[2] != "" {
			v += ".dirty"
		}
		return v, nil
	}
	m := describeRe.FindStringSubmatch(d)
	if m == nil {
		return "", fmt.Errorf("version %q is neither a tag like v1.2.3 (git describe) nor a commit hash: tag the release as vMAJOR.MINOR.PATCH", describe)
	}
	v := m[1] + "." + m[2] + "." + m[3]
	if m[4] != "" {
		v += "~" + m[4]
	}
	var local []string
	if m[5] != "" {
		local = append(local, m[5], "g"+m[6])
	}
	if m[7] != "" {
		local = append(local, "dirty")
	}
	if len(local) > 0 {
		v += "+" + strings.Join(local, ".")
	}
	return v, nil
}

// validDebVersion reports whether v is a valid Debian version without an
// epoch or a revision (deb-version(7)): it starts with a digit and holds
// only letters, digits and . + ~.
var validDebVersion = regexp.MustCompile(`^[0-9][A-Za-z0-9.+~]*$`).MatchString
