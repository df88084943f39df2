package admin

import (
	"bufio"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/atomicfile"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// minPassphrase is the shortest passphrase keygen accepts for the clinic
// identity: it is all that stands between a copied key file and every
// patient's work.
const minPassphrase = 12

// keygenWorkFactor is scrypt's log2(N) for the identity file; tests lower it.
var keygenWorkFactor = 0 // age's default (18, about a second)

// keygen makes the clinic identity: a post-quantum hybrid age identity in a
// passphrase-protected file (mode 0600, never overwritten). It prints the
// recipient for kiosk configs and a fingerprint to write down.
func keygen(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	set := flags("keygen", stderr)
	out := set.String("out", "", "where to write the clinic identity (required; refused if it exists)")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("keygen: unexpected %q", set.Arg(0))
	}
	if *out == "" {
		return usageError("keygen: --out FILE is required")
	}
	in := bufio.NewReader(io.LimitReader(stdin, 4096))
	fmt.Fprintf(stderr, "passphrase for the clinic identity (at least %d characters), then Enter: ", minPassphrase)
	pass, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil {
		return fmt.Errorf("keygen: read passphrase: %w", err)
	}
	if len([]rune(pass)) < minPassphrase {
		return fmt.Errorf("keygen: the passphrase must be at least %d characters", minPassphrase)
	}
	fmt.Fprint(stderr, "the same passphrase again: ")
	again, err := readLine(in)
	fmt.Fprintln(stderr)
	if err != nil {
		return fmt.Errorf("keygen: read passphrase: %w", err)
	}
	if again != pass {
		return errors.New("keygen: the two passphrases differ; nothing was written")
	}
	id, rcpt, err := seal.GenerateIdentity(seal.Hybrid)
	if err != nil {
		return fmt.Errorf("keygen: %w", err)
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("keygen: %s already exists; it may be the clinic's only key to its patients' work, so keygen never overwrites it", *out)
	}
	if err != nil {
		return fmt.Errorf("keygen: %w", err)
	}
	err = seal.WriteIdentityFile(f, []age.Identity{id}, pass, &seal.IdentityFileOptions{WorkFactor: keygenWorkFactor})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// The file's name must survive a power cut as well as its bytes:
		// the recipient printed below is useless without it.
		err = atomicfile.SyncDir(filepath.Dir(*out))
	}
	if err != nil {
		os.Remove(*out)
		return fmt.Errorf("keygen: write %s: %w", *out, err)
	}
	r := fmt.Sprint(rcpt)
	fmt.Fprintf(stdout, "recipient:   %s\nfingerprint: %s\n", r, Fingerprint(r))
	fmt.Fprintf(stderr, "Wrote the clinic identity to %s (mode 0600).\n"+
		"Put the recipient in every kiosk's config (recipients = [\"…\"]); write the fingerprint down\n"+
		"and check it when you configure a kiosk. Keep a backup of the identity file and its\n"+
		"passphrase apart from each other: without both, sealed pieces cannot be opened.\n", *out)
	return nil
}

// Fingerprint is a short, readable digest of a recipient for people to
// compare: the first 100 bits of its SHA-256 in base32, in groups of four.
func Fingerprint(recipient string) string {
	sum := sha256.Sum256([]byte(recipient))
	s := base32.StdEncoding.EncodeToString(sum[:])[:20]
	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:i+4])
	}
	return strings.Join(groups, "-")
}

func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("nothing on stdin")
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
