package galleryui

import (
	"image/color"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure the gallery's window.
type Options struct {
	Development bool
	// NoPassphrase: the identity opens without one (the development key):
	// the lock screen has no passphrase field.
	NoPassphrase bool
	Logger       *slog.Logger
	// Clinic is the clinic's name at the head of its reports ("" says
	// gallery.report.clinic).
	Clinic string
}

// UI is the gallery's window: the lock screen, or, unlocked, patients on
// the left and the chosen patient's visits on the right. It renders what
// its gallery.Session says; it holds nothing decrypted while locked.
type UI struct {
	win  fyne.Window
	opts Options
	log  *slog.Logger
	s    *gallery.Session

	// uiMu serialises the UI's updates from the session's goroutines (the
	// test driver runs fyne.Do on the calling goroutine); tests read the
	// UI under it too (inUI).
	uiMu sync.Mutex

	lock     *lockScreen
	status   *widget.Label
	notice   string // a standing warning for staff (storage not versioned)
	lastSt   gallery.Status
	browse   *browser // nil while locked
	idleLock time.Duration
	// lastPatient is the patient last shown, while unlocked only (see
	// remember.go).
	lastPatient string
	prefs       fyne.Preferences
}

// New builds the gallery window in a with a session made from sopts (its
// callbacks are the UI's). The window starts locked.
func New(a fyne.App, opts Options, sopts gallery.Options) *UI {
	if err := AddTranslations(); err != nil && opts.Logger != nil {
		opts.Logger.Warn("gallery: translations", "err", err)
	}
	a.Settings().SetTheme(theme.NewWithOptions(theme.Options{TextScale: desktopText}))
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	u := &UI{opts: opts, log: opts.Logger.With("component", "galleryui"), prefs: a.Preferences()}
	sopts.OnState = u.onState
	sopts.OnStatus = u.onStatus
	sopts.OnPieces = u.onPieces
	sopts.OnThumbnail = u.onThumbnail
	if sopts.Logger == nil {
		sopts.Logger = opts.Logger
	}
	u.idleLock = sopts.IdleLock
	if u.idleLock <= 0 {
		u.idleLock = gallery.DefaultIdleLock
	}
	u.s = gallery.New(sopts)
	u.win = a.NewWindow(tr("gallery.window.title"))
	u.win.Resize(savedSize(a.Preferences()))
	u.status = widget.NewLabel(tr("gallery.status.waiting"))
	u.status.Truncation = fyne.TextTruncateEllipsis
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		u.s.Lock()
	})
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if u.browse != nil {
			u.browse.find.focus()
		}
	})
	u.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		u.s.Touch()
		if u.browse != nil {
			u.browse.typedKey(k.Name)
		} else if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			u.lock.submit()
		}
	})
	u.win.Canvas().SetOnTypedRune(func(r rune) {
		u.s.Touch()
		if u.browse != nil {
			u.browse.typedRune(r)
		}
	})
	u.win.SetOnClosed(func() {
		// Closing the window quits the gallery: lock, and give the pull a
		// moment to stop and the index to close cleanly (it survives a
		// kill too).
		u.saveSize()
		u.s.Lock()
		select {
		case <-u.s.Closed():
		case <-time.After(5 * time.Second):
			u.log.Warn("gallery: the index did not close within 5 s of the window")
		}
	})
	u.showLock(nil, false)
	return u
}

// desktopText scales the kiosk's touch-sized text to a desktop's.
const desktopText = 0.72

// Window is the gallery's main window.
func (u *UI) Window() fyne.Window { return u.win }

// Session is the session the window renders.
func (u *UI) Session() *gallery.Session { return u.s }

// SetNotice shows a standing warning for staff in the status line (safe
// from any goroutine).
func (u *UI) SetNotice(text string) {
	u.do(func() {
		u.notice = text
		u.renderStatus()
	})
}

// do runs f on the UI goroutine, under uiMu.
func (u *UI) do(f func()) {
	fyne.Do(func() {
		u.uiMu.Lock()
		defer u.uiMu.Unlock()
		f()
	})
}

// inUI runs f under uiMu (tests: reading the widget tree while the
// session's goroutines may update it).
func (u *UI) inUI(f func()) {
	u.uiMu.Lock()
	defer u.uiMu.Unlock()
	f()
}

func (u *UI) onState(st gallery.State, err error) {
	u.do(func() {
		switch st {
		case gallery.Locked:
			u.showLock(err, err == nil && u.s.IdleLocked())
		case gallery.Unlocking:
			u.lock.setBusy(true)
			u.log.Info("screen shown", "screen", "unlocking")
		case gallery.Unlocked:
			u.showBrowser()
		}
	})
}

// showLock drops everything the unlocked window showed and shows the lock
// screen.
func (u *UI) showLock(err error, idle bool) {
	if u.browse != nil {
		u.saveSize()
		u.browse.drop()
		u.browse = nil
	}
	u.lastPatient = ""
	u.lock.setBusy(false) // stops the old screen's animation
	u.win.Canvas().Unfocus()
	u.lastSt = gallery.Status{}
	u.status.SetText(tr("gallery.status.waiting"))
	u.lock = newLockScreen(u, err, idle)
	u.win.SetContent(u.lock.content)
	u.lock.focus()
	u.log.Info("screen shown", "screen", "lock")
}

func (u *UI) showBrowser() {
	if u.browse != nil {
		u.browse.drop()
	}
	u.browse = newBrowser(u)
	u.lock.setBusy(false)
	u.lock = nil
	u.win.Canvas().Unfocus()
	u.win.SetContent(u.browse.content)
	u.log.Info("screen shown", "screen", "patients")
	u.returnToPatient()
	u.browse.reloadPatients()
}

func (u *UI) onStatus(st gallery.Status) {
	u.do(func() {
		u.lastSt = st
		u.renderStatus()
	})
}

func (u *UI) renderStatus() {
	if u.browse == nil {
		return
	}
	st := u.lastSt
	var parts []string
	if st.Note != "" {
		parts = append(parts, trf("gallery.status.index", st.Note))
	}
	switch {
	case st.Pulling && st.Total > 0:
		parts = append(parts, trf("gallery.status.pulling", st.Done, st.Total))
	case st.Offline:
		parts = append(parts, tr("gallery.status.offline"))
	case !st.LastPull.IsZero():
		parts = append(parts, trf("gallery.status.last", st.LastPull.Local().Format("15:04:05")))
	default:
		parts = append(parts, tr("gallery.status.waiting"))
	}
	parts = append(parts, trf("gallery.status.counts", st.Pieces, st.Damaged, st.Unverified))
	if u.notice != "" {
		parts = append(parts, u.notice)
	}
	text := parts[0]
	for _, p := range parts[1:] {
		text += " · " + p
	}
	u.status.SetText(text)
	u.browse.setUnverified(st.Unverified)
}

func (u *UI) onPieces(patients []string) {
	u.do(func() {
		if u.browse != nil {
			u.browse.piecesAdded(patients)
		}
	})
}

func (u *UI) onThumbnail(id piece.ID) {
	u.do(func() {
		if u.browse != nil {
			u.browse.thumbnailReady(id)
		}
	})
}

// activity is a window's background: pointer moves over it count as use
// (the idle lock), where no widget on top takes them.
type activity struct {
	widget.BaseWidget
	touch func()
}

var _ desktop.Hoverable = (*activity)(nil)

func newActivity(touch func()) *activity {
	a := &activity{touch: touch}
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer paints nothing: the window is cleared to the theme's
// background (Paper) before each frame, and a rectangle over all of it
// would be one more full-window layer for Mesa's software renderer to
// blend in every frame (the grid scrolling included). Pointer events
// reach the widget by its bounds, not its pixels.
func (a *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (a *activity) MouseIn(*desktop.MouseEvent)    { a.touch() }
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.touch() }
func (a *activity) MouseOut()                      {}

// background stacks content on the window's activity background.
func (u *UI) background(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(newActivity(u.s.Touch), content)
}
