package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/recovered"
	"github.com/afterimage-clinic/afterimage/internal/remote"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// Defaults for Options.
const (
	DefaultCallTimeout   = 30 * time.Second
	DefaultFutureSkew    = 10 * time.Minute
	DefaultFullListEvery = 24 * time.Hour
	DefaultMaxBlobSize   = 512 << 20
)

// Verifier checks who made a piece. Verify returns nil when m carries a
// valid signature by a kiosk the clinic trusts, and an error saying why not
// otherwise (no patient data in it).
type Verifier interface {
	Verify(m *piece.Manifest) error
}

// UploadVerifier is a Verifier that also judges a piece by when the
// storage received it (a revoked kiosk's pieces from its revocation on;
// provenance.Trust is one). The library gives it the latest server-side
// time of the piece's objects, zero when unknown.
type UploadVerifier interface {
	VerifyUploaded(m *piece.Manifest, uploaded time.Time) error
}

// Options configure a Library. The zero value is usable.
type Options struct {
	Logger *slog.Logger
	// Store keeps cursors and problems; nil: a FileStore at <dir>/state.json.
	Store Store
	// Trust verifies each piece's origin; nil: no origin is verified, and
	// every piece is handed over as "origin not verified".
	Trust Verifier
	// CallTimeout is how long any remote call may go without progress
	// (no byte read, no key listed) before it fails as stalled.
	CallTimeout time.Duration
	// FutureSkew is how far past now a piece id's time may be and still
	// move a cursor.
	FutureSkew time.Duration
	// FullListEvery is how often a pull lists every kiosk from the start,
	// ignoring cursors (the first pull after Open always does).
	FullListEvery time.Duration
	// MaxBlobSize is the largest sealed blob the library downloads.
	MaxBlobSize int64
	// Workers is how many pieces are fetched at once (default 4).
	Workers int
	// Progress, if set, is called after each piece a pull handles with
	// the number handled and the number to handle in this pull.
	Progress func(done, total int)
	// Now is the clock (tests); nil: time.Now.
	Now func() time.Time
	// Rebuild bounds the rebuilding of recovered pieces (Piece.Rebuild);
	// the zero value means recovered's defaults.
	Rebuild recovered.Limits
}

// Library pulls and verifies pieces for the gallery.
type Library struct {
	remote remote.Remote
	opener *seal.Opener
	dir    string
	log    *slog.Logger
	opts   Options
	store  Store

	mu       sync.Mutex // one pull at a time; guards the fields below
	cursors  map[string]string
	lastFull time.Time
	problems map[string]Damaged // by kiosk/piece
	fullDone bool               // a full listing ran since Open
}

// ProblemKind says what is wrong with a piece or key.
type ProblemKind string

// The kinds of problem.
const (
	// KindDamaged: the piece's objects do not match their manifest, cannot be
	// opened, or the manifest is invalid. Re-checked now and then, and at
	// every start; a repaired piece is handed over then.
	KindDamaged ProblemKind = "damaged"
	// KindUnreadable: the storage failed to give an object (an error, a
	// stall). Retried with backoff.
	KindUnreadable ProblemKind = "unreadable"
	// KindTampered: an object of the piece was written more than once (a
	// versioned bucket keeps every version): the first version is used,
	// and the piece stays flagged until staff look into it.
	KindTampered ProblemKind = "tampered"
	// KindJunk: objects under a kiosk's prefix that are not pieces (a
	// malformed id, a malformed kiosk id). Never moves a cursor.
	KindJunk ProblemKind = "junk"
)

// Damaged names a piece (or, for junk, a kiosk's stray keys) that cannot be
// shown, and why. Reason never holds patient data.
type Damaged struct {
	Kiosk     string      `json:"kiosk"`
	Piece     string      `json:"piece"` // "" for a kiosk's junk
	Kind      ProblemKind `json:"kind"`
	Reason    string      `json:"reason"`
	Since     time.Time   `json:"since"`
	Attempts  int         `json:"attempts"`
	NextCheck time.Time   `json:"nextCheck"`
}

// Pull is what one pull found. Each piece is handed over once, ever: by
// the pull that verified it, then only by Cached after a restart.
type Pull struct {
	// Pieces are verified pieces from trusted kiosks.
	Pieces []*Piece
	// Unverified are pieces that decrypt and match their manifest but whose
	// origin is not verified (unsigned, unknown kiosk, wrong key): to be
	// shown apart, never mixed into a patient's work.
	Unverified []*Piece
	// Damaged are the problems this pull found or still sees.
	Damaged []Damaged
	// Visits are the visit records handed over (see Visit and Moods),
	// verified or not: never shown as pieces.
	Visits []*Visit
}

// Open opens (or creates) the library's folder dir with default options
// and the given logger.
func Open(dir string, r remote.Remote, o *seal.Opener, log *slog.Logger) (*Library, error) {
	return OpenOptions(dir, r, o, Options{Logger: log})
}

// OpenOptions opens (or creates) the library's folder dir.
func OpenOptions(dir string, r remote.Remote, o *seal.Opener, opts Options) (*Library, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.CallTimeout <= 0 {
		opts.CallTimeout = DefaultCallTimeout
	}
	if opts.FutureSkew <= 0 {
		opts.FutureSkew = DefaultFutureSkew
	}
	if opts.FullListEvery <= 0 {
		opts.FullListEvery = DefaultFullListEvery
	}
	if opts.MaxBlobSize <= 0 {
		opts.MaxBlobSize = DefaultMaxBlobSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if err := os.MkdirAll(filepath.Join(dir, "cache", stageDir), 0o700); err != nil {
		return nil, fmt.Errorf("library: open %s: %w", dir, err)
	}
	// Leftovers of a pull that was interrupted: never handed over.
	if err := os.RemoveAll(filepath.Join(dir, "cache", stageDir)); err != nil {
		return nil, fmt.Errorf("library: open %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "cache", stageDir), 0o700); err != nil {
		return nil, fmt.Errorf("library: open %s: %w", dir, err)
	}
	store := opts.Store
	if store == nil {
		fs, err := OpenFileStore(filepath.Join(dir, "state.json"))
		if err != nil {
			return nil, err
		}
		store = fs
	}
	saved, err := store.Load()
	if err != nil {
		return nil, fmt.Errorf("library: load state: %w", err)
	}
	l := &Library{remote: r, opener: o, dir: dir, log: opts.Logger.With("component", "library"), opts: opts, store: store,
		cursors: map[string]string{}, lastFull: saved.LastFull, problems: map[string]Damaged{}}
	for k, c := range saved.Cursors {
		// A cursor is only ever a well-formed id; anything else (a damaged
		// or hand-edited state) is dropped: the next pull lists it all.
		if piece.ValidKioskID(k) && piece.ID(c).Validate() == nil {
			l.cursors[k] = c
		}
	}
	for _, d := range saved.Problems {
		l.problems[d.key()] = d
	}
	return l, nil
}

// Problems returns every problem recorded and not resolved, across
// restarts, oldest first.
func (l *Library) Problems() []Damaged {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.problemList()
}

func (l *Library) problemList() []Damaged {
	out := make([]Damaged, 0, len(l.problems))
	for _, d := range l.problems {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].key() < out[j].key()
	})
	return out
}

// listed is one piece's objects as listed.
type listed struct {
	objects     map[string]remote.Info // by blob name; "" is the manifest; the first version
	manifest    bool
	overwritten []string // keys with more than one version
}

// kioskListing is what one pull saw of one kiosk.
type kioskListing struct {
	kiosk  string
	full   bool // listed from the start (cursor ignored)
	pieces map[string]*listed
	junk   int
	first  string // first junk key
}

// job is one piece to fetch.
type job struct {
	kiosk, id string
	objs      *listed
}

// Pull lists what is new on the remote, verifies and decrypts each complete
// piece, and returns the pieces not handed over before, with the problems
// it found. Problems with one object never stop the pull: they are
// recorded (and retried later); only a failure to list at all is returned
// as an error, after everything else that could be pulled was.
func (l *Library) Pull(ctx context.Context) (Pull, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.opts.Now()
	full := !l.fullDone || now.Sub(l.lastFull) >= l.opts.FullListEvery || now.Before(l.lastFull)
	var out Pull
	kiosks, err := l.kiosks(ctx)
	if err != nil {
		return out, err
	}
	var errs []error
	var listings []*kioskListing
	var jobs []job
	queued := map[string]bool{}
	for _, k := range kiosks {
		if !piece.ValidKioskID(k) {
			l.record(&out, Damaged{Kiosk: k, Kind: KindJunk, Reason: "objects under a name that is not a kiosk id"}, now)
			continue
		}
		after := ""
		if c := l.cursors[k]; c != "" && !full {
			after = remote.PiecePrefix(k, c) + "~"
		}
		kl, err := l.listKiosk(ctx, k, after)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		kl.full = after == ""
		listings = append(listings, kl)
		l.recordJunk(&out, kl, now)
		ids := sortedIDs(kl.pieces)
		for _, id := range ids {
			p := kl.pieces[id]
			l.recordTampered(&out, k, id, p, now)
			if !p.manifest || l.delivered(k, id) {
				continue
			}
			if d, ok := l.problems[problemKey(k, id)]; ok && !full && now.Before(d.NextCheck) {
				continue
			}
			jobs = append(jobs, job{kiosk: k, id: id, objs: p})
			queued[problemKey(k, id)] = true
		}
	}
	// Problems behind a cursor that are due for another look.
	for _, d := range l.problemList() {
		key := problemKey(d.Kiosk, d.Piece)
		if d.Kind == KindJunk || d.Kind == KindTampered || d.Piece == "" || queued[key] || now.Before(d.NextCheck) || l.delivered(d.Kiosk, d.Piece) {
			continue
		}
		objs, err := l.listPiece(ctx, d.Kiosk, d.Piece)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		l.recordTampered(&out, d.Kiosk, d.Piece, objs, now)
		if !objs.manifest {
			l.record(&out, Damaged{Kiosk: d.Kiosk, Piece: d.Piece, Kind: KindDamaged, Reason: "manifest is missing"}, now)
			continue
		}
		jobs = append(jobs, job{kiosk: d.Kiosk, id: d.Piece, objs: objs})
	}

	// Fetch with a few workers; hand over in job order.
	results := make([]chan fetched, len(jobs))
	for i := range results {
		results[i] = make(chan fetched, 1)
	}
	next := make(chan int)
	fctx, stopFetching := context.WithCancel(ctx)
	defer stopFetching()
	var wg sync.WaitGroup
	for w := 0; w < l.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, f := l.fetch(fctx, jobs[i])
				results[i] <- fetched{p, f}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range jobs {
			select {
			case next <- i:
			case <-fctx.Done():
				return
			}
		}
	}()
	defer func() {
		stopFetching()
		wg.Wait()
	}()
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("library: pull: %w", err))
			break
		}
		var r fetched
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			errs = append(errs, fmt.Errorf("library: pull: %w", ctx.Err()))
		}
		if ctx.Err() != nil {
			break
		}
		l.handOver(j, r, &out, now)
		if l.opts.Progress != nil {
			l.opts.Progress(i+1, len(jobs))
		}
		if (i+1)%saveEvery == 0 {
			if err := l.store.Sync(); err != nil {
				errs = append(errs, err)
			}
		}
	}

	for _, kl := range listings {
		l.advanceCursor(kl, now)
	}
	if full && len(errs) == 0 {
		l.fullDone, l.lastFull = true, now
		l.resolveVanishedJunk(listings, kiosks)
	}
	if err := l.store.CursorsSaved(l.cursors, l.lastFull); err != nil {
		errs = append(errs, err)
	}
	if err := l.store.Sync(); err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// saveEvery is how many pieces a pull handles between saves of its state.
const saveEvery = 64

func sortedIDs(m map[string]*listed) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// advanceCursor moves a kiosk's cursor over the run of listed pieces that
// are handled (handed over, or recorded as a problem to retry by name),
// stopping at the first piece still uploading, or whose id is not a
// well-formed UUIDv7 or is dated beyond now + FutureSkew: nothing in the
// bucket can make a cursor skip a piece it has not seen.
func (l *Library) advanceCursor(kl *kioskListing, now time.Time) {
	cursor := ""
	if !kl.full {
		cursor = l.cursors[kl.kiosk]
	}
	for _, id := range sortedIDs(kl.pieces) {
		if !l.cursorMayPass(kl.kiosk, id, kl.pieces[id], now) {
			break
		}
		cursor = id
	}
	if cursor == "" {
		delete(l.cursors, kl.kiosk)
		return
	}
	l.cursors[kl.kiosk] = cursor
}

func (l *Library) cursorMayPass(kiosk, id string, p *listed, now time.Time) bool {
	t, ok := idTime(id)
	if !ok || t.After(now.Add(l.opts.FutureSkew)) || !p.manifest {
		return false
	}
	if l.delivered(kiosk, id) {
		return true
	}
	d, ok := l.problems[problemKey(kiosk, id)]
	return ok && d.Kind != KindJunk
}

// idTime is the time a UUIDv7 piece id was made; ok is false for anything
// that is not a canonical UUIDv7.
func idTime(id string) (time.Time, bool) {
	if piece.ID(id).Validate() != nil {
		return time.Time{}, false
	}
	var ms int64
	for i := 0; i < 13; i++ { // the first 48 bits: 8 hex digits, '-', 4 hex digits
		c := id[i]
		if c == '-' {
			continue
		}
		v := int64(c - '0')
		if c >= 'a' {
			v = int64(c-'a') + 10
		}
		ms = ms<<4 | v
	}
	return time.UnixMilli(ms), true
}

// kiosks discovers the kiosks that uploaded anything, with one listing of
// the folders under v1/pieces/ when the remote can list folders, else one
// short listing per kiosk.
func (l *Library) kiosks(ctx context.Context) ([]string, error) {
	if fl, ok := l.remote.(remote.FolderLister); ok {
		wctx, w := startWatchdog(ctx, l.opts.CallTimeout)
		names, err := fl.ListFolders(wctx, remote.PiecesPrefix())
		if err = w.stop(err); err != nil {
			return nil, fmt.Errorf("library: list kiosks: %w", err)
		}
		return names, nil
	}
	var out []string
	after := ""
	for {
		next := ""
		wctx, w := startWatchdog(ctx, l.opts.CallTimeout)
		err := l.remote.List(wctx, remote.PiecesPrefix(), after, func(i remote.Info) error {
			w.kick()
			if k, ok := remote.ParsePieceKey(i.Key); ok {
				next = k.Kiosk
				return remote.ErrStop
			}
			return nil
		})
		if errors.Is(err, remote.ErrStop) {
			err = nil
		}
		if err = w.stop(err); err != nil {
			return nil, fmt.Errorf("library: list kiosks: %w", err)
		}
		if next == "" {
			return out, nil
		}
		out = append(out, next)
		after = remote.KioskPrefix(next) + "~"
	}
}

func (l *Library) listKiosk(ctx context.Context, kiosk, after string) (*kioskListing, error) {
	kl := &kioskListing{kiosk: kiosk, pieces: map[string]*listed{}}
	err := l.list(ctx, remote.KioskPrefix(kiosk), after, func(first remote.Info, versions int) {
		k, ok := remote.ParsePieceKey(first.Key)
		if !ok || k.Kiosk != kiosk {
			kl.addJunk(first.Key)
			return
		}
		if _, ok := idTime(k.Piece); !ok {
			kl.addJunk(first.Key)
			return
		}
		add(kl.pieces, k, first, versions)
	})
	if err != nil {
		return nil, fmt.Errorf("library: list kiosk %s: %w", kiosk, err)
	}
	return kl, nil
}

// list lists prefix after after under a watchdog, calling fn with each
// key's first version and its number of versions (1 unless the remote keeps
// versions and the key was written again).
func (l *Library) list(ctx context.Context, prefix, after string, fn func(first remote.Info, versions int)) error {
	wctx, w := startWatchdog(ctx, l.opts.CallTimeout)
	var err error
	if v, ok := l.remote.(remote.Versioned); ok {
		err = v.ListVersions(wctx, prefix, after, func(key string, versions []remote.Info) error {
			w.kick()
			fn(versions[0], len(versions))
			return nil
		})
	} else {
		err = l.remote.List(wctx, prefix, after, func(i remote.Info) error {
			w.kick()
			fn(i, 1)
			return nil
		})
	}
	return w.stop(err)
}

func (kl *kioskListing) addJunk(key string) {
	if kl.junk == 0 {
		kl.first = key
	}
	kl.junk++
}

func add(pieces map[string]*listed, k remote.PieceKey, i remote.Info, versions int) {
	p := pieces[k.Piece]
	if p == nil {
		p = &listed{objects: map[string]remote.Info{}}
		pieces[k.Piece] = p
	}
	if versions > 1 {
		p.overwritten = append(p.overwritten, i.Key)
	}
	if k.Manifest {
		p.manifest = true
		p.objects[""] = i
	} else {
		p.objects[k.Blob] = i
	}
}

// listPiece lists one piece's objects.
func (l *Library) listPiece(ctx context.Context, kiosk, id string) (*listed, error) {
	pieces := map[string]*listed{}
	err := l.list(ctx, remote.PiecePrefix(kiosk, id), "", func(first remote.Info, versions int) {
		if k, ok := remote.ParsePieceKey(first.Key); ok && k.Kiosk == kiosk && k.Piece == id {
			add(pieces, k, first, versions)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("library: list piece %s/%s: %w", kiosk, id, err)
	}
	if p := pieces[id]; p != nil {
		return p, nil
	}
	return &listed{objects: map[string]remote.Info{}}, nil
}

// recordTampered flags (once) a piece whose objects were written again.
func (l *Library) recordTampered(out *Pull, kiosk, id string, p *listed, now time.Time) {
	if len(p.overwritten) == 0 {
		return
	}
	d := Damaged{Kiosk: kiosk, Piece: id, Kind: KindTampered,
		Reason: fmt.Sprintf("%d object(s) written again after upload, e.g. %s: the first version is kept", len(p.overwritten), p.overwritten[0])}
	if prev, ok := l.problems[d.key()]; ok && prev.Reason == d.Reason {
		return
	}
	l.record(out, d, now)
}

// recordJunk records (once per kiosk, however many keys) objects under a
// kiosk that are not pieces.
func (l *Library) recordJunk(out *Pull, kl *kioskListing, now time.Time) {
	if kl.junk == 0 {
		return
	}
	reason := fmt.Sprintf("%d object(s) that are not pieces, e.g. %s", kl.junk, kl.first)
	if d, ok := l.problems[problemKey(kl.kiosk, "")]; ok && d.Reason == reason {
		return
	}
	l.record(out, Damaged{Kiosk: kl.kiosk, Kind: KindJunk, Reason: reason}, now)
}

// resolveVanishedJunk forgets junk a complete full listing no longer saw.
func (l *Library) resolveVanishedJunk(listings []*kioskListing, kiosks []string) {
	junk := map[string]bool{}
	for _, kl := range listings {
		if kl.junk > 0 {
			junk[kl.kiosk] = true
		}
	}
	for _, k := range kiosks {
		if !piece.ValidKioskID(k) {
			junk[k] = true
		}
	}
	for key, d := range l.problems {
		if d.Kind == KindJunk && !junk[d.Kiosk] {
			delete(l.problems, key)
			if err := l.store.ProblemResolved(d); err != nil {
				l.log.Warn("forget a resolved problem", "err", err)
			}
		}
	}
}

// record notes a problem: new, or seen again (then its next check backs
// off). It goes into out and the store.
func (l *Library) record(out *Pull, d Damaged, now time.Time) {
	key := d.key()
	prev, seen := l.problems[key]
	d.Since, d.Attempts = now, 1
	if seen {
		d.Since, d.Attempts = prev.Since, prev.Attempts+1
	}
	d.NextCheck = now.Add(backoff(d.Kind, d.Attempts, l.opts.FullListEvery))
	l.problems[key] = d
	out.Damaged = append(out.Damaged, d)
	if !seen || prev.Reason != d.Reason {
		l.log.Warn("piece not shown", "kiosk", d.Kiosk, "piece", d.Piece, "kind", d.Kind, "reason", d.Reason)
	}
	if err := l.store.ProblemRecorded(d); err != nil {
		l.log.Error("record a problem", "err", err)
	}
}

// backoff is how long to wait before looking at a problem again.
func backoff(kind ProblemKind, attempts int, full time.Duration) time.Duration {
	base, max := time.Hour, full
	switch kind {
	case KindUnreadable:
		base, max = 30*time.Second, 6*time.Hour
	case KindJunk:
		return full
	}
	d := base
	for i := 1; i < attempts && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// resolve forgets a piece's damage (not a tampered flag: that stays for
// staff).
func (l *Library) resolve(kiosk, id string) {
	d, ok := l.problems[problemKey(kiosk, id)]
	if !ok {
		return
	}
	delete(l.problems, d.key())
	l.log.Info("a piece with a problem is now whole", "kiosk", kiosk, "piece", id)
	if err := l.store.ProblemResolved(d); err != nil {
		l.log.Error("forget a resolved problem", "err", err)
	}
}
