package admin

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
)

// abandonedAfter is how long a piece may stay without its manifest before
// verify calls it a problem (an upload that never finished) rather than
// one under way.
const abandonedAfter = time.Hour

// verify checks every piece in the bucket as the gallery does: it pulls
// them all once, with the gallery's library, into a temporary folder.
func verify(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	set := flags("verify", stderr)
	configPath := set.String("config", "", "the gallery's config file (default: $AFTERIMAGE_CONFIG)")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("verify: unexpected %q", set.Arg(0))
	}
	cfg, err := loadGallery(*configPath)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	r, err := remoteconfig.Open(cfg)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	trust, err := provenance.FromConfig(cfg)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	opener, err := clinicOpener(cfg, stdin, stderr)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	work, err := os.MkdirTemp("", "afterimage-verify-")
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer os.RemoveAll(work)
	lib, err := library.OpenOptions(work, r, opener, library.Options{
		Logger: slog.New(slog.DiscardHandler), // every finding is printed below
		Trust:  trust,
	})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	fmt.Fprintln(stderr, "checking every piece in the bucket…")
	ctx := context.Background()
	pull, err := lib.Pull(ctx)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	listing, _, err := bucketListing(ctx, r)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}

	type counts struct{ ok, unverified, damaged, uploading int }
	per := map[string]*counts{}
	of := func(k string) *counts {
		if per[k] == nil {
			per[k] = &counts{}
		}
		return per[k]
	}
	var problems []string
	for _, p := range pull.Pieces {
		of(p.Kiosk).ok++
	}
	for _, p := range pull.Unverified {
		of(p.Kiosk).unverified++
		problems = append(problems, fmt.Sprintf("%s/%s: %s", p.Kiosk, p.Manifest.ID, p.OriginProblem))
	}
	for _, v := range pull.Visits {
		if v.Verified {
			of(v.Kiosk).ok++
			continue
		}
		of(v.Kiosk).unverified++
		problems = append(problems, fmt.Sprintf("%s/%s (visit record): %s", v.Kiosk, v.Record.VisitID, v.OriginProblem))
	}
	for _, d := range pull.Damaged {
		of(d.Kiosk).damaged++
		what := d.Kiosk
		if d.Piece != "" {
			what += "/" + d.Piece
		}
		problems = append(problems, fmt.Sprintf("%s: %s: %s", what, d.Kind, d.Reason))
	}
	for k, kb := range listing {
		for id, last := range kb.incomplete {
			if now().Sub(last) < abandonedAfter {
				of(k).uploading++
				continue
			}
			of(k).damaged++
			problems = append(problems, fmt.Sprintf("%s/%s: incomplete: no manifest, last object received %s (an upload that never finished)", k, id, when(last)))
		}
	}

	kiosks := make([]string, 0, len(per))
	for k := range per {
		kiosks = append(kiosks, k)
	}
	sort.Strings(kiosks)
	total, ok := 0, 0
	for _, k := range kiosks {
		c := per[k]
		line := fmt.Sprintf("%s: %d complete and signed", k, c.ok)
		if c.unverified > 0 {
			line += fmt.Sprintf(", %d ORIGIN NOT VERIFIED", c.unverified)
		}
		if c.damaged > 0 {
			line += fmt.Sprintf(", %d DAMAGED OR INCOMPLETE", c.damaged)
		}
		if c.uploading > 0 {
			line += fmt.Sprintf(", %d still uploading", c.uploading)
		}
		fmt.Fprintln(stdout, line)
		total += c.ok + c.unverified + c.damaged
		ok += c.ok
	}
	sort.Strings(problems)
	for _, p := range problems {
		fmt.Fprintln(stdout, "PROBLEM", p)
	}
	fmt.Fprintf(stdout, "verify: %d pieces (and visit records) checked: %d complete and signed by a trusted kiosk, %d problem(s)\n", total, ok, len(problems))
	if len(problems) > 0 {
		return &problemsFound{fmt.Sprintf("verify: %d problem(s) in the bucket (listed above; docs/ADMIN.md, \"Troubleshooting\", says what each means)", len(problems))}
	}
	return nil
}
