package admin

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
	"github.com/afterimage-clinic/afterimage/internal/version"
)

// Exit statuses (afterimage --help and docs/ADMIN.md list them).
const (
	exitOK       = 0 // done
	exitFailed   = 1 // could not do it: the message says why and what to do
	exitUsage    = 2 // the command line is wrong: the usage follows
	exitProblems = 3 // verify, audit verify: checked, and found problems (listed)
)

// problemsFound is the error of a check that ran and found problems: they
// were printed; the exit status is exitProblems.
type problemsFound struct{ msg string }

func (e *problemsFound) Error() string { return e.msg }

// maxCount bounds code new --count.
const maxCount = 10000

// now is the clock of code new and code check; tests replace it.
var now = time.Now

// Run runs the command in args (without the program name) and returns the
// exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitUsage
	}
	for _, a := range args[1:] {
		if args[0] != "help" && (a == "-h" || a == "-help" || a == "--help") {
			return commandHelp(args[0], stdout, stderr)
		}
	}
	switch args[0] {
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "afterimage", version.Version)
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return commandHelp(args[1], stdout, stderr)
		}
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	var err error
	switch args[0] {
	case "code":
		err = code(args[1:], stdout, stderr)
	case "pin":
		err = pin(args[1:], stdin, stdout, stderr)
	case "keygen":
		err = keygen(args[1:], stdin, stdout, stderr)
	case "index":
		err = indexCmd(args[1:], stdout, stderr)
	case "audit":
		err = auditCmd(args[1:], stdin, stdout, stderr)
	case "provision-kiosk":
		err = provisionKiosk(args[1:], stdin, stdout, stderr)
	case "revoke-kiosk":
		err = revokeKiosk(args[1:], stdout, stderr)
	case "rotate":
		err = rotate(args[1:], stdin, stdout, stderr)
	case "verify":
		err = verify(args[1:], stdin, stdout, stderr)
	case "status":
		err = status(args[1:], stdout, stderr)
	default:
		err = usageError("unknown command %q", args[0])
	}
	var ue *usageErr
	var pf *problemsFound
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "afterimage: %v\n", err)
		if c := findCommand(args[0]); c != nil {
			fmt.Fprintf(stderr, "usage:\n%s(afterimage %s --help says more)\n", c.synopsis, c.name)
		} else {
			fmt.Fprint(stderr, usage())
		}
		return exitUsage
	case errors.As(err, &pf):
		fmt.Fprintf(stderr, "afterimage: %v\n", err)
		return exitProblems
	}
	fmt.Fprintf(stderr, "afterimage: %v\n", err)
	return exitFailed
}

type usageErr struct{ msg string }

func (e *usageErr) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &usageErr{msg: fmt.Sprintf(format, args...)}
}

// flags is a subcommand's flag set. It prints nothing itself: a flag error
// becomes a usage error (said once, with the command's usage), and --help
// is answered from help.go before flags are parsed.
func flags(name string, _ io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError("%s: %v", fs.Name(), err)
	}
	return nil
}

func code(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("code: want new or check")
	}
	switch args[0] {
	case "new":
		return codeNew(args[1:], stdout, stderr)
	case "check":
		return codeCheck(args[1:], stdout, stderr)
	}
	return usageError("code: unknown subcommand %q", args[0])
}

func codeNew(args []string, stdout, stderr io.Writer) error {
	set := flags("code new", stderr)
	count := set.Int("count", 1, "how many codes to make (1-10000)")
	expires := set.String("expires", "", "last day the codes are valid, YYYY-MM-DD (needs --registry)")
	registry := set.String("registry", "", "issued-codes registry file to add the codes to (created if missing)")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("code new: unexpected %q", set.Arg(0))
	}
	if *count < 1 || *count > maxCount {
		return usageError("code new: --count must be 1 to %d", maxCount)
	}
	var exp time.Time
	if *expires != "" {
		if *registry == "" {
			return usageError("code new: --expires needs --registry (kiosks learn expiry dates from the registry)")
		}
		t, err := time.ParseInLocation("2006-01-02", *expires, time.Local)
		if err != nil {
			return usageError("code new: --expires %q is not a date like 2026-12-31", *expires)
		}
		if t.Format("2006-01-02") < now().Format("2006-01-02") {
			return usageError("code new: --expires %s is in the past", *expires)
		}
		exp = t
	}

	var reg *patientcode.Registry
	if *registry != "" {
		var err error
		reg, err = patientcode.Load(*registry)
		if errors.Is(err, fs.ErrNotExist) {
			reg, err = patientcode.NewRegistry(patientcode.DefaultKDF)
		}
		if err != nil {
			return fmt.Errorf("code new: %w", err)
		}
	}
	codes := make([]patientcode.Code, 0, *count)
	made := map[patientcode.Code]bool{}
	for len(codes) < *count {
		c, err := patientcode.New()
		if err != nil {
			return fmt.Errorf("code new: %w", err)
		}
		if made[c] || (reg != nil && reg.Has(c)) {
			continue // already issued: make another
		}
		made[c] = true
		codes = append(codes, c)
		if reg != nil {
			if err := reg.Add(c, exp); err != nil {
				return fmt.Errorf("code new: %w", err)
			}
		}
	}
	if reg != nil {
		if err := reg.Save(*registry); err != nil {
			return fmt.Errorf("code new: %w", err)
		}
		until := "no expiry"
		if !exp.IsZero() {
			until = "valid through " + exp.Format("2006-01-02")
		}
		fmt.Fprintf(stderr, "afterimage: added %d codes (%s) to %s, which now holds %d\n", len(codes), until, *registry, reg.Len())
	}
	w := bufio.NewWriter(stdout)
	for _, c := range codes {
		fmt.Fprintln(w, c.String())
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("code new: write codes: %w", err)
	}
	return nil
}

func codeCheck(args []string, stdout, stderr io.Writer) error {
	set := flags("code check", stderr)
	registry := set.String("registry", "", "issued-codes registry file")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 1 {
		return usageError("code check: want one CODE")
	}
	c, err := patientcode.Parse(set.Arg(0))
	if err != nil {
		return fmt.Errorf("code check: %w", err)
	}
	status := "well formed"
	if *registry != "" {
		reg, err := patientcode.Load(*registry)
		if err != nil {
			return fmt.Errorf("code check: %w", err)
		}
		switch reg.Check(c, now()) {
		case patientcode.OK:
			status = "issued and valid"
		case patientcode.Expired:
			fmt.Fprintln(stdout, "expired")
			return errors.New("code check: the code has expired")
		default:
			fmt.Fprintln(stdout, "unknown")
			return errors.New("code check: the code is not in the registry")
		}
	}
	fmt.Fprintln(stdout, status)
	return nil
}

func pin(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 || args[0] != "hash" {
		return usageError("pin: want: pin hash")
	}
	fmt.Fprintf(stderr, "staff PIN (%d-%d digits), then Enter: ", staffpin.MinLength, staffpin.MaxLength)
	line, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
	fmt.Fprintln(stderr)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("pin hash: read PIN: %w", err)
	}
	p := strings.TrimRight(line, "\r\n")
	if p == "" {
		return errors.New("pin hash: no PIN on stdin")
	}
	h, err := staffpin.Hash(p)
	if err != nil {
		return fmt.Errorf("pin hash: %w", err)
	}
	fmt.Fprintln(stdout, h)
	return nil
}

func indexCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return usageError("index: want: index rebuild [--config FILE | --index FILE]")
	}
	set := flags("index rebuild", stderr)
	path := set.String("index", "", "the gallery's index file (default: gallery/index.db in the data folder)")
	configPath := set.String("config", "", "the gallery's config file, to find its data folder (default: $AFTERIMAGE_CONFIG)")
	if err := parse(set, args[1:]); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("index rebuild: unexpected %q", set.Arg(0))
	}
	if *path == "" {
		// The gallery's data folder, as the gallery finds it (a config
		// with problems elsewhere still names its data folder).
		cfg, err := config.Load(*configPath)
		if cfg == nil {
			return fmt.Errorf("index rebuild: %w", err)
		}
		*path = index.DefaultPath(cfg.DataDir)
	}
	if err := index.RequestRebuild(*path); err != nil {
		return fmt.Errorf("index rebuild: %w", err)
	}
	fmt.Fprintf(stdout, "the index %s will be rebuilt from the bucket the next time the gallery is unlocked\n", *path)
	return nil
}
