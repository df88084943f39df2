package outbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote"
)

// Options configure an Outbox. KioskID, Remote, Source and StateDir are required.
type Options struct {
	KioskID string
	Remote  remote.Remote
	Source  Source
	// StateDir holds the outbox's "uploaded" markers (pieces kept locally
	// during Retention).
	StateDir string
	// Concurrency bounds the puts in flight (default 4).
	Concurrency int
	// Retention keeps uploaded pieces in the spool this long after they were
	// verified in the bucket (default 0: removed at once).
	Retention time.Duration
	// AttemptTimeout bounds one put (and its verification) of size bytes
	// (default 30 s + 1 s per 256 KiB), so that a stalled connection is
	// abandoned and retried.
	AttemptTimeout func(size int64) time.Duration
	Backoff        Backoff // default DefaultBackoff
	Clock          Clock   // default the system clock
	Logger         *slog.Logger
}

// Status is what the staff panel shows. It holds no patient data.
type Status struct {
	Pending     int // complete pieces waiting for upload (held ones not counted)
	Held        []Held
	Uploading   bool
	Uploaded    int // pieces uploaded and verified since start
	LastSuccess time.Time
	LastError   string
	LastErrorAt time.Time
	NextRetry   time.Time // when backing off after an error; zero otherwise
	// AlreadyStored counts puts answered "exists" whose object was
	// confirmed as this kiosk's (retries of puts whose answer was lost).
	AlreadyStored int
}

// Held is a piece kept locally because it cannot upload as it is.
type Held struct {
	ID     piece.ID
	Reason string
}

// Outbox uploads pieces; see the package comment.
type Outbox struct {
	opts Options
	log  *slog.Logger
	kick chan struct{}

	mu       sync.Mutex
	st       Status
	held     map[piece.ID]string
	watchers map[chan Status]struct{}
	noStat   bool // the remote refused Stat: rely on put receipts
	// stored holds keys verified in the bucket whose piece is not yet
	// committed, so that a retried pass does not send them again.
	stored map[string]bool
	idle   chan struct{}
}

// New checks opts and returns an outbox; Run starts it.
func New(opts Options) (*Outbox, error) {
	if !piece.ValidKioskID(opts.KioskID) {
		return nil, fmt.Errorf("outbox: invalid kiosk id %q", opts.KioskID)
	}
	if opts.Remote == nil || opts.Source == nil || opts.StateDir == "" {
		return nil, errors.New("outbox: remote, source and state dir are required")
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.AttemptTimeout == nil {
		opts.AttemptTimeout = func(size int64) time.Duration {
			return 30*time.Second + time.Duration(size/(256<<10))*time.Second
		}
	}
	if opts.Backoff == nil {
		opts.Backoff = DefaultBackoff
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := os.MkdirAll(markerDir(opts.StateDir), 0o700); err != nil {
		return nil, fmt.Errorf("outbox: state dir: %w", err)
	}
	return &Outbox{
		opts: opts, log: opts.Logger.With("component", "outbox"),
		kick: make(chan struct{}, 1), held: map[piece.ID]string{},
		watchers: map[chan Status]struct{}{}, idle: make(chan struct{}), stored: map[string]bool{},
	}, nil
}

// Kick asks the outbox to try at once (call it after a save). It never blocks.
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// RetryHeld lets held pieces try again on the next pass, e.g. after staff
// had the conflicting object removed from the bucket. A piece whose cause
// remains is held again. It returns how many pieces were released.
func (o *Outbox) RetryHeld() int {
	o.mu.Lock()
	n := len(o.held)
	clear(o.held)
	o.mu.Unlock()
	if n == 0 {
		return 0
	}
	o.log.Info("retrying held pieces", "count", n)
	o.update(func(s *Status) { s.Held = nil })
	o.Kick()
	return n
}

// Status returns the current status.
func (o *Outbox) Status() Status {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.snapshot()
}

func (o *Outbox) snapshot() Status {
	s := o.st
	s.Held = slices.Clone(s.Held)
	return s
}

// Watch returns a channel that receives the status whenever it changes
// (only the latest is kept if the reader is slow), and a function to stop.
func (o *Outbox) Watch() (<-chan Status, func()) {
	ch := make(chan Status, 1)
	o.mu.Lock()
	o.watchers[ch] = struct{}{}
	ch <- o.snapshot()
	o.mu.Unlock()
	return ch, func() {
		o.mu.Lock()
		delete(o.watchers, ch)
		o.mu.Unlock()
	}
}

// update changes the status under the lock and tells the watchers.
func (o *Outbox) update(fn func(s *Status)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fn(&o.st)
	s := o.snapshot()
	for ch := range o.watchers {
		select {
		case <-ch:
		default:
		}
		ch <- s
	}
}

// Flush kicks the outbox and waits until a pass has found nothing left to
// upload (held pieces aside), or ctx ends.
func (o *Outbox) Flush(ctx context.Context) error {
	o.mu.Lock()
	idle := o.idle
	o.mu.Unlock()
	o.Kick()
	select {
	case <-idle:
	case <-ctx.Done():
		return ctx.Err()
	}
	// idle closed after the pass that was running when Flush was called;
	// wait for one that started after it.
	o.mu.Lock()
	idle = o.idle
	o.mu.Unlock()
	o.Kick()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run uploads until ctx ends; it returns ctx's error. Errors are retried
// with backoff forever; they show in Status.
func (o *Outbox) Run(ctx context.Context) error {
	attempt := 0
	for {
		progressed, err := o.pass(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var wait <-chan time.Time
		if err == nil {
			attempt = 0
			o.update(func(s *Status) { s.NextRetry = time.Time{}; s.Uploading = false })
			o.mu.Lock()
			close(o.idle)
			o.idle = make(chan struct{})
			o.mu.Unlock()
			if o.opts.Retention > 0 {
				wait = o.opts.Clock.After(min(o.opts.Retention, time.Hour))
			}
		} else {
			if progressed {
				attempt = 0
			}
			attempt++
			d := o.opts.Backoff.Delay(attempt)
			now := o.opts.Clock.Now()
			o.log.Warn("upload failed; will retry", "err", err, "attempt", attempt, "retry_in", d)
			o.update(func(s *Status) {
				s.LastError, s.LastErrorAt, s.NextRetry, s.Uploading = err.Error(), now, now.Add(d), false
			})
			wait = o.opts.Clock.After(d)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-o.kick:
		case <-wait:
		}
	}
}

// holdError marks a piece that cannot upload as it is.
type holdError struct{ err error }

func (h holdError) Error() string { return h.err.Error() }
func (h holdError) Unwrap() error { return h.err }

func hold(format string, args ...any) error { return holdError{fmt.Errorf(format, args...)} }

// pass uploads every pending piece once, in order. progressed says whether
// at least one piece was committed.
func (o *Outbox) pass(ctx context.Context) (progressed bool, err error) {
	all, err := o.opts.Source.Pending()
	if err != nil {
		return false, fmt.Errorf("outbox: list pending: %w", err)
	}
	uploaded, err := o.expireMarkers(all)
	if err != nil {
		return false, err
	}
	var todo []Piece
	o.mu.Lock()
	for _, p := range all {
		if _, h := o.held[p.ID]; !h && !uploaded[p.ID] {
			todo = append(todo, p)
		}
	}
	o.mu.Unlock()
	o.update(func(s *Status) { s.Pending, s.Uploading = len(todo), len(todo) > 0 })
	if len(todo) == 0 {
		return false, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, o.opts.Concurrency)
	type job struct {
		p    Piece
		done chan error
	}
	// Blobs of up to 2×Concurrency pieces upload ahead of the committer.
	jobs := make(chan job, 2*o.opts.Concurrency)
	go func() {
		defer close(jobs)
		for _, p := range todo {
			j := job{p, make(chan error, 1)}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			go func() { j.done <- o.uploadBlobs(ctx, sem, j.p) }()
		}
	}()
	defer func() {
		cancel()
		for j := range jobs { // wait for the uploads running ahead
			<-j.done
		}
	}()
	for j := range jobs {
		err := <-j.done
		if err == nil {
			err = o.commit(ctx, sem, j.p)
		}
		var h holdError
		switch {
		case errors.As(err, &h):
			o.log.Error("piece held: kept on the kiosk, not uploaded", "piece", string(j.p.ID), "reason", err)
			o.mu.Lock()
			o.held[j.p.ID] = err.Error()
			o.mu.Unlock()
			o.update(func(s *Status) {
				s.Held = append(s.Held, Held{ID: j.p.ID, Reason: err.Error()})
				s.Pending--
			})
		case err != nil:
			return progressed, err
		default:
			progressed = true
		}
	}
	return progressed, ctx.Err()
}

// uploadBlobs puts a piece's blobs (not its manifest) concurrently.
func (o *Outbox) uploadBlobs(ctx context.Context, sem chan struct{}, p Piece) error {
	blobs := p.Files[:len(p.Files)-1]
	errs := make([]error, len(blobs))
	var wg sync.WaitGroup
	for i, f := range blobs {
		wg.Go(func() { errs[i] = o.uploadFile(ctx, sem, p.ID, f) })
	}
	wg.Wait()
	for _, err := range errs { // a held blob holds the piece
		var h holdError
		if errors.As(err, &h) {
			return err
		}
	}
	return errors.Join(errs...)
}

// commit puts the manifest, then marks the piece uploaded and removes it.
func (o *Outbox) commit(ctx context.Context, sem chan struct{}, p Piece) error {
	m := p.Files[len(p.Files)-1]
	if m.Name != "manifest" {
		return hold("outbox: piece %s: last file is %q, not the manifest", p.ID, m.Name)
	}
	if err := o.uploadFile(ctx, sem, p.ID, m); err != nil {
		return err
	}
	now := o.opts.Clock.Now()
	if err := o.mark(p.ID, now); err != nil {
		return err
	}
	o.mu.Lock()
	for _, f := range p.Files {
		delete(o.stored, piece.ObjectKey(o.opts.KioskID, p.ID, f.Name))
	}
	o.mu.Unlock()
	if o.opts.Retention <= 0 {
		if err := o.opts.Source.Remove(p.ID); err != nil {
			o.log.Warn("remove uploaded piece from spool", "piece", string(p.ID), "err", err)
		} else {
			o.unmark(p.ID)
		}
	}
	o.log.Info("piece uploaded", "piece", string(p.ID), "files", len(p.Files))
	o.update(func(s *Status) {
		s.Pending--
		s.Uploaded++
		s.LastSuccess = now
	})
	return nil
}

// uploadFile puts one sealed file and verifies it in the bucket.
func (o *Outbox) uploadFile(ctx context.Context, sem chan struct{}, id piece.ID, f File) error {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-sem }()

	key := piece.ObjectKey(o.opts.KioskID, id, f.Name)
	o.mu.Lock()
	done := o.stored[key]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := o.putFile(ctx, id, key, f); err != nil {
		return err
	}
	o.mu.Lock()
	o.stored[key] = true
	o.mu.Unlock()
	return nil
}

func (o *Outbox) putFile(ctx context.Context, id piece.ID, key string, f File) error {
	fh, err := os.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return hold("outbox: piece %s: %s missing from the spool", id, f.Name)
	}
	if err != nil {
		return fmt.Errorf("outbox: open %s of %s: %w", f.Name, id, err)
	}
	defer fh.Close()
	actx, cancel := context.WithTimeout(ctx, o.opts.AttemptTimeout(f.Size))
	defer cancel()
	info, err := o.opts.Remote.Put(actx, key, fh, f.Size, f.SHA256)
	switch {
	case err == nil:
		return o.verify(actx, key, f, &info)
	case remote.IsExists(err):
		return o.verify(actx, key, f, nil)
	case remote.IsChecksum(err):
		damaged, derr := o.opts.Source.Damaged(id)
		if derr == nil && len(damaged) > 0 {
			return hold("outbox: piece %s: damaged in the spool: %v", id, damaged)
		}
		return fmt.Errorf("outbox: upload %s: %w", key, err)
	default:
		return fmt.Errorf("outbox: upload %s: %w", key, err)
	}
}

// verify checks the object under key against f. put is the put's receipt,
// or nil when the put found the object already there.
func (o *Outbox) verify(ctx context.Context, key string, f File, put *remote.Info) error {
	o.mu.Lock()
	noStat := o.noStat
	o.mu.Unlock()
	if !noStat {
		st, err := o.opts.Remote.Stat(ctx, key)
		switch {
		case remote.IsPermission(err):
			o.log.Info("remote refuses stat (put-only kiosk key): verifying uploads by their put receipts")
			o.mu.Lock()
			o.noStat = true
			o.mu.Unlock()
		case err != nil:
			return fmt.Errorf("outbox: verify %s: %w", key, err)
		case st.Size == f.Size && st.SHA256 == f.SHA256:
			if put == nil {
				o.update(func(s *Status) { s.AlreadyStored++ })
			}
			return nil
		default:
			return hold("outbox: %s in the bucket is %d bytes sha256 %q, the kiosk's is %d bytes sha256 %s",
				key, st.Size, st.SHA256, f.Size, f.SHA256)
		}
	}
	if put == nil {
		// Put-only key: the object was created by this kiosk (the only
		// writer under its prefix) from this file, checked by the server
		// against this SHA-256. See docs/SYNC.md.
		o.update(func(s *Status) { s.AlreadyStored++ })
		return nil
	}
	if put.Size != f.Size || put.SHA256 != f.SHA256 {
		return hold("outbox: %s stored as %d bytes sha256 %q, the kiosk's is %d bytes sha256 %s",
			key, put.Size, put.SHA256, f.Size, f.SHA256)
	}
	return nil
}
