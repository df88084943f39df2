package admin

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/remote/remoteconfig"
)

// kioskInBucket is what the bucket's listing shows of one kiosk.
type kioskInBucket struct {
	pieces      int                  // pieces with a manifest (visit records too)
	incomplete  map[string]time.Time // piece id → its latest object's time, for pieces without a manifest
	lastPiece   string               // the piece whose manifest the bucket received last
	lastPieceAt time.Time
	lastSeen    time.Time // the bucket's latest upload from the kiosk
}

// bucketListing lists every object under v1/pieces/ once, by kiosk; keys
// that are not of the bucket's layout are counted in junk. Only the
// listing is read: no object, no key.
func bucketListing(ctx context.Context, r remote.Remote) (map[string]*kioskInBucket, int, error) {
	kiosks := map[string]*kioskInBucket{}
	manifests := map[string]bool{} // kiosk/piece
	junk := 0
	err := r.List(ctx, remote.PiecesPrefix(), "", func(i remote.Info) error {
		k, ok := remote.ParsePieceKey(i.Key)
		if !ok {
			junk++
			return nil
		}
		kb := kiosks[k.Kiosk]
		if kb == nil {
			kb = &kioskInBucket{incomplete: map[string]time.Time{}}
			kiosks[k.Kiosk] = kb
		}
		if i.Modified.After(kb.lastSeen) {
			kb.lastSeen = i.Modified
		}
		if k.Manifest {
			kb.pieces++
			manifests[k.Kiosk+"/"+k.Piece] = true
			delete(kb.incomplete, k.Piece)
			if i.Modified.After(kb.lastPieceAt) || kb.lastPiece == "" {
				kb.lastPiece, kb.lastPieceAt = k.Piece, i.Modified
			}
		} else if !manifests[k.Kiosk+"/"+k.Piece] {
			if i.Modified.After(kb.incomplete[k.Piece]) {
				kb.incomplete[k.Piece] = i.Modified
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list the bucket: %w", err)
	}
	return kiosks, junk, nil
}

// status prints, per kiosk, its trust, its pieces in the bucket, its last
// piece and when it was last seen.
func status(args []string, stdout, stderr io.Writer) error {
	set := flags("status", stderr)
	configPath := set.String("config", "", "the gallery's config file (default: $AFTERIMAGE_CONFIG)")
	if err := parse(set, args); err != nil {
		return err
	}
	if set.NArg() != 0 {
		return usageError("status: unexpected %q", set.Arg(0))
	}
	cfg, err := loadGallery(*configPath)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	r, err := remoteconfig.Open(cfg)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	kiosks, junk, err := bucketListing(ctx, r)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	names := map[string]bool{}
	for k := range kiosks {
		names[k] = true
	}
	for _, k := range cfg.TrustedKiosks {
		names[k.ID] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "KIOSK\tTRUST\tPIECES\tLAST PIECE\tRECEIVED\tLAST SEEN\tUPLOADING/INCOMPLETE")
	for _, name := range sorted {
		kb := kiosks[name]
		if kb == nil {
			kb = &kioskInBucket{}
		}
		last, received := "-", "-"
		if kb.lastPiece != "" {
			last, received = kb.lastPiece, when(kb.lastPieceAt)
		}
		seen := "never"
		if !kb.lastSeen.IsZero() {
			seen = when(kb.lastSeen)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%d\n", name, trustOf(cfg, name), kb.pieces, last, received, seen, len(kb.incomplete))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if len(sorted) == 0 {
		fmt.Fprintln(stdout, "no kiosk is trusted and the bucket holds no pieces")
	}
	if junk > 0 {
		fmt.Fprintf(stdout, "%d object(s) under v1/pieces/ are not pieces (afterimage verify names them)\n", junk)
	}
	return nil
}

// trustOf says how the gallery's config treats kiosk's pieces.
func trustOf(cfg *config.Config, kiosk string) string {
	trusted := false
	for _, k := range cfg.TrustedKiosks {
		trusted = trusted || k.ID == kiosk
	}
	var revoked time.Time
	for _, r := range cfg.RevokedKiosks {
		if t, err := r.AfterTime(); err == nil && r.ID == kiosk && (revoked.IsZero() || t.Before(revoked)) {
			revoked = t
		}
	}
	switch {
	case !trusted:
		return "NOT TRUSTED"
	case !revoked.IsZero():
		return "REVOKED " + when(revoked)
	}
	return "trusted"
}

// when is a time for people, in local time.
func when(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") }
