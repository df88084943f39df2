package uilang

import (
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// tagPattern is the language tags the apps accept: a language ("es"),
// optionally with a region ("es-MX").
var tagPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// Valid reports whether tag is a language tag Use accepts.
func Valid(tag string) bool { return tagPattern.MatchString(tag) }

// current is the tag of the last Use ("" before any). UI goroutine only.
var current string

// Current is the language chosen by the last Use ("" if none: the system's).
// UI goroutine only.
func Current() string { return current }

// Use makes tag the language that lang.X, lang.XN and Fyne's own widgets
// translate into from now on. Call it on the UI goroutine only, then
// rebuild whatever is on screen: text already drawn keeps its language.
//
// Fyne 2.7's lang package has no call to set the language: it picks the
// system's (github.com/jeandeaual/go-locale reads LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG) each time translations are added. So Use sets
// LANGUAGE to tag for this process, makes sure a "C" or "POSIX" locale
// does not hide LANGUAGE (as gettext does, go-locale ignores LANGUAGE
// then; it becomes "C.UTF-8"), and adds an empty English translation,
// which makes lang match the locale again. Its limits:
//   - lang's localizer is a plain variable: a lang.X running on another
//     goroutine at the same moment races with Use. The apps translate on
//     the UI goroutine only, or before any Use.
//   - Each Use that changes the language appends one entry (tag) to lang's
//     list of translated languages ("en" again), which is never trimmed: a few bytes per
//     switch, two switches at most per kiosk visit. Use with the language
//     already in use does nothing.
//   - The environment changes for the whole process and anything it starts
//     (the kiosk and gallery start no programs).
//   - On macOS and Windows go-locale reads the system's settings, not
//     LANGUAGE, so Use only works on Linux and the BSDs (where the kiosk
//     runs); elsewhere the language stays the system's.
//   - A language without a translation file falls back to English text.
func Use(tag string) error {
	if !Valid(tag) {
		return fmt.Errorf("uilang: use %q: not a language tag like \"es\" or \"es-MX\"", tag)
	}
	if tag == current {
		return nil
	}
	if err := os.Setenv("LANGUAGE", strings.ReplaceAll(tag, "-", "_")); err != nil {
		return fmt.Errorf("uilang: use %s: %w", tag, err)
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" {
			if err := os.Setenv(name, "C.UTF-8"); err != nil {
				return fmt.Errorf("uilang: use %s: %w", tag, err)
			}
		}
		break
	}
	// English is always among lang's languages (its fallback): adding it
	// again, empty, adds no language that could win the match over a
	// translation ("es-MX" matches "es").
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")); err != nil {
		return fmt.Errorf("uilang: use %s: %w", tag, err)
	}
	current = tag
	return nil
}

// Available lists, sorted, the language tags that dir of fsys holds a
// translation file for, named <prefix>.<tag>.json.
func Available(fsys fs.FS, dir, prefix string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("uilang: list %s: %w", dir, err)
	}
	var tags []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix+".")
		if !ok {
			continue
		}
		if tag, ok := strings.CutSuffix(rest, ".json"); ok && Valid(tag) {
			tags = append(tags, tag)
		}
	}
	slices.Sort(tags)
	return tags, nil
}
