package kiosk

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

func newClock() *ManualClock { return NewManualClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)) }

// recordingSaver stands in for the UI's studio, which would seal the open
// piece into the spool; it records what it was asked to save.
type recordingSaver struct {
	mu        sync.Mutex
	saved     []Visit
	discarded []Visit
	fail      int // fail this many calls first
}

func (s *recordingSaver) SaveUnfinished(ctx context.Context, v Visit) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if s.fail > 0 {
		s.fail--
		return false, errors.New("disk full")
	}
	s.saved = append(s.saved, v)
	return true, nil
}

// Discard records the piece let go.
func (s *recordingSaver) Discard(ctx context.Context, v Visit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail > 0 {
		s.fail--
		return errors.New("disk full")
	}
	s.discarded = append(s.discarded, v)
	return nil
}

func (s *recordingSaver) discards() []Visit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.discarded)
}

func (s *recordingSaver) calls() []Visit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.saved)
}

type rig struct {
	m       *Machine
	clock   *ManualClock
	saver   *recordingSaver
	mu      sync.Mutex
	screens []Screen
	resets  int
	logs    *bytes.Buffer
}

func newRig(t *testing.T, mod func(*Config)) *rig {
	t.Helper()
	r := &rig{clock: newClock(), saver: &recordingSaver{}, logs: &bytes.Buffer{}}
	cfg := Config{
		Saver:  r.saver,
		Clock:  r.clock,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: r.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if mod != nil {
		mod(&cfg)
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.OnChange(func(s Screen) {
		r.mu.Lock()
		r.screens = append(r.screens, s)
		r.mu.Unlock()
	})
	m.OnReset(func() {
		r.mu.Lock()
		r.resets++
		r.mu.Unlock()
	})
	r.m = m
	return r
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (r *rig) announced() []Screen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.screens)
}

func (r *rig) resetCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.resets
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantScreen(t *testing.T, m *Machine, want Screen) {
	t.Helper()
	if got := m.Screen(); got != want {
		t.Fatalf("screen = %s, want %s", got, want)
	}
}

func newCode(t *testing.T) patientcode.Code {
	t.Helper()
	c, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// toStudio walks a fresh machine into a drawing studio.
func toStudio(t *testing.T, m *Machine, code patientcode.Code, kind piece.Kind) {
	t.Helper()
	must(t, m.Begin())
	must(t, m.EnterCode(strings.ToLower(code.String())))
	must(t, m.CheckedIn(&piece.Mood{Pleasantness: 6, Energy: 3}))
	must(t, m.Choose(kind))
	wantScreen(t, m, Studio)
}

func TestWholeVisit(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	code := newCode(t)
	wantScreen(t, m, Welcome)

	toStudio(t, m, code, piece.Drawing)
	v := m.Visit()
	if v.PatientCode != code || v.ID == "" || v.CheckIn == nil || *v.CheckIn != (piece.Mood{Pleasantness: 6, Energy: 3}) {
		t.Fatalf("visit after check-in = %+v", v)
	}
	if _, err := piece.ParseID(v.ID); err != nil {
		t.Fatalf("visit ID %q is not a UUIDv7: %v", v.ID, err)
	}
	if v.OpenKind != piece.Drawing || v.Open.Validate() != nil {
		t.Fatalf("open piece = %q %q", v.Open, v.OpenKind)
	}
	drawing := v.Open
	must(t, m.StudioDone())
	wantScreen(t, m, Tag)
	must(t, m.Tagged())
	wantScreen(t, m, Another)
	must(t, m.Another())
	must(t, m.Choose(piece.Voice))
	voice := m.Visit().Open
	if voice == drawing || m.Visit().OpenKind != piece.Voice {
		t.Fatalf("second piece: open %q kind %q", voice, m.Visit().OpenKind)
	}
	must(t, m.StudioDone())
	must(t, m.Tagged())
	must(t, m.Finish())
	wantScreen(t, m, CheckOut)
	must(t, m.CheckedOut(&piece.Mood{Pleasantness: 7, Energy: 2}))
	wantScreen(t, m, Goodbye)
	v = m.Visit()
	if !slices.Equal(v.Pieces, []piece.ID{drawing, voice}) || v.Open != "" || v.CheckOut == nil || v.CheckOut.Pleasantness != 7 {
		t.Fatalf("visit at goodbye = %+v", v)
	}
	if m.CanGoBack() || !errors.Is(m.Back(), ErrNotNow) {
		t.Fatal("Back from Goodbye must do nothing")
	}
	must(t, m.GoodbyeDone())
	wantScreen(t, m, Welcome)
	if got := m.Visit(); !reflect.DeepEqual(got, Visit{}) {
		t.Fatalf("visit after goodbye = %+v, want zero", got)
	}
	want := []Screen{PatientCode, CheckIn, Choose, Studio, Tag, Another, Choose, Studio, Tag, Another, CheckOut, Goodbye, Welcome}
	if got := r.announced(); !slices.Equal(got, want) {
		t.Fatalf("announced %v\nwant      %v", got, want)
	}
	if r.resetCount() != 1 || len(r.saver.calls()) != 0 {
		t.Fatalf("resets %d, saves %d; want 1, 0", r.resetCount(), len(r.saver.calls()))
	}
	if strings.Contains(r.logs.String(), string(code)) || strings.Contains(r.logs.String(), code.String()) {
		t.Fatalf("the log contains the patient code:\n%s", r.logs)
	}
}

func TestBack(t *testing.T) {
	m := newRig(t, nil).m
	code := newCode(t)
	if !errors.Is(m.Back(), ErrNotNow) {
		t.Fatal("Back on Welcome did something")
	}
	must(t, m.Begin())
	must(t, m.Back())
	wantScreen(t, m, Welcome)

	must(t, m.Begin())
	must(t, m.EnterCode(code.String()))
	id := m.Visit().ID
	must(t, m.Back())
	wantScreen(t, m, PatientCode)
	must(t, m.EnterCode(code.String()))
	if m.Visit().ID != id {
		t.Fatal("re-entering the same code started a new visit")
	}
	must(t, m.CheckedIn(nil))
	must(t, m.Back())
	wantScreen(t, m, CheckIn)
	must(t, m.CheckedIn(nil))
	must(t, m.Choose(piece.Music))
	open := m.Visit().Open
	must(t, m.StudioDone())
	must(t, m.Back()) // Tag → Studio, same piece
	wantScreen(t, m, Studio)
	if m.Visit().Open != open {
		t.Fatal("Back from Tag lost the open piece")
	}
	must(t, m.StudioDone())
	must(t, m.Tagged())
	if m.CanGoBack() || !errors.Is(m.Back(), ErrNotNow) {
		t.Fatal("Back from Another must not reopen the saved piece")
	}
	must(t, m.Finish())
	must(t, m.Back()) // CheckOut → Another
	wantScreen(t, m, Another)
	must(t, m.Another())
	must(t, m.Back()) // Choose → Another (came from there)
	wantScreen(t, m, Another)
	must(t, m.Another())
	must(t, m.Finish())
	must(t, m.Back()) // CheckOut → Choose
	wantScreen(t, m, Choose)
}

func TestLeaveStudioKeepsTheUnfinishedPiece(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	code := newCode(t)
	toStudio(t, m, code, piece.Drawing)
	open := m.Visit().Open

	must(t, m.Back())
	wantScreen(t, m, LeaveStudio)
	if len(r.saver.calls())+len(r.saver.discards()) != 0 {
		t.Fatal("Back from a studio saved or let go before the patient answered")
	}
	must(t, m.StayInStudio())
	wantScreen(t, m, Studio)
	if m.Visit().Open != open {
		t.Fatal("staying lost the open piece")
	}

	must(t, m.Back())
	r.saver.fail = 1
	if err := m.LeaveStudio(true); err == nil || !strings.Contains(err.Error(), string(open)) {
		t.Fatalf("keeping with a failing saver = %v, want an error naming the piece", err)
	}
	wantScreen(t, m, Studio) // nothing lost: still drawing
	if m.Visit().Open != open {
		t.Fatal("failed save lost the open piece")
	}

	must(t, m.Back())
	must(t, m.LeaveStudio(true))
	wantScreen(t, m, Choose)
	calls := r.saver.calls()
	if len(calls) != 1 || calls[0].Open != open || calls[0].OpenKind != piece.Drawing || calls[0].PatientCode != code {
		t.Fatalf("saver calls = %+v", calls)
	}
	if v := m.Visit(); v.Open != "" || !slices.Equal(v.Pieces, []piece.ID{open}) {
		t.Fatalf("visit after keeping = %+v", v)
	}
	if !errors.Is(m.LeaveStudio(true), ErrNotNow) {
		t.Fatal("a second answer to the question did something")
	}
	must(t, m.Back())
	wantScreen(t, m, CheckIn)
}

func TestLeaveStudioLetsThePieceGo(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	toStudio(t, m, newCode(t), piece.Music)
	open := m.Visit().Open
	if !errors.Is(m.LeaveStudio(false), ErrNotNow) {
		t.Fatal("LeaveStudio without the question showing did something")
	}
	must(t, m.Back())
	must(t, m.LeaveStudio(false))
	wantScreen(t, m, Choose)
	if d := r.saver.discards(); len(d) != 1 || d[0].Open != open {
		t.Fatalf("discards = %+v, want the open piece", d)
	}
	if len(r.saver.calls()) != 0 {
		t.Fatal("letting go saved the piece")
	}
	if v := m.Visit(); v.Open != "" || len(v.Pieces) != 0 {
		t.Fatalf("visit after letting go = %+v", v)
	}
}

func TestLeaveStudioWithoutDiscarderKeepsThePiece(t *testing.T) {
	r := newRig(t, func(c *Config) {
		c.Saver = SaverFunc(func(context.Context, Visit) (bool, error) { return true, nil })
	})
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	must(t, m.Back())
	if err := m.LeaveStudio(false); !errors.Is(err, ErrCannotDiscard) {
		t.Fatalf("letting go without a Discarder = %v", err)
	}
	wantScreen(t, m, Studio)
}

func TestStudioBackSavesTheUnfinishedPiece(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	open := m.Visit().Open
	must(t, m.StudioBack())
	wantScreen(t, m, Choose)
	if calls := r.saver.calls(); len(calls) != 1 || calls[0].Open != open {
		t.Fatalf("saver calls = %+v", calls)
	}
}

// TestIdleResetKeepsTheDraftAndForgetsTheVisit is the acceptance test: an
// injected clock drives the idle timer; the unfinished drawing is saved
// through the Saver, then nothing of the visit can be reached.
func TestIdleResetKeepsTheDraftAndForgetsTheVisit(t *testing.T) {
	r := newRig(t, nil)
	m, clock := r.m, r.clock
	code := newCode(t)
	toStudio(t, m, code, piece.Drawing)
	before := m.Visit()

	m.Tick(clock.Add(3*time.Minute - time.Second))
	wantScreen(t, m, Studio)
	m.Tick(clock.Add(time.Second))
	wantScreen(t, m, IdleWarning)
	if m.Base() != Studio || m.IdleRemaining() != time.Minute {
		t.Fatalf("under the warning: base %s, remaining %v", m.Base(), m.IdleRemaining())
	}
	// The patient is still there: back to the studio, piece intact.
	clock.Add(30 * time.Second)
	m.Activity()
	wantScreen(t, m, Studio)
	if m.Visit().Open != before.Open {
		t.Fatal("activity during the warning lost the piece")
	}
	// Events of the screen underneath are refused while the warning is up.
	m.Tick(clock.Add(3 * time.Minute))
	wantScreen(t, m, IdleWarning)
	if err := m.StudioDone(); !errors.Is(err, ErrNotNow) {
		t.Fatalf("StudioDone under the warning = %v, want ErrNotNow", err)
	}
	m.Tick(clock.Add(59 * time.Second))
	wantScreen(t, m, IdleWarning)
	if len(r.saver.calls()) != 0 {
		t.Fatal("saved before the countdown ended")
	}
	m.Tick(clock.Add(time.Second))

	// The draft was kept...
	calls := r.saver.calls()
	if len(calls) != 1 {
		t.Fatalf("saver called %d times, want 1", len(calls))
	}
	got := calls[0]
	if got.Open != before.Open || got.OpenKind != piece.Drawing || got.PatientCode != code || got.ID != before.ID ||
		got.CheckIn == nil || *got.CheckIn != *before.CheckIn {
		t.Fatalf("saver got %+v, want the open drawing of %+v", got, before)
	}
	// ... and nothing of the visit is reachable.
	wantScreen(t, m, Welcome)
	if v := m.Visit(); !reflect.DeepEqual(v, Visit{}) {
		t.Fatalf("visit after reset = %+v, want zero", v)
	}
	if r.resetCount() != 1 {
		t.Fatalf("OnReset ran %d times, want 1", r.resetCount())
	}
	if m.CanGoBack() || !errors.Is(m.Back(), ErrNotNow) {
		t.Fatal("Back after the reset did something")
	}
	m.mu.Lock()
	leftover := len(m.history)
	m.mu.Unlock()
	if leftover != 0 {
		t.Fatalf("%d screens of the previous visit left in the Back history", leftover)
	}
	for name, ev := range map[string]func() error{
		"StudioDone": m.StudioDone, "StudioBack": m.StudioBack, "Tagged": m.Tagged, "Another": m.Another,
		"Finish": m.Finish, "GoodbyeDone": m.GoodbyeDone, "HelpDone": m.HelpDone, "StaffClose": m.StaffClose,
		"CheckedIn": func() error { return m.CheckedIn(nil) }, "Choose": func() error { return m.Choose(piece.Drawing) },
		"CheckedOut": func() error { return m.CheckedOut(nil) },
	} {
		if err := ev(); !errors.Is(err, ErrNotNow) {
			t.Errorf("%s after reset = %v, want ErrNotNow", name, err)
		}
	}
	// The history is gone: Begin then Back lands on Welcome, not the studio.
	must(t, m.Begin())
	must(t, m.Back())
	wantScreen(t, m, Welcome)
	// The next patient starts a fresh visit, even with the same code.
	must(t, m.Begin())
	must(t, m.EnterCode(code.String()))
	if v := m.Visit(); v.ID == before.ID || v.CheckIn != nil || len(v.Pieces) != 0 || v.Open != "" {
		t.Fatalf("next visit carries the previous one: %+v", v)
	}
	// The copy taken before the reset was never shared with the machine.
	if before.CheckIn.Pleasantness != 6 {
		t.Fatal("a Visit copy was changed by the reset")
	}
	if strings.Contains(r.logs.String(), string(code)) {
		t.Fatal("the log contains the patient code")
	}
}

func TestIdleResetRetriesAFailedSave(t *testing.T) {
	r := newRig(t, func(c *Config) { c.SaveRetryFor = time.Minute })
	m, clock := r.m, r.clock
	toStudio(t, m, newCode(t), piece.Voice)
	r.saver.fail = 2
	m.Tick(clock.Add(3 * time.Minute))
	m.Tick(clock.Add(time.Minute)) // save fails: kept on the warning
	wantScreen(t, m, IdleWarning)
	if m.Visit().Open == "" {
		t.Fatal("visit forgotten although the save failed")
	}
	m.Tick(clock.Add(time.Second)) // fails again
	wantScreen(t, m, IdleWarning)
	m.Tick(clock.Add(time.Second)) // succeeds
	wantScreen(t, m, Welcome)
	if len(r.saver.calls()) != 1 {
		t.Fatalf("saves = %d, want 1", len(r.saver.calls()))
	}
}

func TestIdleResetGivesUpAfterRetrying(t *testing.T) {
	r := newRig(t, func(c *Config) { c.SaveRetryFor = time.Minute })
	m, clock := r.m, r.clock
	toStudio(t, m, newCode(t), piece.Drawing)
	r.saver.fail = 1000
	m.Tick(clock.Add(3 * time.Minute))
	m.Tick(clock.Add(time.Minute))
	m.Tick(clock.Add(30 * time.Second))
	wantScreen(t, m, IdleWarning)
	m.Tick(clock.Add(30 * time.Second))
	wantScreen(t, m, Welcome)
	if v := m.Visit(); !reflect.DeepEqual(v, Visit{}) {
		t.Fatalf("visit kept after giving up: %+v", v)
	}
}

func TestIdleWithoutAnOpenPieceAndOnWelcome(t *testing.T) {
	r := newRig(t, func(c *Config) { c.IdleAfter = time.Minute; c.IdleCountdown = 10 * time.Second })
	m, clock := r.m, r.clock
	m.Tick(clock.Add(time.Hour))
	wantScreen(t, m, Welcome) // nobody there: no warning
	must(t, m.Begin())
	must(t, m.EnterCode(newCode(t).String()))
	m.Tick(clock.Add(time.Minute))
	wantScreen(t, m, IdleWarning)
	m.Tick(clock.Add(10 * time.Second))
	wantScreen(t, m, Welcome)
	if len(r.saver.calls()) != 0 {
		t.Fatal("the saver was called without an open piece")
	}
	if r.resetCount() != 1 {
		t.Fatal("no reset")
	}
}

func TestGoodbyeReturnsToWelcome(t *testing.T) {
	r := newRig(t, nil)
	m, clock := r.m, r.clock
	must(t, m.Begin())
	must(t, m.EnterCode(newCode(t).String()))
	must(t, m.CheckedIn(nil))
	must(t, m.Finish())
	must(t, m.CheckedOut(nil))
	m.Tick(clock.Add(19 * time.Second))
	wantScreen(t, m, Goodbye)
	m.Tick(clock.Add(time.Second))
	wantScreen(t, m, Welcome)
	if m.Visit().ID != "" {
		t.Fatal("visit kept after Goodbye")
	}
}

func TestEnterCode(t *testing.T) {
	reg, err := patientcode.NewRegistry(patientcode.KDF{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	valid, expired, unissued := newCode(t), newCode(t), newCode(t)
	reg.Add(valid, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	reg.Add(expired, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC))

	m := newRig(t, func(c *Config) { c.Codes = reg }).m
	must(t, m.Begin())
	typo := []byte(valid)
	typo[0], typo[1] = typo[1], typo[0]
	if typo[0] == typo[1] {
		typo[0] = '0' + (typo[0]-'0'+1)%10
	}
	cases := []struct {
		in   string
		want error
	}{
		{string(typo), patientcode.ErrCheck},
		{"12", patientcode.ErrLength},
		{expired.String(), ErrCodeExpired},
		{unissued.String(), ErrCodeUnknown},
	}
	for _, tc := range cases {
		if err := m.EnterCode(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("EnterCode: %v, want %v", err, tc.want)
		}
		wantScreen(t, m, PatientCode)
	}
	must(t, m.EnterCode(valid.String()))
	wantScreen(t, m, CheckIn)

	// Without a registry any well-formed code is accepted.
	m2 := newRig(t, nil).m
	must(t, m2.Begin())
	must(t, m2.EnterCode(unissued.String()))
}

func TestHelp(t *testing.T) {
	got := make(chan Alert, 1)
	r := newRig(t, func(c *Config) {
		c.Alerter = AlerterFunc(func(_ context.Context, a Alert) error { got <- a; return nil })
	})
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	must(t, m.RequestHelp())
	waitScreen(t, m, HelpConfirm)
	a := <-got
	if a.Event != EventHelp || !a.Time.Equal(r.clock.Now()) {
		t.Fatalf("alert = %+v", a)
	}
	if err := m.StudioDone(); !errors.Is(err, ErrNotNow) {
		t.Fatal("studio events must wait while the help confirmation shows")
	}
	must(t, m.HelpDone())
	wantScreen(t, m, Studio)
	if !strings.Contains(r.logs.String(), "help requested") {
		t.Fatal("help request not logged")
	}
}

func TestStaff(t *testing.T) {
	hash, err := staffpin.HashWith("2468", staffpin.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, func(c *Config) { c.StaffPINHash = hash })
	m, clock := r.m, r.clock
	toStudio(t, m, newCode(t), piece.Drawing)

	if err := m.StaffPIN("2468"); !errors.Is(err, ErrNotNow) {
		t.Fatal("a PIN was taken without the gesture")
	}
	if err := m.StaffExit(false); !errors.Is(err, ErrNotNow) {
		t.Fatal("exit without the staff panel")
	}
	must(t, m.StaffGesture())
	wantScreen(t, m, StaffUnlock)

	// Five wrong PINs: the last three make the next try wait 1 s, 2 s, 4 s.
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		if err := m.StaffPIN("1111"); !errors.Is(err, staffpin.ErrWrongPIN) {
			t.Fatalf("wrong PIN %d: %v", i+1, err)
		}
		w := m.StaffWait()
		waits = append(waits, w)
		if w > 0 {
			var we *staffpin.WaitError
			if err := m.StaffPIN("2468"); !errors.As(err, &we) || we.Wait != w {
				t.Fatalf("try during the wait: %v, want WaitError{%v}", err, w)
			}
			clock.Add(w)
		}
	}
	if want := []time.Duration{0, 0, time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(waits, want) {
		t.Fatalf("waits = %v, want %v", waits, want)
	}
	wantScreen(t, m, StaffUnlock)
	must(t, m.StaffPIN("2468"))
	wantScreen(t, m, StaffPanel)
	if m.Base() != Studio {
		t.Fatal("the patient's screen changed under the staff panel")
	}
	must(t, m.StaffClose())
	wantScreen(t, m, Studio)

	// Exit saves the open piece; a failing save stops it unless forced.
	must(t, m.StaffGesture())
	must(t, m.StaffPIN("2468"))
	open := m.Visit().Open
	r.saver.fail = 1
	if err := m.StaffExit(false); err == nil {
		t.Fatal("exit went ahead although the piece could not be saved")
	}
	wantScreen(t, m, StaffPanel)
	must(t, m.StaffExit(false))
	if calls := r.saver.calls(); len(calls) != 1 || calls[0].Open != open {
		t.Fatalf("saver calls at exit = %+v", calls)
	}
	if m.Visit().ID != "" || m.Screen() != Welcome {
		t.Fatal("visit kept after exit")
	}
	if !errors.Is(m.Begin(), ErrNotNow) || !errors.Is(m.StaffGesture(), ErrNotNow) {
		t.Fatal("the machine went on after exit")
	}
	if strings.Contains(r.logs.String(), "2468") || strings.Contains(r.logs.String(), "1111") {
		t.Fatal("a PIN was logged")
	}
}

func TestStaffExitForced(t *testing.T) {
	hash, _ := staffpin.HashWith("2468", staffpin.Params{Memory: 64, Time: 1, Threads: 1})
	r := newRig(t, func(c *Config) { c.StaffPINHash = hash })
	m := r.m
	toStudio(t, m, newCode(t), piece.Drawing)
	must(t, m.StaffGesture())
	must(t, m.StaffPIN("2468"))
	r.saver.fail = 1
	must(t, m.StaffExit(true))
	wantScreen(t, m, Welcome)
}

func TestNoStaffPIN(t *testing.T) {
	m := newRig(t, nil).m
	must(t, m.StaffGesture())
	if err := m.StaffPIN("0000"); !errors.Is(err, ErrNoStaffPIN) {
		t.Fatalf("StaffPIN without a configured hash = %v", err)
	}
}

func TestIdleClosesTheStaffPanel(t *testing.T) {
	hash, _ := staffpin.HashWith("2468", staffpin.Params{Memory: 64, Time: 1, Threads: 1})
	r := newRig(t, func(c *Config) { c.StaffPINHash = hash })
	m, clock := r.m, r.clock
	must(t, m.StaffGesture())
	must(t, m.StaffPIN("2468"))
	m.Tick(clock.Add(3 * time.Minute))
	wantScreen(t, m, IdleWarning)
	m.Activity()
	wantScreen(t, m, Welcome) // not back into the unlocked panel
}

func TestNewNeedsASaverAndAGoodHash(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without a Saver succeeded")
	}
	if _, err := New(Config{Saver: &recordingSaver{}, StaffPINHash: "1234"}); !errors.Is(err, staffpin.ErrBadEncoded) {
		t.Fatalf("New with a bad PIN hash = %v", err)
	}
}

// TestListenersMayCallBack checks that a listener can call the machine,
// including another event, without deadlock, and that announcements keep
// their order.
func TestListenersMayCallBack(t *testing.T) {
	r := newRig(t, nil)
	m := r.m
	var seen []Screen
	m.OnChange(func(s Screen) {
		seen = append(seen, s)
		if s == PatientCode {
			_ = m.Visit()
			must(t, m.Back()) // straight back to Welcome
		}
	})
	must(t, m.Begin())
	if want := []Screen{PatientCode, Welcome}; !slices.Equal(seen, want) {
		t.Fatalf("seen %v, want %v", seen, want)
	}
	if got := r.announced(); !slices.Equal(got, seen) {
		t.Fatalf("the other listener saw %v, this one %v", got, seen)
	}
}

func TestConcurrentEvents(t *testing.T) {
	r := newRig(t, nil)
	m, clock := r.m, r.clock
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				m.Begin()
				m.EnterCode("0000000")
				m.CheckedIn(nil)
				m.Choose(piece.Drawing)
				m.Back()
				m.Activity()
				m.Tick(clock.Now())
				m.Visit()
			}
		}()
	}
	wg.Wait()
	// Announcements arrive in the order of the changes: the last one is what
	// shows now.
	got := r.announced()
	if len(got) == 0 || got[len(got)-1] != m.Screen() {
		t.Fatalf("last announced %v, showing %s", got[max(0, len(got)-3):], m.Screen())
	}
}

// TestListenersMayCallBackFromEveryEvent: a listener that calls back into
// the machine — even StaffExit, which takes the save lock — from every
// notification of the events that save (StudioBack, LeaveStudio, the idle
// reset, StaffExit) returns, rather than deadlocking.
func TestListenersMayCallBackFromEveryEvent(t *testing.T) {
	hash, err := staffpin.HashWith("2468", staffpin.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, func(c *Config) { c.StaffPINHash = hash })
	m, clock := r.m, r.clock
	var calls sync.Map
	callBack := func(from string) func() {
		return func() {
			if m.Screen() != StaffPanel { // the test exits itself
				_ = m.StaffExit(false) // ErrNotNow; must not block
			}
			calls.Store(from, true)
		}
	}
	m.OnChange(func(Screen) { callBack("change")() })
	m.OnReset(callBack("reset"))
	m.OnHelpChange(callBack("help"))

	within := func(name string, f func() error) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- f() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: a listener calling back into the machine deadlocked", name)
		}
	}
	steps := func(fs ...func() error) func() error {
		return func() error {
			for _, f := range fs {
				if err := f(); err != nil {
					return err
				}
			}
			return nil
		}
	}
	code := newCode(t)
	choose := func() error { return m.Choose(piece.Drawing) }
	within("studio back", steps(m.Begin, func() error { return m.EnterCode(code.String()) },
		func() error { return m.CheckedIn(nil) }, choose, m.StudioBack))
	wantScreen(t, m, Choose)
	within("leave studio", steps(choose, m.Back, func() error { return m.LeaveStudio(true) }))
	wantScreen(t, m, Choose)
	within("idle reset", steps(choose, func() error {
		m.Tick(clock.Add(3 * time.Minute))
		m.Tick(clock.Add(61 * time.Second))
		return nil
	}))
	wantScreen(t, m, Welcome)
	within("staff exit", steps(m.Begin, func() error { return m.EnterCode(code.String()) },
		func() error { return m.CheckedIn(nil) }, choose, m.StaffGesture,
		func() error { return m.StaffPIN("2468") }, func() error { return m.StaffExit(false) }))
	wantScreen(t, m, Welcome)
	for _, from := range []string{"change", "reset"} {
		if _, ok := calls.Load(from); !ok {
			t.Errorf("no %s listener ran", from)
		}
	}
	if n := len(r.saver.calls()); n != 4 {
		t.Errorf("%d pieces saved, want 4 (studio back, leave studio, idle reset, staff exit)", n)
	}
}

// blockingCodes holds each registry check until released, so a test can act
// while one is under way.
type blockingCodes struct {
	reg     *patientcode.Registry
	started chan struct{}
	release chan struct{}
}

func (b *blockingCodes) Check(c patientcode.Code, now time.Time) patientcode.Status {
	b.started <- struct{}{}
	<-b.release
	return b.reg.Check(c, now)
}

// TestEnterCodeDoesNotHoldTheMachine: while a registry at the highest
// argon2id cost checks a code, the machine answers other calls (the UI's
// getters, activity, the clock); then the code is taken.
func TestEnterCodeDoesNotHoldTheMachine(t *testing.T) {
	reg, err := patientcode.NewRegistry(patientcode.KDF{Memory: 256 * 1024, Time: 4, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	code := newCode(t)
	if err := reg.Add(code, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	codes := &blockingCodes{reg: reg, started: make(chan struct{}), release: make(chan struct{})}
	r := newRig(t, func(c *Config) { c.Codes = codes })
	m := r.m
	must(t, m.Begin())
	entered := make(chan error, 1)
	go func() { entered <- m.EnterCode(code.String()) }()
	<-codes.started

	others := make(chan Screen, 1)
	go func() {
		m.Activity()
		m.Tick(r.clock.Now())
		_ = m.Visit()
		_ = m.CanGoBack()
		others <- m.Screen()
	}()
	select {
	case s := <-others:
		if s != PatientCode {
			t.Fatalf("the machine shows %s during the check, want the code screen", s)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the machine did not answer while a code was being checked: the check holds its lock")
	}
	close(codes.release)
	select {
	case err := <-entered:
		must(t, err)
	case <-time.After(2 * time.Minute):
		t.Fatal("EnterCode never returned")
	}
	wantScreen(t, m, CheckIn)

	// The visit changed during a check: the late answer changes nothing.
	must(t, m.Back())
	must(t, m.Back())
	wantScreen(t, m, Welcome)
	must(t, m.Begin())
	codes.release = make(chan struct{})
	go func() { entered <- m.EnterCode(code.String()) }()
	<-codes.started
	must(t, m.Back())
	close(codes.release)
	if err := <-entered; !errors.Is(err, ErrStale) {
		t.Fatalf("EnterCode after the visit changed = %v, want ErrStale", err)
	}
	wantScreen(t, m, Welcome)
}
