package admin

import (
	"fmt"
	"io"
	"strings"
)

// command is one subcommand's entry in the usage and its --help.
type command struct {
	name     string
	synopsis string // usage lines, indented, each ending in a newline
	help     string // what it does, for --help
}

// commands are the subcommands, in the order the usage lists them.
var commands = []command{
	{"version", "  afterimage version\n", "Print the version.\n"},
	{"keygen", "  afterimage keygen --out FILE\n", `Make the clinic identity: the key that opens every patient's work (a post-quantum
hybrid age identity), in FILE, protected by a passphrase read from stdin twice (at
least 12 characters). Prints the recipient (the public half, for kiosk configs) and a
fingerprint to write down. Never overwrites FILE. Back up FILE and its passphrase,
apart from each other: without both, sealed pieces can never be opened.
`},
	{"provision-kiosk", "  afterimage provision-kiosk NAME --out DIR --recipients FILE --s3-url URL [--bucket B]\n" +
		"        [--ca-file F] [--etc /etc/afterimage] [--gallery-config FILE] [--mc-alias ALIAS]\n", `Write everything a new kiosk needs into DIR/NAME: its config, its S3 secret (0600),
its signing key (0600), the clinic's recipients and its S3 policy. Asks for the
kiosk's staff PIN twice on stdin. Prints the gallery's trust entry for the kiosk and,
with --gallery-config, adds it to the gallery's config. With --mc-alias (an mc alias
with admin rights) it creates the kiosk's S3 user (the secret goes to mc on stdin,
never on a command line) and policy, and checks the bucket keeps versions; without,
it prints the mc commands to run.
`},
	{"revoke-kiosk", "  afterimage revoke-kiosk NAME [--after DATE] [--config FILE] [--mc-alias ALIAS]\n", `A kiosk is lost or stolen. Its pieces that reached the bucket at or after DATE
(default: now) become "origin not verified" in the gallery and in verify: the time
judged is the bucket's own upload time, which a thief holding the kiosk's key cannot
forge. DATE is 2026-11-30 (the start of that day, local time), "2026-11-30 18:00"
(local time) or 2026-11-30T18:00:00Z. The revocation is added to the gallery's config
(--config, default $AFTERIMAGE_CONFIG) as [[revoked_kiosks]]; copy that config to
every gallery computer. Then disable the kiosk's S3 user: with --mc-alias (an mc
alias with admin rights) this runs "mc admin user disable"; otherwise the steps are
printed. Pieces made before DATE stay verified.
`},
	{"rotate", "  afterimage rotate --identity FILE [--recipients FILE]\n", `Make a new clinic identity and keep the old ones. Reads the current identity FILE
(its passphrase from stdin), then a passphrase for the new file twice (it may be the
same). FILE is replaced by a file holding the new identity first and every old one
after it, so the gallery opens old pieces and new; the file before is kept as
FILE.before-YYYYMMDD-HHMMSS. With --recipients, that file (the one given to
provision-kiosk) is replaced by the new recipient. Prints the new recipient and its
fingerprint. Then, on every kiosk, replace /etc/afterimage/recipients with the new
one and restart it (docs/ADMIN.md, "Rotate the clinic identity"): until then it seals
to the old identity, which the gallery still opens. Back up the new FILE.
`},
	{"verify", "  afterimage verify [--config FILE]\n", `Check every piece in the bucket as the gallery does: complete, matching its
manifest (sizes, hashes, decrypts), and signed by a trusted kiosk that was not
revoked when the piece was uploaded. Uses the gallery's config (--config, default
$AFTERIMAGE_CONFIG) and asks for the clinic identity's passphrase on stdin. Sealed
copies are kept in a temporary folder ($TMPDIR) while it runs, then removed. Prints a
summary per kiosk and every problem; exit status 3 if there is any.
`},
	{"status", "  afterimage status [--config FILE]\n", `Per kiosk: whether the gallery trusts it (or it was revoked), how many pieces it has
in the bucket, its last piece and when the bucket received it, and when it was last
seen (its latest upload). Reads only the bucket's listing: needs no passphrase.
`},
	{"code", "  afterimage code new [--count N] [--expires YYYY-MM-DD] [--registry FILE]\n" +
		"  afterimage code check [--registry FILE] CODE\n", `code new makes patient codes, printed one per line; with --registry it records
them (hashed) in the registry file the kiosks read, with an optional last valid day.
code check says whether a code is well formed and, with a registry, whether it was
issued and is still valid (exit status 1 if not).
`},
	{"pin", "  afterimage pin hash\n", `Read a staff PIN (4-16 digits) from stdin and print its hash, for the kiosk
config's staff_pin_hash.
`},
	{"index", "  afterimage index rebuild [--config FILE | --index FILE]\n", `Have the gallery's encrypted index rebuilt from the sealed pieces in the bucket the
next time the gallery is unlocked (default: gallery/index.db in the data folder of
the gallery's config). Needs no key.
`},
	{"audit", "  afterimage audit verify [--config FILE]\n", `Check every gallery's audit chain in the bucket (asks for the clinic identity's
passphrase on stdin): prints each chain and where one breaks; exit status 3 if any
does.
`},
}

const exitCodes = `exit status:
  0  done
  1  failed: the message says why and what to do
  2  the command line is wrong (the usage follows)
  3  verify or audit verify found problems (listed above it)
`

// usage is the whole command list.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: afterimage COMMAND [ARGUMENTS]   (afterimage COMMAND --help says more)\n\ncommands:\n")
	for _, c := range commands {
		b.WriteString(c.synopsis)
	}
	b.WriteString("\nSecrets (passphrases, PINs) are read from stdin, never from the command line.\n\n")
	b.WriteString(exitCodes)
	return b.String()
}

func findCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// commandHelp prints name's help on stdout.
func commandHelp(name string, stdout, stderr io.Writer) int {
	c := findCommand(name)
	if c == nil {
		fmt.Fprintf(stderr, "afterimage: unknown command %q\n%s", name, usage())
		return exitUsage
	}
	fmt.Fprintf(stdout, "usage:\n%s\n%s\n%s", c.synopsis, c.help, exitCodes)
	return exitOK
}
