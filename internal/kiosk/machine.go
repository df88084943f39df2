package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

// Clock tells the time. Tests inject a fake one.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Saver saves the open piece of a visit (v.Open, of kind v.OpenKind) when
// it would otherwise be lost: at the idle reset, when the patient keeps it on
// leaving a studio (LeaveStudio, StudioBack) and on StaffExit. It must leave the piece durably saved under the ID v.Open and
// marked unfinished (piece.Manifest.Unfinished) with the visit's patient code,
// visit ID and check-in mood, and report whether anything was saved (false
// when the patient had not started, e.g. an empty canvas).
//
// It is called on the goroutine of the event that needs it (the Tick
// goroutine for an idle reset), never with the machine's lock held, never
// twice at once, and with a context that times out after Config.SaveTimeout.
// It may call the machine's getters.
type Saver interface {
	SaveUnfinished(ctx context.Context, v Visit) (saved bool, err error)
}

// Discarder lets go of the open piece of a visit when the patient chose
// "Let it go" on leaving a studio: its draft checkpoints and anything held in
// memory are deleted, and nothing is saved or uploaded. The Saver may
// implement it; called like SaveUnfinished (never with the machine's lock
// held, never at once with a Saver call).
type Discarder interface {
	Discard(ctx context.Context, v Visit) error
}

// ErrCannotDiscard: the Saver does not implement Discarder, so the piece is
// kept (LeaveStudio(false) refuses).
var ErrCannotDiscard = errors.New("kiosk: this kiosk cannot let pieces go")

// SaverFunc adapts a function to Saver.
type SaverFunc func(ctx context.Context, v Visit) (bool, error)

// SaveUnfinished calls f.
func (f SaverFunc) SaveUnfinished(ctx context.Context, v Visit) (bool, error) { return f(ctx, v) }

// CodeChecker says whether the clinic issued a code; *patientcode.Registry is
// one.
type CodeChecker interface {
	Check(c patientcode.Code, now time.Time) patientcode.Status
}

// Config sets up a Machine. Only Saver is required.
type Config struct {
	Saver Saver
	Clock Clock // nil: SystemClock
	// HelpChannels tell staff of a help request (see HelpDesk); Alerter, if
	// set, is one more, named "alert". With none, a request is never
	// delivered: the patient is told to wave or call out, the beacon shows.
	HelpChannels []HelpChannel
	Alerter      Alerter
	Codes        CodeChecker // nil: any well-formed code is accepted

	// StaffPINHash is the staff PIN as encoded by staffpin.Hash; empty means
	// the staff panel cannot be opened.
	StaffPINHash string
	PINPolicy    staffpin.Policy // zero: staffpin.DefaultPolicy

	IdleAfter     time.Duration // no activity for this long shows IdleWarning; default 3 min
	IdleCountdown time.Duration // IdleWarning's countdown; default 60 s
	GoodbyeAfter  time.Duration // Goodbye returns to Welcome after this; default 20 s
	SaveTimeout   time.Duration // for each Saver call; default 30 s
	// SaveRetryFor: when the Saver fails at the idle reset, the reset is
	// retried on later Ticks for this long, then done anyway (the failure is
	// logged). Default 2 min.
	SaveRetryFor time.Duration
	AlertTimeout time.Duration // for each help channel's attempt; default 20 s
	// HelpBackoff is the wait after failed help delivery attempt n; nil:
	// DefaultHelpBackoff.
	HelpBackoff func(n int) time.Duration

	Logger *slog.Logger // nil: slog.Default()
}

func (c *Config) defaults() {
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.IdleAfter <= 0 {
		c.IdleAfter = 3 * time.Minute
	}
	if c.IdleCountdown <= 0 {
		c.IdleCountdown = time.Minute
	}
	if c.GoodbyeAfter <= 0 {
		c.GoodbyeAfter = 20 * time.Second
	}
	if c.SaveTimeout <= 0 {
		c.SaveTimeout = 30 * time.Second
	}
	if c.SaveRetryFor <= 0 {
		c.SaveRetryFor = 2 * time.Minute
	}
	if c.AlertTimeout <= 0 {
		c.AlertTimeout = 20 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Errors returned by the event methods. They carry screen names only.
var (
	// ErrNotNow: the event does not apply to what is showing (a stale or
	// double tap, or an overlay is up).
	ErrNotNow = errors.New("not possible on this screen")
	// ErrCodeUnknown and ErrCodeExpired come from EnterCode when a registry
	// is configured; a badly typed code gives patientcode.ErrLength,
	// ErrSymbol or ErrCheck.
	ErrCodeUnknown = errors.New("kiosk: this code was not issued by the clinic")
	ErrCodeExpired = errors.New("kiosk: this code has expired")
	// ErrNoStaffPIN: no staff PIN is configured, so the panel stays locked.
	ErrNoStaffPIN = errors.New("kiosk: no staff PIN is configured")
	// ErrStale: the visit changed (an idle reset) while the event was being
	// handled; nothing was done.
	ErrStale = errors.New("kiosk: the visit changed meanwhile")
)

// Machine is the kiosk's state. All methods are safe for concurrent use.
// Listeners are called outside the machine's lock, one at a time and in
// order; they may call any method.
type Machine struct {
	cfg   Config
	log   *slog.Logger
	guard *staffpin.Guard

	// saveMu serialises Saver calls. It is never held while listeners run
	// (they may call any method, StaffExit included) nor while mu is
	// waited for by a listener.
	saveMu sync.Mutex

	mu           sync.Mutex
	screen       Screen // the patient's screen
	overlay      Screen // "" or an overlay
	history      []Screen
	visit        Visit
	lastActivity time.Time
	warnUntil    time.Time // end of IdleWarning's countdown
	goodbyeAt    time.Time
	resetting    bool // an idle reset's save is under way
	epoch        uint64
	exited       bool
	announced    Screen    // the last screen announced to OnChange listeners
	helpShown    int       // the help request whose overlay is up; 0: none
	quietUntil   time.Time // while Quiet shows: when the machine ends it if the UI has not

	help *HelpDesk

	queue    []note
	draining bool
	onChange []func(Screen)
	onReset  []func()
	onHelp   []func()
	onEnd    []func(Visit)
}

type note struct {
	screen Screen
	reset  bool
	help   bool   // the help requests changed
	ended  *Visit // a visit ended: for the OnVisitEnd listeners
}

// New returns a machine showing Welcome.
func New(cfg Config) (*Machine, error) {
	if cfg.Saver == nil {
		return nil, errors.New("kiosk: new: a Saver is required (unfinished pieces are never thrown away)")
	}
	cfg.defaults()
	m := &Machine{cfg: cfg, log: cfg.Logger, screen: Welcome, announced: Welcome}
	if cfg.StaffPINHash != "" {
		g, err := staffpin.NewGuard(cfg.StaffPINHash, cfg.PINPolicy)
		if err != nil {
			return nil, fmt.Errorf("kiosk: new: staff PIN hash: %w", err)
		}
		m.guard = g
	}
	m.lastActivity = cfg.Clock.Now()
	channels := slices.Clone(cfg.HelpChannels)
	if cfg.Alerter != nil {
		channels = append(channels, HelpChannel{Name: "alert", Alerter: cfg.Alerter})
	}
	m.help = NewHelpDesk(HelpDeskConfig{Channels: channels, Clock: cfg.Clock, Timeout: cfg.AlertTimeout,
		Backoff: cfg.HelpBackoff, Logger: cfg.Logger})
	m.help.OnChange(m.helpChanged)
	return m, nil
}

// OnChange adds a listener called with the screen to show (an overlay when
// one is up) after every change. The UI switches screens in it (through
// fyne.Do). The current screen is not replayed: call Screen() once at start.
func (m *Machine) OnChange(f func(Screen)) {
	m.mu.Lock()
	m.onChange = append(m.onChange, f)
	m.mu.Unlock()
}

// OnReset adds a listener called when a visit ends and is forgotten (idle
// reset, Goodbye, Back to Welcome, StaffExit), before the change to Welcome is
// announced. The UI clears everything of the visit there: canvases, undo,
// recent colours, text fields, audio buffers.
func (m *Machine) OnReset(f func()) {
	m.mu.Lock()
	m.onReset = append(m.onReset, f)
	m.mu.Unlock()
}

// OnVisitEnd adds a listener called once for every visit that ends, with
// the visit as it ended (Ended set; its moods and the pieces saved during
// it): at check-out (CheckedOut set), or else when the visit is forgotten
// (idle reset, Back to Welcome, StaffExit), before the OnReset listeners.
// The kiosk writes the visit record there. Called like the other listeners:
// outside the lock, on the goroutine of the event, one at a time.
func (m *Machine) OnVisitEnd(f func(Visit)) {
	m.mu.Lock()
	m.onEnd = append(m.onEnd, f)
	m.mu.Unlock()
}

// OnHelpChange adds a listener called after every change of the help
// requests (see Help), in order with the OnChange announcements and one at a
// time with them: the UI updates its beacon and the staff panel's list there.
func (m *Machine) OnHelpChange(f func()) {
	m.mu.Lock()
	m.onHelp = append(m.onHelp, f)
	m.mu.Unlock()
}

// Screen returns what is showing: the overlay if one is up, else the
// patient's screen.
func (m *Machine) Screen() Screen {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.top()
}

func (m *Machine) top() Screen {
	if m.overlay != "" {
		return m.overlay
	}
	return m.screen
}

// Base returns the patient's screen, under any overlay.
func (m *Machine) Base() Screen {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.screen
}

// Visit returns a copy of the current visit (the zero Visit when nobody is
// visiting).
func (m *Machine) Visit() Visit {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.visit.clone()
}

// CanGoBack reports whether Back does something now (to show a Back button).
func (m *Machine) CanGoBack() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.overlay != "" {
		return false
	}
	switch m.screen {
	case PatientCode, CheckIn, Choose, Studio, Tag, CheckOut, QuietChoose:
		return len(m.history) > 0
	}
	return false
}

// IdleRemaining is the countdown left while IdleWarning is up (0 otherwise).
func (m *Machine) IdleRemaining() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.overlay != IdleWarning {
		return 0
	}
	return max(0, m.warnUntil.Sub(m.cfg.Clock.Now()))
}

// StaffWait is how long PIN tries are still refused after wrong PINs.
func (m *Machine) StaffWait() time.Duration {
	if m.guard == nil {
		return 0
	}
	return m.guard.Wait(m.cfg.Clock.Now())
}

// --- plumbing ---

// update runs fn under the lock for the named event. fn returns an error to
// refuse the event; otherwise the event counts as activity and any change of
// screen is announced.
func (m *Machine) update(event string, fn func(now time.Time) error) error {
	m.mu.Lock()
	now := m.cfg.Clock.Now()
	err := fn(now)
	if err == nil {
		m.lastActivity = now
		m.announce(event)
	}
	m.mu.Unlock()
	m.flush()
	return err
}

// announce queues the screen for the OnChange listeners if it changed since
// the last announcement; the caller holds the lock.
func (m *Machine) announce(why string) {
	if top := m.top(); top != m.announced {
		m.log.Debug("kiosk: screen", "why", why, "from", m.announced, "to", top)
		m.announced = top
		m.queue = append(m.queue, note{screen: top})
	}
}

// notAllowed makes the error for an event that does not apply now.
func (m *Machine) notAllowed(event string) error {
	return fmt.Errorf("kiosk: %s on %s: %w", event, m.top(), ErrNotNow)
}

// need checks, under the lock, that no overlay is up and the patient's
// screen is one of screens.
func (m *Machine) need(event string, screens ...Screen) error {
	if m.overlay != "" || m.exited || !slices.Contains(screens, m.screen) {
		return m.notAllowed(event)
	}
	return nil
}

func (m *Machine) push(next Screen) {
	m.history = append(m.history, m.screen)
	m.screen = next
}

// reset forgets the visit, under the lock, and queues the announcements.
func (m *Machine) reset(now time.Time, why string) {
	if m.visit.ID != "" {
		m.log.Info("kiosk: visit ended", "visit", m.visit.ID, "why", why, "pieces", len(m.visit.Pieces))
		if !m.visit.CheckedOut {
			m.ended(now)
		}
	}
	m.visit = Visit{}
	m.history = nil
	m.screen = Welcome
	m.overlay = ""
	m.helpShown = 0
	m.resetting = false
	m.warnUntil = time.Time{}
	m.goodbyeAt = time.Time{}
	m.quietUntil = time.Time{}
	m.lastActivity = now
	m.epoch++
	m.queue = append(m.queue, note{reset: true})
	m.announce(why)
}

// ended queues the visit, as it ends now, for the OnVisitEnd listeners;
// the caller holds the lock.
func (m *Machine) ended(now time.Time) {
	v := m.visit.clone()
	v.Ended = now
	m.queue = append(m.queue, note{ended: &v})
}

// flush delivers queued announcements in order, outside the lock. Whoever
// finds the queue idle drains it; a listener's own events are queued and
// delivered after it returns.
func (m *Machine) flush() {
	m.mu.Lock()
	if m.draining {
		m.mu.Unlock()
		return
	}
	m.draining = true
	for len(m.queue) > 0 {
		n := m.queue[0]
		m.queue = m.queue[1:]
		change, reset, help, end := slices.Clone(m.onChange), slices.Clone(m.onReset), slices.Clone(m.onHelp), slices.Clone(m.onEnd)
		m.mu.Unlock()
		switch {
		case n.ended != nil:
			for _, f := range end {
				f(n.ended.clone())
			}
		case n.reset:
			for _, f := range reset {
				f()
			}
		case n.help:
			for _, f := range help {
				f()
			}
		default:
			for _, f := range change {
				f(n.screen)
			}
		}
		m.mu.Lock()
	}
	m.draining = false
	m.mu.Unlock()
}

// --- the visit ---

// Begin starts from Welcome: the patient taps to begin.
func (m *Machine) Begin() error {
	return m.update("begin", func(time.Time) error {
		if err := m.need("begin", Welcome); err != nil {
			return err
		}
		m.push(PatientCode)
		return nil
	})
}

// EnterCode takes the code the patient typed. A badly typed code is refused
// with patientcode.ErrLength, ErrSymbol or ErrCheck (wrapped); with a
// registry configured, ErrCodeUnknown or ErrCodeExpired. The errors never
// contain the code.
//
// The registry's check is deliberately slow (argon2id): it runs without
// the machine's lock, so other events and getters go on meanwhile, and the
// UI calls EnterCode off its goroutine. If the visit changed during the
// check (an idle reset, Back), ErrStale.
func (m *Machine) EnterCode(text string) error {
	code, perr := patientcode.Parse(text)
	m.mu.Lock()
	err := m.need("enter code", PatientCode)
	epoch, now := m.epoch, m.cfg.Clock.Now()
	m.mu.Unlock()
	if err != nil {
		return err
	}
	if perr != nil {
		return fmt.Errorf("kiosk: enter code: %w", perr)
	}
	if m.cfg.Codes != nil {
		switch m.cfg.Codes.Check(code, now) {
		case patientcode.OK:
		case patientcode.Expired:
			m.log.Info("kiosk: expired patient code refused")
			return ErrCodeExpired
		default:
			m.log.Info("kiosk: unknown patient code refused")
			return ErrCodeUnknown
		}
	}
	return m.update("enter code", func(now time.Time) error {
		if m.epoch != epoch {
			return ErrStale
		}
		if err := m.need("enter code", PatientCode); err != nil {
			return err
		}
		if m.visit.ID == "" || m.visit.PatientCode != code {
			m.visit = Visit{ID: piece.NewID().String(), PatientCode: code, Started: now}
			m.log.Info("kiosk: visit started", "visit", m.visit.ID)
		}
		m.push(CheckIn)
		return nil
	})
}

func checkMood(m *piece.Mood) error {
	if m != nil && (m.Pleasantness < 0 || m.Pleasantness > 9 || m.Energy < 0 || m.Energy > 9) {
		return errors.New("kiosk: a mood is 1..9 on each scale (0 = not given)")
	}
	return nil
}

// CheckedIn records the check-in mood (nil: the patient skipped it) and
// shows Choose.
func (m *Machine) CheckedIn(mood *piece.Mood) error {
	if err := checkMood(mood); err != nil {
		return err
	}
	return m.update("checked in", func(time.Time) error {
		if err := m.need("checked in", CheckIn); err != nil {
			return err
		}
		m.visit.CheckIn = copyMood(mood)
		m.push(Choose)
		return nil
	})
}

// Choose opens a studio for a new piece of the given kind. The piece's ID is
// Visit().Open.
func (m *Machine) Choose(kind piece.Kind) error {
	switch kind {
	case piece.Drawing, piece.Music, piece.Voice, piece.Writing:
	default:
		return fmt.Errorf("kiosk: choose: unknown kind %q", kind)
	}
	return m.update("choose", func(time.Time) error {
		if err := m.need("choose", Choose); err != nil {
			return err
		}
		m.visit.Open, m.visit.OpenKind = piece.NewID(), kind
		m.push(Studio)
		return nil
	})
}

// StudioDone: the patient finished making the piece; Tag shows.
func (m *Machine) StudioDone() error {
	return m.update("studio done", func(time.Time) error {
		if err := m.need("studio done", Studio); err != nil {
			return err
		}
		m.push(Tag)
		return nil
	})
}

// StudioBack leaves a studio for Choose, first saving the unfinished piece
// through the Saver. If saving fails the studio stays open and the error is
// returned.
func (m *Machine) StudioBack() error {
	m.saveMu.Lock()
	m.mu.Lock()
	if err := m.need("studio back", Studio); err != nil {
		m.mu.Unlock()
		m.saveMu.Unlock()
		return err
	}
	v, epoch := m.visit.clone(), m.epoch
	m.mu.Unlock()

	saved, err := m.save(v)
	m.saveMu.Unlock() // before the listeners run: they may call back
	return m.update("studio back", func(time.Time) error {
		if m.epoch != epoch || m.screen != Studio || m.visit.Open != v.Open {
			return ErrStale
		}
		if err != nil {
			return err
		}
		if saved {
			m.visit.Pieces = append(m.visit.Pieces, v.Open)
		}
		m.visit.Open, m.visit.OpenKind = "", ""
		m.popTo(Choose)
		return nil
	})
}

// save calls the Saver for v's open piece; the caller holds saveMu.
func (m *Machine) save(v Visit) (bool, error) {
	if v.Open == "" {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.SaveTimeout)
	defer cancel()
	saved, err := m.cfg.Saver.SaveUnfinished(ctx, v)
	if err != nil {
		m.log.Error("kiosk: saving the unfinished piece failed", "piece", v.Open, "err", err)
		return false, fmt.Errorf("kiosk: save unfinished piece %s: %w", v.Open, err)
	}
	if saved {
		m.log.Info("kiosk: unfinished piece saved", "piece", v.Open)
	}
	return saved, nil
}

// popTo pops the history down to s and shows it.
func (m *Machine) popTo(s Screen) {
	for len(m.history) > 0 {
		top := m.history[len(m.history)-1]
		m.history = m.history[:len(m.history)-1]
		if top == s {
			break
		}
	}
	m.screen = s
}

// Tagged: the open piece was tagged and saved (Pieces saves it, sealed and
// queued, when tagging is done); it is recorded in the visit and Another
// shows. The piece cannot be reopened by Back.
func (m *Machine) Tagged() error {
	return m.update("tagged", func(time.Time) error {
		if err := m.need("tagged", Tag); err != nil {
			return err
		}
		m.visit.Pieces = append(m.visit.Pieces, m.visit.Open)
		m.visit.Open, m.visit.OpenKind = "", ""
		m.popTo(Choose) // drop Studio and Choose from the history
		m.screen = Another
		return nil
	})
}

// Another: from Another, make another piece (Choose shows).
func (m *Machine) Another() error {
	return m.update("another", func(time.Time) error {
		if err := m.need("another", Another); err != nil {
			return err
		}
		m.push(Choose)
		return nil
	})
}

// Finish is "I'm finished" on Choose or Another: CheckOut shows.
func (m *Machine) Finish() error {
	return m.update("finish", func(time.Time) error {
		if err := m.need("finish", Choose, Another); err != nil {
			return err
		}
		m.push(CheckOut)
		return nil
	})
}

// CheckedOut records the check-out mood (nil: skipped) and shows Goodbye,
// which returns to Welcome after Config.GoodbyeAfter or on GoodbyeDone. Read
// Visit() right after this call for the visit's final state.
func (m *Machine) CheckedOut(mood *piece.Mood) error {
	if err := checkMood(mood); err != nil {
		return err
	}
	return m.update("checked out", func(now time.Time) error {
		if err := m.need("checked out", CheckOut); err != nil {
			return err
		}
		m.visit.CheckOut = copyMood(mood)
		m.visit.CheckedOut = true
		m.ended(now)
		m.history = nil
		m.screen = Goodbye
		m.goodbyeAt = now
		return nil
	})
}

// GoodbyeDone ends the visit: it is forgotten and Welcome shows.
func (m *Machine) GoodbyeDone() error {
	return m.update("goodbye done", func(now time.Time) error {
		if err := m.need("goodbye done", Goodbye); err != nil {
			return err
		}
		m.reset(now, "goodbye")
		return nil
	})
}

// Back goes to the previous screen where that makes sense (see CanGoBack).
// From a studio it asks first: LeaveStudio shows (see LeaveStudio). Back to
// Welcome forgets the visit.
func (m *Machine) Back() error {
	return m.update("back", func(now time.Time) error {
		if m.overlay == "" && !m.exited && m.screen == Studio {
			m.overlay = LeaveStudio
			return nil
		}
		if m.overlay == "" && !m.exited && m.screen == QuietChoose {
			m.leaveQuiet()
			return nil
		}
		if err := m.need("back", PatientCode, CheckIn, Choose, Tag, CheckOut); err != nil {
			return err
		}
		if len(m.history) == 0 {
			return m.notAllowed("back")
		}
		prev := m.history[len(m.history)-1]
		m.history = m.history[:len(m.history)-1]
		if prev == Welcome {
			m.reset(now, "back")
			return nil
		}
		m.screen = prev
		return nil
	})
}

// LeaveStudio answers the LeaveStudio question. keep: the unfinished piece
// is saved through the Saver, marked unfinished, as StudioBack does. Not
// keep: the piece is let go through the Saver's Discarder, nothing is saved
// or uploaded. Either way Choose shows. If saving or letting go fails the
// studio stays open (the question closes) and the error is returned.
func (m *Machine) LeaveStudio(keep bool) error {
	m.saveMu.Lock()
	m.mu.Lock()
	if m.overlay != LeaveStudio || m.screen != Studio || m.exited {
		err := m.notAllowed("leave studio")
		m.mu.Unlock()
		m.saveMu.Unlock()
		return err
	}
	v, epoch := m.visit.clone(), m.epoch
	m.mu.Unlock()

	var saved bool
	var err error
	if keep {
		saved, err = m.save(v)
	} else {
		err = m.discard(v)
	}
	m.saveMu.Unlock()
	return m.update("leave studio", func(time.Time) error {
		if m.epoch != epoch || m.screen != Studio || m.visit.Open != v.Open {
			return ErrStale
		}
		if m.overlay == LeaveStudio {
			m.overlay = ""
		}
		if err != nil {
			return err
		}
		if saved {
			m.visit.Pieces = append(m.visit.Pieces, v.Open)
		}
		m.visit.Open, m.visit.OpenKind = "", ""
		m.popTo(Choose)
		return nil
	})
}

// StayInStudio closes the LeaveStudio question: the studio shows again, as
// it was.
func (m *Machine) StayInStudio() error {
	return m.update("stay in studio", func(time.Time) error {
		if m.overlay != LeaveStudio {
			return m.notAllowed("stay in studio")
		}
		m.overlay = ""
		return nil
	})
}

// discard lets v's open piece go through the Discarder; the caller holds
// saveMu.
func (m *Machine) discard(v Visit) error {
	if v.Open == "" {
		return nil
	}
	d, ok := m.cfg.Saver.(Discarder)
	if !ok {
		return ErrCannotDiscard
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.SaveTimeout)
	defer cancel()
	if err := d.Discard(ctx, v); err != nil {
		m.log.Error("kiosk: letting the unfinished piece go failed", "piece", v.Open, "err", err)
		return fmt.Errorf("kiosk: let piece %s go: %w", v.Open, err)
	}
	m.log.Info("kiosk: unfinished piece let go", "piece", v.Open)
	return nil
}

// --- the quiet space ---

// quietGrace is how long after its length the machine ends a quiet space
// the UI has not ended (the UI ends it with a gentle fade, on time).
const quietGrace = 5 * time.Second

// OpenQuiet is "Quiet space" on Welcome or Choose: QuietChoose shows.
func (m *Machine) OpenQuiet() error {
	return m.update("open quiet", func(time.Time) error {
		if err := m.need("open quiet", Welcome, Choose); err != nil {
			return err
		}
		m.push(QuietChoose)
		return nil
	})
}

// StartQuiet runs the quiet space for length (one of quiet.Lengths) from
// QuietChoose: Quiet shows, and no idle warning comes while it runs. The
// visit, if there is one, counts it; nothing else of it is kept.
func (m *Machine) StartQuiet(length time.Duration) error {
	if !quiet.ValidLength(length) {
		return fmt.Errorf("kiosk: start quiet: %v is not a length the quiet space offers", length)
	}
	return m.update("start quiet", func(now time.Time) error {
		if err := m.need("start quiet", QuietChoose); err != nil {
			return err
		}
		m.screen = Quiet // Back and the end return past QuietChoose
		m.quietUntil = now.Add(length + quietGrace)
		if m.visit.ID != "" {
			m.visit.QuietSpaces++
		}
		m.log.Info("kiosk: quiet space started", "minutes", length.Minutes(), "in visit", m.visit.ID != "")
		return nil
	})
}

// EndQuiet ends the quiet space (its time is up, or the patient tapped to
// leave) or closes its choices: the screen the patient came from shows
// again, and the idle timer starts afresh.
func (m *Machine) EndQuiet() error {
	return m.update("end quiet", func(time.Time) error {
		if err := m.need("end quiet", QuietChoose, Quiet); err != nil {
			return err
		}
		m.leaveQuiet()
		return nil
	})
}

// leaveQuiet returns from QuietChoose or Quiet to the screen before it;
// the caller holds the lock.
func (m *Machine) leaveQuiet() {
	prev := Welcome
	if n := len(m.history); n > 0 {
		prev, m.history = m.history[n-1], m.history[:n-1]
	}
	m.screen = prev
	m.quietUntil = time.Time{}
}

// --- idle ---

// Activity is any touch or key: it restarts the idle timer and, while
// IdleWarning counts down, returns to the patient's screen.
func (m *Machine) Activity() {
	m.update("activity", func(time.Time) error {
		if m.overlay == IdleWarning && !m.resetting {
			m.overlay = ""
		}
		return nil
	})
}

// Tick drives the timers at time now: it shows IdleWarning after IdleAfter
// without activity, resets after the countdown (saving the open piece through
// the Saver first), and leaves Goodbye after GoodbyeAfter. Call it about once
// a second (the kiosk's UI runs the clock); tests call it with the times
// they want.
func (m *Machine) Tick(now time.Time) {
	m.help.Tick(now)
	m.mu.Lock()
	resetDue := false
	switch {
	case m.exited:
	case m.screen == Goodbye && m.overlay == "" && !now.Before(m.goodbyeAt.Add(m.cfg.GoodbyeAfter)):
		m.reset(now, "goodbye")
	case m.screen == Quiet && !now.Before(m.quietUntil):
		// The UI ends the quiet space itself, gently; this is the net
		// under it, a moment later.
		m.log.Info("kiosk: quiet space ended by the clock")
		m.leaveQuiet()
		m.lastActivity = now
		m.announce("quiet over")
	case m.screen == Quiet:
		// No idle warning while the quiet space runs: sitting still is
		// the point. The idle timer starts afresh when it ends.
	case m.overlay == IdleWarning:
		resetDue = !now.Before(m.warnUntil) && !m.resetting
	case (m.screen != Welcome || m.overlay != "") && m.screen != Goodbye &&
		!now.Before(m.lastActivity.Add(m.cfg.IdleAfter)):
		m.overlay = IdleWarning
		m.warnUntil = now.Add(m.cfg.IdleCountdown)
		m.announce("idle")
	}
	if resetDue {
		m.resetting = true
	}
	m.mu.Unlock()
	m.flush()
	if resetDue {
		m.idleReset(now)
	}
}

// idleReset saves the open piece and forgets the visit. If saving fails it
// stays on IdleWarning (at zero) and is retried on the next Tick, until
// SaveRetryFor has passed; then the visit is forgotten anyway.
func (m *Machine) idleReset(now time.Time) {
	m.saveMu.Lock()
	m.mu.Lock()
	v, epoch := m.visit.clone(), m.epoch
	m.mu.Unlock()

	saved, err := m.save(v)
	m.saveMu.Unlock() // before the listeners run: they may call back

	m.mu.Lock()
	if m.epoch == epoch {
		if saved {
			m.visit.Pieces = append(m.visit.Pieces, v.Open)
		}
		if err == nil || !now.Before(m.warnUntil.Add(m.cfg.SaveRetryFor)) {
			if err != nil {
				m.log.Error("kiosk: idle reset without saving the unfinished piece; its last checkpoint is in the spool", "piece", v.Open)
			}
			m.reset(now, "idle")
		} else {
			m.resetting = false // retried on the next Tick
		}
	}
	m.mu.Unlock()
	m.flush()
}

// --- help ---

// Help is the kiosk's help desk: the open help requests, for the staff
// panel and the beacon.
func (m *Machine) Help() *HelpDesk { return m.help }

// RequestHelp is "I'd like someone to come": HelpSending shows at once and
// staff are alerted in the background through the help channels; once one
// delivers, HelpConfirm shows; if none did, HelpNotDelivered (wave or call
// out) while delivery is retried. Refused while the staff lock or panel is
// up (staff are there).
func (m *Machine) RequestHelp() error {
	m.mu.Lock()
	var err error
	if m.overlay == StaffUnlock || m.overlay == StaffPanel || m.resetting || m.exited {
		err = m.notAllowed("help")
	}
	now := m.cfg.Clock.Now()
	m.mu.Unlock()
	if err != nil {
		return err
	}
	r := m.help.Ask(now) // the beacon lights before the overlay shows
	err = m.update("help", func(time.Time) error {
		if m.overlay == StaffUnlock || m.overlay == StaffPanel || m.resetting || m.exited {
			return m.notAllowed("help") // staff are here; the request stays open for them
		}
		m.overlay, m.helpShown = HelpSending, r.ID
		return nil
	})
	if err != nil {
		return err
	}
	m.syncHelp(false) // the first attempt may have ended meanwhile
	return nil
}

func isHelpOverlay(s Screen) bool {
	return s == HelpSending || s == HelpConfirm || s == HelpNotDelivered
}

// helpChanged follows the help desk.
func (m *Machine) helpChanged() { m.syncHelp(true) }

// syncHelp makes the help overlay, while one is up, say where its request
// stands; with notify, the OnHelpChange listeners hear of it first.
func (m *Machine) syncHelp(notify bool) {
	m.mu.Lock()
	if notify {
		m.queue = append(m.queue, note{help: true})
	}
	if isHelpOverlay(m.overlay) && m.helpShown != 0 {
		r, open := m.help.Get(m.helpShown)
		switch {
		case !open: // cleared by staff: they are here
			m.overlay, m.helpShown = "", 0
		case r.IsDelivered():
			m.overlay = HelpConfirm
		case r.Attempts > 0:
			m.overlay = HelpNotDelivered
		}
		m.announce("help")
	}
	m.mu.Unlock()
	m.flush()
}

// HelpDone closes the help overlay (the request stays open, with its
// beacon, until staff clear it).
func (m *Machine) HelpDone() error {
	return m.update("help done", func(time.Time) error {
		if !isHelpOverlay(m.overlay) {
			return m.notAllowed("help done")
		}
		m.overlay, m.helpShown = "", 0
		return nil
	})
}

// --- staff ---

// StaffGesture is the hidden gesture (the UI detects the long press on a
// corner): the PIN pad shows over whatever is showing.
func (m *Machine) StaffGesture() error {
	return m.update("staff gesture", func(time.Time) error {
		if m.overlay == StaffPanel || m.resetting || m.exited {
			return m.notAllowed("staff gesture")
		}
		m.overlay = StaffUnlock
		return nil
	})
}

// StaffPIN checks a PIN typed on StaffUnlock; the right one opens
// StaffPanel. A wrong one gives staffpin.ErrWrongPIN; after repeated wrong
// ones tries are refused for a growing time with a *staffpin.WaitError
// saying how long. The check is deliberately slow (argon2id): call it off the
// UI goroutine.
func (m *Machine) StaffPIN(pin string) error {
	m.mu.Lock()
	if m.overlay != StaffUnlock {
		err := m.notAllowed("staff PIN")
		m.mu.Unlock()
		return err
	}
	epoch := m.epoch
	m.mu.Unlock()
	if m.guard == nil {
		return ErrNoStaffPIN
	}
	err := m.guard.Try(pin, m.cfg.Clock.Now())
	var wait *staffpin.WaitError
	switch {
	case errors.As(err, &wait):
		m.log.Warn("kiosk: staff PIN refused while waiting", "wait", wait.Wait.Round(time.Second))
		return err
	case err != nil:
		m.log.Warn("kiosk: wrong staff PIN", "wait", m.guard.Wait(m.cfg.Clock.Now()).Round(time.Second))
		return err
	}
	return m.update("staff PIN", func(time.Time) error {
		if m.epoch != epoch || m.overlay != StaffUnlock {
			return ErrStale
		}
		m.overlay = StaffPanel
		m.log.Info("kiosk: staff panel unlocked")
		return nil
	})
}

// StaffClose closes the PIN pad or the staff panel.
func (m *Machine) StaffClose() error {
	return m.update("staff close", func(time.Time) error {
		if m.overlay != StaffUnlock && m.overlay != StaffPanel {
			return m.notAllowed("staff close")
		}
		m.overlay = ""
		return nil
	})
}

// StaffExit is the staff panel's Exit, the only way to quit the kiosk. It
// saves the open piece, if any, forgets the visit and returns nil: the UI
// then quits the app. If saving fails it returns the error and does not
// exit, unless force is set (the staff confirmed exiting anyway; the
// piece's last checkpoint stays in the spool).
func (m *Machine) StaffExit(force bool) error {
	m.saveMu.Lock()
	m.mu.Lock()
	if m.overlay != StaffPanel || m.exited {
		err := m.notAllowed("staff exit")
		m.mu.Unlock()
		m.saveMu.Unlock()
		return err
	}
	v, epoch := m.visit.clone(), m.epoch
	m.mu.Unlock()
	saved, serr := m.save(v)
	m.saveMu.Unlock() // before the listeners run: they may call back
	return m.update("staff exit", func(now time.Time) error {
		if m.epoch != epoch || m.overlay != StaffPanel {
			return ErrStale
		}
		if serr != nil && !force {
			return serr
		}
		if saved {
			m.visit.Pieces = append(m.visit.Pieces, v.Open)
		}
		m.reset(now, "staff exit")
		m.exited = true
		m.log.Info("kiosk: staff exit")
		if open := len(m.help.Open()); open > 0 {
			m.log.Warn("kiosk: staff exit with help requests still open; nobody is trying to deliver them now", "open", open)
		}
		return nil
	})
}
