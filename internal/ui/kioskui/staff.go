package kioskui

import (
	"context"
	"errors"
	"image/color"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/diskfree"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// LongPress is how long staff hold the top-left corner to ask for the PIN.
const LongPress = 2 * time.Second

// staffCorner is an invisible square in the top-left corner, over every
// screen: holding it for LongPress is the staff's way in (the PIN pad opens
// while they still hold); a shorter press does nothing. Patients have no
// reason to hold a corner. It takes no other input, so it blocks nothing
// outside its square.
type staffCorner struct {
	widget.BaseWidget
	onGesture func()
	// after runs f after d unless the returned stop is called first:
	// time.AfterFunc; tests pass their own.
	after func(d time.Duration, f func()) (stop func() bool)

	mu    sync.Mutex
	press int         // counts presses, so that a stale timer is ignored
	stop  func() bool // the timer of the press under way; nil: none
}

var _ desktop.Mouseable = (*staffCorner)(nil)

func newStaffCorner(onGesture func()) fyne.CanvasObject {
	c := &staffCorner{onGesture: onGesture, after: func(d time.Duration, f func()) func() bool {
		return time.AfterFunc(d, f).Stop
	}}
	c.ExtendBaseWidget(c)
	return container.New(cornerLayout{}, c)
}

// cornerLayout puts its objects in the top-left corner at their minimum
// size, asking for no room of its own: the corner lies over the screen.
type cornerLayout struct{}

func (cornerLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(o.MinSize())
	}
}

func (cornerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

func (c *staffCorner) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(color.Transparent)
	return widget.NewSimpleRenderer(r)
}

// staffCornerSize is the edge of the staff corner's square: screens keep
// their controls out of it (paintview.Options.KeepClear).
const staffCornerSize = 96

func (c *staffCorner) MinSize() fyne.Size { return fyne.NewSize(staffCornerSize, staffCornerSize) }

// MouseDown starts timing a press (a touch arrives as a mouse press).
func (c *staffCorner) MouseDown(*desktop.MouseEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		c.stop()
	}
	c.press++
	press := c.press
	c.stop = c.after(LongPress, func() { c.held(press) })
}

// held is press having lasted LongPress: the gesture, once.
func (c *staffCorner) held(press int) {
	c.mu.Lock()
	current := c.press == press && c.stop != nil
	if current {
		c.stop = nil
	}
	c.mu.Unlock()
	if current {
		c.onGesture()
	}
}

// MouseUp ends a press; one shorter than LongPress does nothing.
func (c *staffCorner) MouseUp(*desktop.MouseEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// staffPad takes the staff PIN.
type staffPad struct {
	answers atomic.Int64 // PIN checks answered, for tests to wait on
	root    fyne.CanvasObject
	message *widget.Label
	pin     []byte
	shown   *canvas.Text
}

func newStaffPad(u *UI) *staffPad {
	p := &staffPad{message: hint(tr("kiosk.staff.pin"))}
	p.shown = canvas.NewText("", theme.Ink)
	p.shown.TextSize = 44
	p.shown.Alignment = fyne.TextAlignCenter
	refresh := func() {
		p.message.SetText(tr("kiosk.staff.pin"))
		p.shown.Text = ""
		for range p.pin {
			p.shown.Text += "●"
		}
		p.shown.Refresh()
	}
	keys := container.NewGridWithColumns(3)
	for _, d := range "123456789" {
		d := byte(d)
		_, k := bigButton(string(d), false, fyne.NewSize(96, 80), func() {
			if len(p.pin) < 16 {
				p.pin = append(p.pin, d)
				refresh()
			}
		})
		keys.Add(k)
	}
	_, del := bigButton("⌫", false, fyne.NewSize(96, 80), func() {
		if len(p.pin) > 0 {
			p.pin = p.pin[:len(p.pin)-1]
			refresh()
		}
	})
	_, zero := bigButton("0", false, fyne.NewSize(96, 80), func() {
		if len(p.pin) < 16 {
			p.pin = append(p.pin, '0')
			refresh()
		}
	})
	_, ok := bigButton("OK", true, fyne.NewSize(96, 80), func() {
		pin := string(p.pin)
		p.pin = p.pin[:0]
		refresh()
		go func() {
			err := u.m.StaffPIN(pin)
			var wait *staffpin.WaitError
			switch {
			case err == nil:
				return
			case errors.As(err, &wait):
				fyne.Do(func() {
					p.message.SetText(trn("kiosk.staff.wait", countdownSeconds(wait.Wait)))
					p.answers.Add(1)
				})
			default:
				fyne.Do(func() {
					p.message.SetText(tr("kiosk.staff.wrong"))
					p.answers.Add(1)
				})
			}
		}()
	})
	keys.Add(del)
	keys.Add(zero)
	keys.Add(ok)
	_, closeB := bigButton(tr("kiosk.staff.close"), false, navSize, func() { u.m.StaffClose() })
	card := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(
		container.NewVBox(heading(tr("kiosk.staff.title")), p.message, p.shown, container.NewCenter(keys), container.NewCenter(closeB))))
	p.root = container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(card))
	return p
}

// staffPanel shows sync status, storage and the microphone test, and is the
// only way to quit.
func (u *UI) staffPanel() fyne.CanvasObject {
	lines := container.NewVBox()
	add := func(s string) { lines.Add(widget.NewLabel(s)) }
	if ob := u.deps.Station.Outbox; ob != nil {
		st := ob.Status()
		add(trn("kiosk.staff.pending", st.Pending))
		last := tr("kiosk.staff.never")
		if !st.LastSuccess.IsZero() {
			last = monthText(st.LastSuccess.Local(), "2 Jan 15:04:05")
		}
		add(trf("kiosk.staff.lastupload", last))
		lastErr := tr("kiosk.staff.none")
		if st.LastError != "" {
			lastErr = st.LastError
		}
		add(trf("kiosk.staff.lasterror", lastErr))
		if len(st.Held) > 0 {
			var b *widget.Button
			b, retry := bigButton(tr("kiosk.staff.retryheld"), false, actionSize, func() {
				ob.RetryHeld()
				b.Disable()
				b.SetText(tr("kiosk.staff.retrying"))
			})
			lines.Add(container.NewBorder(nil, nil, nil, retry, widget.NewLabel(trn("kiosk.staff.held", len(st.Held)))))
		}
	}
	add(trf("kiosk.staff.storage", freeSpace(u.deps.Config.DataDir)))
	lines.Add(u.helpRequests())
	mic := hint("")
	mic.Hide() // until there is a result to show
	_, micB := bigButton(tr("kiosk.staff.miccheck"), false, actionSize, func() {
		go func() {
			say := micCheck(u.microphone())
			fyne.Do(func() {
				mic.SetText(say())
				mic.Show()
			})
		}()
	})
	_, exit := bigButton(tr("kiosk.staff.exit"), false, actionSize, func() {
		go func() {
			if err := u.m.StaffExit(false); err != nil {
				u.log.Error("staff exit refused: the open piece could not be saved", "err", err)
				return
			}
			u.pieces.Wait() // the visit record is written before the app ends
			fyne.Do(u.quit)
		}()
	})
	_, closeB := bigButton(tr("kiosk.staff.close"), true, actionSize, func() { u.m.StaffClose() })
	card := container.NewStack(canvas.NewRectangle(theme.Paper), container.NewPadded(container.NewVBox(
		heading(tr("kiosk.staff.title")), lines, u.micPicker(),
		container.NewCenter(container.NewHBox(micB, u.contrastToggle())), mic,
		layout.NewSpacer(), container.NewCenter(container.NewHBox(exit, closeB)))))
	return container.NewStack(canvas.NewRectangle(theme.Overlay), container.NewCenter(theme.Touch(card, fyne.NewSize(760, 560))))
}

func (u *UI) quit() {
	if u.deps.Quit != nil {
		u.deps.Quit()
		return
	}
	u.app.Quit()
}

// freeSpace says how much room the data folder's disk has left.
func freeSpace(dir string) string {
	free, err := diskfree.Available(dir)
	if err != nil {
		return "?"
	}
	n := strconv.FormatFloat(float64(free)/1e9, 'f', 1, 64)
	return trf("kiosk.staff.gigabytes", strings.Replace(n, ".", tr("kiosk.staff.decimal"), 1))
}

// micCheck listens to the chosen microphone for a second and returns what
// to say of what it heard, to be read on the UI goroutine (where the
// kiosk's language changes). It blocks: call it off the UI goroutine.
func micCheck(device string) func() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	lvl, err := audio.CheckMicrophone(ctx, device, time.Second)
	switch {
	case errors.Is(err, audio.ErrSilent):
		return func() string { return tr("kiosk.staff.micsilent") }
	case err != nil:
		return func() string { return tr("kiosk.mic.unavailable") }
	}
	return func() string { return trf("kiosk.staff.micok", lvl.RMS) }
}
