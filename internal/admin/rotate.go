package admin

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// rotate makes a new clinic identity and writes it, followed by every
// identity of the current file, in place of the current file (kept beside
// it as FILE.before-<time>): the gallery then opens old pieces and new,
// and kiosks given the new recipient seal to the new identity only.
func rotate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	set := flags("rotate", stderr)
	idPath := set.String("identity", "", "the clinic identity file (from keygen) to rotate (required)")
	rcptPath := set.String("recipients", "", "the recipients file kiosks are provisioned with: replaced by the new recipient")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("rotate: unexpected %q", set.Arg(0))
	}
	if *idPath == "" {
		return usageError("rotate: --identity FILE is required")
	}
	in := bufio.NewReader(io.LimitReader(stdin, 4096))
	fmt.Fprint(stderr, "passphrase of the current clinic identity, then Enter: ")
	oldPass, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil {
		return fmt.Errorf("rotate: read passphrase: %w", err)
	}
	data, err := os.ReadFile(*idPath)
	if err != nil {
		return fmt.Errorf("rotate: %w", err)
	}
	old, err := seal.ReadIdentityFile(bytes.NewReader(data), func() (string, error) { return oldPass, nil })
	if errors.Is(err, seal.ErrWrongPassphrase) {
		return fmt.Errorf("rotate: wrong passphrase for %s; nothing was changed", *idPath)
	}
	if err != nil {
		return fmt.Errorf("rotate: %s: %w", *idPath, err)
	}
	fmt.Fprintf(stderr, "passphrase for the new identity file (at least %d characters; it may be the same), then Enter: ", minPassphrase)
	pass, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil {
		return fmt.Errorf("rotate: read passphrase: %w", err)
	}
	if len([]rune(pass)) < minPassphrase {
		return fmt.Errorf("rotate: the passphrase must be at least %d characters; nothing was changed", minPassphrase)
	}
	fmt.Fprint(stderr, "the same passphrase again: ")
	again, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil || again != pass {
		return errors.New("rotate: the two passphrases differ; nothing was changed")
	}
	id, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		return fmt.Errorf("rotate: %w", err)
	}
	var buf bytes.Buffer
	if err := seal.WriteIdentityFile(&buf, append([]age.Identity{id}, old...), pass, &seal.IdentityFileOptions{WorkFactor: keygenWorkFactor}); err != nil {
		return fmt.Errorf("rotate: %w", err)
	}
	// The current file stays, under another name, until the new one is in
	// its place: at every moment FILE opens every piece.
	backup := *idPath + ".before-" + now().Format("20060102-150405")
	if err := os.Link(*idPath, backup); err != nil {
		return fmt.Errorf("rotate: keep the current identity as %s: %w; nothing was changed", backup, err)
	}
	if err := atomicfile.Write(*idPath, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("rotate: %w (the current identity is unchanged)", err)
	}
	r := fmt.Sprint(rcpt)
	if *rcptPath != "" {
		if err := atomicfile.Write(*rcptPath, []byte(r+"\n"), 0o644); err != nil {
			return fmt.Errorf("rotate: the new identity is in %s, but %w: put the recipient below in it by hand", *idPath, err)
		}
	}
	fmt.Fprintf(stdout, "recipient:   %s\nfingerprint: %s\n", r, Fingerprint(r))
	fmt.Fprintf(stderr, "%s now holds the new clinic identity and the %d before it (the file before is kept as %s).\n"+
		"Back it up now, with its passphrase kept apart: pieces sealed from now on need it.\n", *idPath, len(old), filepath.Base(backup))
	if *rcptPath != "" {
		fmt.Fprintf(stderr, "%s now holds the new recipient.\n", *rcptPath)
	}
	fmt.Fprintf(stderr, "On every kiosk, put the recipient above in /etc/afterimage/recipients (replacing the old one)\n"+
		"and restart it (systemctl restart afterimage-kiosk). Until then it seals to the old identity,\n"+
		"which the gallery still opens. Galleries need the new %s (copy it to each).\n", filepath.Base(*idPath))
	return nil
}
