package kioskui

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/kioskprefs"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/quietview"
	"github.com/afterimage-clinic/afterimage/internal/ui/uilang"
	"github.com/afterimage-clinic/afterimage/internal/ui/writeview"
)

// Deps are what the kiosk's window works with.
type Deps struct {
	Config     *config.Config
	Station    *station.Station
	Vocabulary *emotion.Vocabulary
	Prompts    []paintview.Prompt
	Clock      kiosk.Clock       // nil: the system clock
	Alerter    kiosk.Alerter     // one more help channel, named "alert"; nil: none
	Codes      kiosk.CodeChecker // issued-codes registry; nil: any well-formed code
	// Microphones lists the input devices staff can pick; nil: PortAudio's.
	Microphones func() ([]string, error)
	Logger      *slog.Logger
	// Quit ends the app after a staff exit; nil: the app's Quit.
	Quit func()

	// HelpChannels tell staff of a help request (the chime, a webhook).
	HelpChannels []kiosk.HelpChannel

	// TextAudit logs, five times a second, any text on screen that does
	// not fit (see auditText). For tests and translators, in
	// development mode: it logs what the screen says.
	TextAudit bool
	// WritingPrompts are the writing studio's prompt cards; none: no card.
	WritingPrompts []writeview.Prompt
}

// UI is the kiosk's window and what it shows.
type UI struct {
	app  fyne.App
	win  fyne.Window
	deps Deps
	log  *slog.Logger
	m    *kiosk.Machine

	// padsShown, when set, runs on the UI goroutine once the pad studio is
	// on screen (tests: the test driver runs fyne.Do on the opening
	// goroutine, so they wait for this before looking at the screen).
	padsShown func()

	// Fyne thread only.
	base  kiosk.Screen
	page  page
	layer *fyne.Container // [background, banner+base, overlay?]
	idle  *idleOverlay
	staff *staffPad
	// The top layer, over every screen and overlay: the help beacon and the
	// staff corner. Built once, so that a press survives a re-render.
	beacon   *beacon
	corner   fyne.CanvasObject
	helpList *fyne.Container // the staff panel's help requests while it shows
	failure  *saveFailure    // a piece that could not be saved; nil: none
	// The quiet space: the patient's choice, and the space while it shows.
	quietChoice quiet.Options
	quiet       *quietview.Space

	ui       uiThread     // runs captures on the UI goroutine from anywhere
	rendered atomic.Value // kiosk.Screen last drawn, for tests to wait on
	// failureShown: the last render drew the save-failed card (for tests)
	failureShown atomic.Bool
	mic          atomic.Value // string: the microphone recordings use

	prefs kioskprefs.Prefs // staff's choices; Fyne thread only

	audit textAuditState // Fyne thread only

	langs        []language   // offered on Welcome (one: no choice shows)
	langChosenAt atomic.Int64 // unix ns of a choice on Welcome not yet reset; 0: none
	keepLanguage bool         // the next reset is Back from the code screen: Fyne thread only

	// pieces owns the visit's pieces: the open one, its checkpoints, its
	// saving and the visit record.
	pieces *kiosk.Pieces
}

// New builds the kiosk window in a, showing Welcome. Call Start to run its
// clock and uploads.
func New(a fyne.App, deps Deps) (*UI, error) {
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Clock == nil {
		deps.Clock = kiosk.SystemClock{}
	}
	if deps.Microphones == nil {
		deps.Microphones = audio.InputDevices
	}
	if err := AddTranslations(); err != nil {
		return nil, err
	}
	cfg := deps.Config
	var err error
	u := &UI{app: a, deps: deps, log: deps.Logger.With("component", "kioskui")}
	u.ui.claim() // New runs on the UI goroutine (see uiThread)
	if u.langs, err = offeredLanguages(cfg.Kiosk.Languages); err != nil {
		return nil, err
	}
	if err := uilang.Use(cfg.Kiosk.Language); err != nil {
		return nil, err
	}
	u.mic.Store(cfg.Kiosk.Microphone)
	u.loadPrefs()
	u.applyTheme()
	pc := kiosk.PiecesConfig{
		Spool:    deps.Station.Spool,
		KioskID:  cfg.KioskID,
		Clock:    deps.Clock,
		Logger:   deps.Logger,
		OnUI:     u.ui.run,
		OnReport: u.report,
	}
	if ob := deps.Station.Outbox; ob != nil {
		pc.Outbox = ob
	}
	pieces, err := kiosk.NewPieces(pc)
	if err != nil {
		return nil, err
	}
	u.pieces = pieces
	m, err := kiosk.New(kiosk.Config{
		Saver:         pieces,
		Clock:         deps.Clock,
		Alerter:       deps.Alerter,
		HelpChannels:  deps.HelpChannels,
		Codes:         deps.Codes,
		StaffPINHash:  u.staffPINHash(),
		IdleAfter:     cfg.Kiosk.IdleAfter(),
		IdleCountdown: cfg.Kiosk.Countdown(),
		Logger:        deps.Logger,
	})
	if err != nil {
		return nil, err
	}
	u.m = m
	u.win = a.NewWindow("Afterimage")
	u.win.SetPadded(false)
	u.win.Resize(fyne.NewSize(1280, 800))
	if *cfg.Kiosk.FullScreen {
		u.lockDown()
	}
	u.layer = container.NewStack()
	u.beacon = newBeacon()
	u.corner = newStaffCorner(u.act(func() { go m.StaffGesture() }))
	m.OnHelpChange(u.helpChanged)
	u.win.SetContent(container.New(boundedLayout{max: MaxMinSize}, u.layer))
	// Keys never reach anything but the code keypad: no shortcut leaves the kiosk.
	u.win.Canvas().SetOnTypedRune(u.typedRune)
	u.win.Canvas().SetOnTypedKey(u.typedKey)
	m.OnVisitEnd(pieces.VisitEnded)
	m.OnReset(u.forget)
	m.OnChange(func(s kiosk.Screen) { fyne.Do(func() { u.render(s) }) })
	u.render(m.Screen())
	return u, nil
}

// MaxMinSize is the most room any screen of the kiosk may ask for at scale
// 1: the smallest screen the kiosk supports. Screens scroll or reflow to fit
// it (a test builds each one to check).
var MaxMinSize = fyne.NewSize(1280, 800)

// boundedLayout is the window's root: it lays its content out at the
// window's size and never asks for more than max, so no screen can make
// the window grow past the display (which would shift every touch off what
// is drawn) or keep it grown.
type boundedLayout struct{ max fyne.Size }

func (l boundedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Min(l.max)
}

func (l boundedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// Window is the kiosk's only window.
func (u *UI) Window() fyne.Window { return u.win }

// Machine is the visit's state machine (tests drive its clock).
func (u *UI) Machine() *kiosk.Machine { return u.m }

// Start runs the idle clock and the outbox until ctx ends.
func (u *UI) Start(ctx context.Context) {
	go u.tick(ctx)
	if u.deps.TextAudit {
		go u.auditLoop(ctx)
	}
	if ob := u.deps.Station.Outbox; ob != nil {
		go func() {
			if err := ob.Run(ctx); err != nil && ctx.Err() == nil {
				u.log.Error("outbox stopped", "err", err)
			}
		}()
	}
}

// lockDown makes the kiosk hard to leave: full screen, closing ignored,
// screen blanking off, keyboard shortcuts swallowed. Only the staff panel
// quits.
func (u *UI) lockDown() {
	u.win.SetFullScreen(true)
	u.win.SetCloseIntercept(func() { u.log.Info("window close ignored: the kiosk quits from the staff panel only") })
	u.app.Driver().SetDisableScreenBlanking(true)
}

// tick is the kiosk's clock: it drives the visit's idle timer, keeps the
// countdown on screen current and counts a running recording as activity.
func (u *UI) tick(ctx context.Context) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			u.tickAt(u.deps.Clock.Now())
		}
	}
}

// tickAt is one beat of the kiosk's clock, at now.
func (u *UI) tickAt(now time.Time) {
	u.keepAliveWhileRecording()
	u.m.Tick(now)
	u.forgetLanguageOnWelcome(now)
	if u.m.Screen() == kiosk.IdleWarning {
		left := countdownSeconds(u.m.IdleRemaining())
		fyne.Do(func() {
			if u.idle != nil {
				u.idle.setSeconds(left)
			}
		})
	}
}

// act wraps a handler so that using it counts as activity.
func (u *UI) act(f func()) func() {
	return func() {
		u.m.Activity()
		if f != nil {
			f()
		}
	}
}

// render shows screen s: the patient screen underneath and any overlay.
func (u *UI) render(s kiosk.Screen) {
	base := u.m.Base()
	if base != u.base || u.page.body == nil {
		if u.quiet != nil { // the quiet space is over, or the kiosk moved on
			u.quiet.Stop()
			u.quiet = nil
		}
		u.base = base
		u.page = u.screenFor(base)
	}
	body := u.page.body
	switch base {
	case kiosk.Studio: // a studio keeps its own margins: the canvas gets the room
		body = container.NewBorder(nil, u.bottomBar(), nil, nil, body)
	case kiosk.Quiet: // the whole screen is the space: a tap anywhere leaves
	default:
		body = container.NewBorder(nil, u.bottomBar(), nil, nil, container.NewPadded(body))
	}
	if u.deps.Station.Development() {
		body = container.NewBorder(devBanner(u.deps.Config.Remote.Type), nil, nil, nil, body)
	}
	// No paper rectangle under the screen: the window is cleared to the
	// theme's background, the same paper, and a full-screen rectangle
	// costs every frame a pass over every pixel on a software rasteriser
	// (docs/BENCHMARKS.md, the on-screen keyboard).
	objs := []fyne.CanvasObject{body}
	u.helpList = nil
	if s == kiosk.StaffPanel {
		u.failure = nil // staff are here: the panel and the log tell them
	}
	failed := u.failure != nil && base != kiosk.Welcome
	if failed {
		objs = append(objs, newTapShield(u.m.Activity), u.failureCard(u.failure))
	}
	if s.IsOverlay() {
		objs = append(objs, newTapShield(u.m.Activity), u.overlayFor(s))
	}
	objs = append(objs, u.beacon.root, u.corner)
	u.layer.Objects = objs
	u.layer.Refresh()
	// Mark the canvas dirty through the window itself: Container.Refresh
	// finds its canvas in Fyne's object cache, whose entry for u.layer
	// expires after a minute in which only parts of the screen were
	// refreshed (the idle countdown), and then nothing is repainted: the
	// reset's Welcome stayed behind "Starting over in 1" (issue 11).
	u.win.Canvas().Refresh(u.layer)
	u.failureShown.Store(failed)
	u.rendered.Store(s)
	u.log.Info("screen shown", "screen", s)
}

// Rendered is the screen last drawn.
func (u *UI) Rendered() kiosk.Screen {
	s, _ := u.rendered.Load().(kiosk.Screen)
	return s
}

// bottomBar holds Back and "I'm finished" where the screen has them, and
// "I'd like someone to come" on every screen.
func (u *UI) bottomBar() fyne.CanvasObject {
	left := container.NewHBox()
	if u.page.back != nil {
		_, b := bigButton(tr("kiosk.back"), false, navSize, u.page.back)
		left.Add(b)
	}
	right := container.NewHBox()
	if u.page.finished != nil {
		_, f := bigButton(tr("kiosk.finished"), false, navSize, u.page.finished)
		right.Add(f)
	}
	_, help := bigButton(tr("kiosk.help.button"), false, fyne.NewSize(320, 72), u.act(func() { go u.m.RequestHelp() }))
	right.Add(help)
	return container.NewPadded(container.NewBorder(nil, nil, left, right))
}

// typedRune and typedKey take a keyboard's input, where there is one: the
// code keypad reads it; everywhere it counts as activity.
func (u *UI) typedRune(r rune) {
	u.m.Activity()
	if u.page.pad != nil && u.m.Screen() == kiosk.PatientCode {
		u.page.pad.typeRune(r)
	}
}

func (u *UI) typedKey(k *fyne.KeyEvent) {
	u.m.Activity()
	if u.page.pad != nil && u.m.Screen() == kiosk.PatientCode {
		u.page.pad.key(k.Name)
	}
}

func (u *UI) overlayFor(s kiosk.Screen) fyne.CanvasObject {
	switch s {
	case kiosk.IdleWarning:
		u.idle = newIdleOverlay(func() { u.m.Activity() })
		u.idle.setSeconds(countdownSeconds(u.m.IdleRemaining()))
		return u.idle.root
	case kiosk.HelpSending, kiosk.HelpConfirm, kiosk.HelpNotDelivered:
		return helpOverlay(s, u.act(func() { u.m.HelpDone() }))
	case kiosk.LeaveStudio:
		return u.leaveStudioOverlay()
	case kiosk.StaffUnlock:
		u.staff = newStaffPad(u)
		return u.staff.root
	case kiosk.StaffPanel:
		return u.staffPanel()
	}
	return nil
}
