package admin

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// revokeKiosk records a lost or stolen kiosk's revocation in the gallery's
// config (pieces the bucket received from --after on are no longer
// trusted) and disables its S3 user with mc, or prints how to.
func revokeKiosk(args []string, stdout, stderr io.Writer) error {
	set := flags("revoke-kiosk", stderr)
	after := set.String("after", "", "pieces the bucket received from then on are not trusted: 2026-11-30, \"2026-11-30 18:00\" (local time) or RFC 3339 (default: now)")
	configPath := set.String("config", "", "the gallery's config file, where the revocation is recorded (default: $AFTERIMAGE_CONFIG)")
	alias := set.String("mc-alias", "", "an mc alias with admin rights on the S3 service: disable the kiosk's S3 user with mc")
	name, err := nameArg(set, args, "revoke-kiosk")
	if err != nil {
		return err
	}
	at := now()
	if *after != "" {
		if at, err = parseWhen(*after); err != nil {
			return usageError("revoke-kiosk: --after %q is not a date like 2026-11-30, \"2026-11-30 18:00\" or 2026-11-30T18:00:00Z", *after)
		}
	}
	at = at.Truncate(time.Second).UTC()
	path := *configPath
	if path == "" {
		path = os.Getenv("AFTERIMAGE_CONFIG")
	}
	if path == "" {
		return usageError("revoke-kiosk: give the gallery's config file with --config FILE (or AFTERIMAGE_CONFIG)")
	}
	cfg, err := loadGallery(path)
	if err != nil {
		return fmt.Errorf("revoke-kiosk: %w", err)
	}
	trusted := false
	for _, k := range cfg.TrustedKiosks {
		trusted = trusted || k.ID == name
	}
	if !trusted {
		return fmt.Errorf("revoke-kiosk: %s does not trust a kiosk %q, so none of its pieces are trusted already (afterimage status lists the kiosks)", path, name)
	}
	already := false
	for _, r := range cfg.RevokedKiosks {
		if t, err := r.AfterTime(); err == nil && r.ID == name && !t.After(at) {
			fmt.Fprintf(stdout, "%s is already revoked from %s on.\n", name, t.Local().Format(time.RFC3339))
			already = true
		}
	}
	if !already {
		entry := fmt.Sprintf("\n# %s lost or stolen: recorded by afterimage revoke-kiosk on %s\n[[revoked_kiosks]]\nid    = %s\nafter = %s\n",
			name, now().Format("2006-01-02 15:04"), strconv.Quote(name), strconv.Quote(at.Format(time.RFC3339)))
		if err := appendChecked(path, entry); err != nil {
			return fmt.Errorf("revoke-kiosk: %w", err)
		}
		fmt.Fprintf(stdout, "Revoked %s in %s: its pieces the bucket received from %s on are \"origin not verified\".\n"+
			"Copy this config to every computer that runs the gallery and restart the gallery there\n"+
			"(pieces the bucket received before stay verified).\n",
			name, path, at.Local().Format("2006-01-02 15:04:05 MST"))
	}
	disable := fmt.Sprintf("mc admin user disable ALIAS %s", name)
	if *alias == "" {
		fmt.Fprintf(stdout, "\nNow disable the kiosk's S3 user %s, so nothing more can be uploaded with its key:\n\n  %s\n\n"+
			"(ALIAS: your mc alias with admin rights; in another S3 service's console, disable the user\n"+
			"or delete its access key %s.) Then afterimage status shows when it was last seen.\n", name, disable, name)
		return nil
	}
	mc, err := exec.LookPath("mc")
	if err != nil {
		return fmt.Errorf("revoke-kiosk: --mc-alias needs mc on PATH; disable the user by hand: %s", strings.Replace(disable, "ALIAS", *alias, 1))
	}
	out, err := exec.Command(mc, "admin", "user", "disable", *alias, name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("revoke-kiosk: the revocation is recorded, but mc could not disable the S3 user %s: %v: %s", name, err, strings.TrimSpace(string(out)))
	}
	fmt.Fprintf(stdout, "Disabled the S3 user %s on %s: its key can no longer upload.\n", name, *alias)
	return nil
}

// nameArg parses set's flags around one NAME (first, as the usage shows,
// or after the flags) and checks it is a kiosk name.
func nameArg(set *flag.FlagSet, args []string, cmd string) (string, error) {
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := parse(set, args); err != nil {
		return "", err
	}
	if name == "" && set.NArg() == 1 {
		name = set.Arg(0)
	} else if name == "" || set.NArg() != 0 {
		name = ""
	}
	if name == "" {
		return "", usageError("%s: want one NAME, like lounge-1", cmd)
	}
	if !piece.ValidKioskID(name) {
		return "", usageError("%s: %q is not a kiosk name: use lower-case letters, digits and dashes, like lounge-1", cmd, name)
	}
	return name, nil
}

// parseWhen reads 2026-11-30 (the start of the day), "2026-11-30 18:00"
// (both local time) or RFC 3339.
func parseWhen(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Parse(time.RFC3339, s)
}

// appendChecked appends text to the config file at path and checks the
// file still loads as a gallery's config; if not, it is put back as it was.
func appendChecked(path, text string) error {
	before, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		_, err = loadGallery(path)
	}
	if err != nil {
		if rerr := os.Truncate(path, int64(len(before))); rerr != nil {
			return fmt.Errorf("%s: %v, and it could not be put back (%v): remove the last [[revoked_kiosks]] entry by hand", path, err, rerr)
		}
		return fmt.Errorf("%s was not changed: %w", path, err)
	}
	return nil
}
