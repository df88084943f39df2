package gallery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"filippo.io/age"

	"github.com/afterimage-clinic/afterimage/internal/audit"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// State is where a session is between locked and unlocked.
type State int

// The states of a session.
const (
	// Locked: no identity, no index, nothing decrypted held.
	Locked State = iota
	// Unlocking: the passphrase is being checked and the index opened.
	Unlocking
	// Unlocked: browsing, pulling.
	Unlocked
)

func (s State) String() string {
	switch s {
	case Locked:
		return "locked"
	case Unlocking:
		return "unlocking"
	case Unlocked:
		return "unlocked"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Defaults.
const (
	// DefaultIdleLock is how long an unlocked gallery waits without input
	// before it locks.
	DefaultIdleLock = 10 * time.Minute
	// DefaultPullEvery is the pull interval. A kiosk's piece must be on
	// screen within 5 s of its upload; an incremental pull is one listing
	// of the kiosks and one listing per kiosk after its cursor (a few small
	// requests, nothing read when nothing is new), so every 2 s costs
	// little and leaves 3 s for the pull itself and the screen.
	DefaultPullEvery = 2 * time.Second
	// DefaultThumbnails is how many decoded thumbnails are kept.
	DefaultThumbnails = 1000
)

// ErrLocked is returned by every query of a session that is not unlocked.
var ErrLocked = errors.New("gallery: locked")

// ErrWrongPassphrase is returned (through Options.OnState) when the
// passphrase does not open the clinic's identity.
var ErrWrongPassphrase = errors.New("gallery: wrong passphrase")

// Opened is what unlocking opens: the index the gallery browses, and the
// library that pulls into it.
type Opened struct {
	Index   *index.Index // nil: the index could not be opened (see Note)
	Library *library.Library
	Audit   *audit.Log // nil: no audit log (tests that open by hand)
	// Note says what opening the index did worth telling staff ("index
	// rebuilt (…)", "index unavailable"); "" when nothing.
	Note string

	tempDir string        // a temporary index's folder, removed when closed
	records clinicRecords // notes and names, sealed to the clinic
}

// Status is what the status line says.
type Status struct {
	LastPull   time.Time // when the last pull ended; zero before the first
	Pulling    bool
	Done       int // pieces handled by the running pull
	Total      int // pieces the running pull will handle
	Pieces     int
	Damaged    int
	Unverified int
	Offline    bool   // the last pull could not reach the storage
	Note       string // what opening the index did, if worth saying
}

// Options configure a Session. Unlock and Open are required.
type Options struct {
	// Unlock turns a passphrase into the clinic's identities (slow: a
	// KDF). It returns ErrWrongPassphrase for a wrong one.
	Unlock func(passphrase string) ([]age.Identity, error)
	// Open opens the index and the library with the identities; progress
	// goes to the library's Options.Progress.
	Open func(ids []age.Identity, progress func(done, total int)) (*Opened, error)
	// IdleLock: lock after this long without Touch (DefaultIdleLock).
	IdleLock time.Duration
	// PullEvery is the pull interval (DefaultPullEvery).
	PullEvery time.Duration
	// Thumbnails bounds the decoded thumbnail cache (DefaultThumbnails).
	Thumbnails int
	Logger     *slog.Logger
	// Clinician is who the gallery is set up for: the actor of its audit
	// entries.
	Clinician string

	// The callbacks run one at a time, in order, on a goroutine of the
	// session (never the caller's): a UI hands them to its own thread.
	// OnState: the state changed; err says why an unlock failed.
	OnState func(s State, err error)
	// OnStatus: the status line changed.
	OnStatus func(Status)
	// OnPieces: a pull indexed new pieces of these patients (unverified
	// pieces are reported under the patient "").
	OnPieces func(patients []string)
	// OnThumbnail: a thumbnail asked for by Thumbnail is ready.
	OnThumbnail func(id piece.ID)
}

// Session is one gallery's lock state, pull loop and caches. Its methods
// are safe for concurrent use.
type Session struct {
	opts Options
	log  *slog.Logger

	lastInput atomic.Int64 // unix ns of the last Touch

	mu     sync.Mutex
	state  State
	opened *Opened
	gen    uint64 // bumped at every lock: work of an older generation is dropped
	// lastPatient is the patient whose opening was last audited (a view
	// refreshed by a pull is not a new opening).
	lastPatient string
	stop        func()        // stops the pull loop
	stopped     chan struct{} // closed when the last unlock's resources are released
	idle        *time.Timer
	status      Status
	thumbs      *thumbCache
	byIdle      bool // the last lock came from the idle time

	calls chan func() // callbacks, in order (see callbacks)
}

// New returns a locked session.
func New(opts Options) *Session {
	if opts.IdleLock <= 0 {
		opts.IdleLock = DefaultIdleLock
	}
	if opts.PullEvery <= 0 {
		opts.PullEvery = DefaultPullEvery
	}
	if opts.Thumbnails <= 0 {
		opts.Thumbnails = DefaultThumbnails
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Session{opts: opts, log: opts.Logger.With("component", "gallery"), stopped: make(chan struct{}),
		calls: make(chan func(), 1024)}
	close(s.stopped)
	go s.callbacks() // as long as the process: a gallery has one session
	s.thumbs = newThumbCache(opts.Thumbnails)
	return s
}

// State is the session's state now.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Status is the status line's content now.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Touch records input: the idle lock counts from the last Touch. Cheap;
// call it on every key, tap and pointer move.
func (s *Session) Touch() { s.lastInput.Store(time.Now().UnixNano()) }

func (s *Session) setState(st State, err error) {
	if f := s.opts.OnState; f != nil {
		s.emit(func() { f(st, err) })
	}
}

// emit queues a callback for the session's callback goroutine.
func (s *Session) emit(f func()) { s.calls <- f }

// Sync waits until every callback queued so far has run.
func (s *Session) Sync() {
	done := make(chan struct{})
	s.emit(func() { close(done) })
	<-done
}

// callbacks runs the queued callbacks in order, for the session's life.
func (s *Session) callbacks() {
	for f := range s.calls {
		f()
	}
}

// Unlock checks the passphrase and opens the index off the caller's
// goroutine; OnState says Unlocking at once, then Unlocked, or Locked with
// the error. It does nothing unless the session is locked.
func (s *Session) Unlock(passphrase string) {
	s.mu.Lock()
	if s.state != Locked {
		s.mu.Unlock()
		return
	}
	s.state = Unlocking
	gen := s.gen
	prev := s.stopped
	s.mu.Unlock()
	s.setState(Unlocking, nil)
	go func() {
		<-prev // the last unlock's index is closed
		start := time.Now()
		ids, err := s.opts.Unlock(passphrase)
		if err == nil {
			s.log.Info("gallery: identity unlocked", "took", time.Since(start).Round(time.Millisecond))
		}
		var o *Opened
		if err == nil {
			o, err = s.opts.Open(ids, s.progress)
		}
		if err == nil {
			if err = s.record(o, audit.Unlock, "", ""); err != nil {
				closeOpened(o, s.log)
				o = nil
			}
		}
		s.mu.Lock()
		if s.gen != gen || s.state != Unlocking { // locked meanwhile
			s.mu.Unlock()
			if o != nil {
				closeOpened(o, s.log)
			}
			return
		}
		if err != nil {
			s.state = Locked
			s.mu.Unlock()
			if !errors.Is(err, ErrWrongPassphrase) {
				s.log.Error("gallery: unlock", "err", err)
			}
			s.setState(Locked, err)
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		s.state, s.opened, s.stop, s.stopped = Unlocked, o, cancel, done
		s.status = Status{Note: o.Note}
		s.Touch()
		s.idle = time.AfterFunc(s.opts.IdleLock, s.idleCheck)
		s.mu.Unlock()
		s.log.Info("gallery: unlocked", "took", time.Since(start).Round(time.Millisecond))
		s.setState(Unlocked, nil)
		go s.pullLoop(ctx, o, gen, done)
		for w := range thumbWorkers {
			go s.thumbWorker(ctx, o, gen, w)
		}
	}()
}

// idleCheck locks when no input came for IdleLock, else waits again.
func (s *Session) idleCheck() {
	since := time.Since(time.Unix(0, s.lastInput.Load()))
	if since >= s.opts.IdleLock {
		s.log.Info("gallery: locked after idle time", "idle", s.opts.IdleLock)
		s.lock(true)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == Unlocked && s.idle != nil {
		s.idle.Reset(s.opts.IdleLock - since)
	}
}

// Lock locks at once: OnState says Locked, every decoded thumbnail is
// dropped, and the pull is stopped and the index closed in the background
// (Closed tells when). Locking a locked session does nothing.
func (s *Session) Lock() { s.lock(false) }

// IdleLocked reports whether the session is locked because no input came
// for the idle time.
func (s *Session) IdleLocked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state == Locked && s.byIdle
}

func (s *Session) lock(idle bool) {
	s.mu.Lock()
	if s.state == Locked {
		s.mu.Unlock()
		return
	}
	s.byIdle = idle
	s.gen++
	s.state = Locked
	stop := s.stop
	s.opened, s.stop = nil, nil
	if s.idle != nil {
		s.idle.Stop()
		s.idle = nil
	}
	s.status = Status{}
	dropped := s.thumbs.len()
	s.thumbs.clear()
	s.lastPatient = ""
	s.mu.Unlock()
	s.log.Info("gallery: locked", "thumbnails_dropped", dropped)
	s.setState(Locked, nil)
	if stop != nil {
		stop() // the pull loop closes the index when it has stopped
	}
}

// Closed returns a channel closed when the resources of the last unlock
// (the pull loop, the index) are released.
func (s *Session) Closed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

func closeOpened(o *Opened, log *slog.Logger) {
	flushAudit(o, 5*time.Second, log)
	if o.Index != nil {
		if err := o.Index.Close(); err != nil {
			log.Warn("gallery: close the index", "err", err)
		}
	}
	if o.tempDir != "" {
		os.RemoveAll(o.tempDir)
	}
}

// current is the open index and library, or ErrLocked.
func (s *Session) current() (*Opened, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != Unlocked || s.opened == nil {
		return nil, 0, ErrLocked
	}
	return s.opened, s.gen, nil
}
