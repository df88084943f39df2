package admin

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// errBroken is audit verify's answer when a chain does not verify: the
// breaks are printed, the exit status is 3.
var errBroken = &problemsFound{"audit verify: the audit log does not verify (see above)"}

func auditCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError("audit: want: audit verify [--config FILE]")
	}
	set := flags("audit verify", stderr)
	configPath := set.String("config", "", "the gallery's config file (default: $AFTERIMAGE_CONFIG)")
	if err := parse(set, args[1:]); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("audit verify: unexpected %q", set.Arg(0))
	}
	cfg, err := loadGallery(*configPath)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	r, err := remoteconfig.Open(cfg)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	opener, err := clinicOpener(cfg, stdin, stderr)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	// This computer's own gallery knows how far its chain goes.
	known := map[string]audit.Head{}
	dir := audit.DefaultDir(cfg.DataDir)
	if id := audit.InstallOf(dir); id != "" {
		h, err := audit.ReadHead(dir)
		if err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		known[id] = h
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	chains, err := audit.Verify(ctx, r, opener, known)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	broken := false
	for _, c := range chains {
		fp := "no key"
		if c.Key != "" {
			fp = "key " + Fingerprint(c.Key)
		}
		if c.OK() {
			fmt.Fprintf(stdout, "%s (%s): %d entries, verified\n", c.Install, fp, c.Entries)
			continue
		}
		broken = true
		fmt.Fprintf(stdout, "%s (%s): %d entries, BROKEN\n", c.Install, fp, c.Entries)
		for _, b := range c.Breaks {
			fmt.Fprintf(stdout, "  %s\n", b)
		}
	}
	if len(chains) == 0 {
		fmt.Fprintln(stdout, "no audit log in the bucket")
	}
	if broken {
		return errBroken
	}
	return nil
}

// loadGallery loads a gallery's config (path "": $AFTERIMAGE_CONFIG): the
// kiosk-only settings a gallery's config need not have (recipients,
// kiosk_id) are not problems here, as in the gallery.
func loadGallery(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	var ps config.Problems
	if err != nil && cfg != nil && errors.As(err, &ps) {
		var left config.Problems
		for _, p := range ps {
			if p.Field != "recipients" && p.Field != "kiosk_id" {
				left = append(left, p)
			}
		}
		if len(left) == 0 {
			return cfg, nil
		}
		return nil, left
	}
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// clinicOpener opens the clinic identity named by the config, asking for
// its passphrase on stdin (a development config uses its development key).
func clinicOpener(cfg *config.Config, stdin io.Reader, stderr io.Writer) (*seal.Opener, error) {
	if cfg.IdentityFile == "" {
		if cfg.Mode != config.Development {
			return nil, errors.New("identity_file is not set: this needs the clinic identity (the gallery's config names it)")
		}
		id, _, err := seal.DevIdentity(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		return seal.NewOpener(id)
	}
	f, err := os.Open(cfg.IdentityFile)
	if err != nil {
		return nil, fmt.Errorf("identity_file: %w", err)
	}
	defer f.Close()
	fmt.Fprint(stderr, "passphrase for the clinic identity, then Enter: ")
	pass, err := readLine(bufio.NewReader(io.LimitReader(stdin, 4096)))
	fmt.Fprintln(stderr)
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	ids, err := seal.ReadIdentityFile(f, func() (string, error) { return pass, nil })
	if err != nil {
		return nil, err
	}
	return seal.NewOpener(ids...)
}
