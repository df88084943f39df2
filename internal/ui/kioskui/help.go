package kioskui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// helpOverlay says, calmly and truthfully, where a help request stands:
// being sent, delivered to staff, or not delivered (then the patient is
// asked to wave or call out while the kiosk keeps trying).
func helpOverlay(s kiosk.Screen, onOK func()) fyne.CanvasObject {
	switch s {
	case kiosk.HelpSending:
		return card(heading(tr("kiosk.help.sending.title")), hint(tr("kiosk.help.sending.hint")), tr("kiosk.help.ok"), onOK)
	case kiosk.HelpNotDelivered:
		title := heading(tr("kiosk.help.notdelivered.title"))
		title.TextSize = 36 // the sentence is long; it must fit 1280 wide
		return card(title, hint(tr("kiosk.help.notdelivered.hint")), tr("kiosk.help.notdelivered.ok"), onOK)
	}
	return card(heading(tr("kiosk.help.title")), hint(tr("kiosk.help.hint")), tr("kiosk.help.ok"), onOK)
}

// beaconHeight is the help beacon's band, in Fyne units.
const beaconHeight float32 = 64

// beacon is the lamp staff see across the room while a help request is
// open: an amber band across the top of every screen, over any overlay. It
// says only when help was asked for. Fyne thread only.
type beacon struct {
	root *fyne.Container
	text *canvas.Text
}

func newBeacon() *beacon {
	b := &beacon{text: canvas.NewText("", theme.Ink)}
	b.text.TextSize = 28
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.text.Alignment = fyne.TextAlignCenter
	band := container.NewStack(canvas.NewRectangle(theme.Beacon), container.NewCenter(b.text))
	b.root = container.New(topBand{height: beaconHeight}, band)
	b.root.Hide()
	return b
}

// show lights the beacon for the open requests (none: off); it changes
// nothing when nothing changed.
func (b *beacon) show(open []kiosk.HelpRequest) {
	if len(open) == 0 {
		if b.root.Visible() {
			b.root.Hide()
		}
		return
	}
	if text := trf("kiosk.help.beacon", open[0].Asked.Local().Format("15:04")); text != b.text.Text {
		b.text.Text = text
		b.text.Refresh()
	}
	if !b.root.Visible() {
		b.root.Show()
	}
}

// topBand lays its objects across the top of the window, height tall,
// asking for no room of its own: it lies over the screen.
type topBand struct{ height float32 }

func (l topBand) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(fyne.NewSize(size.Width, l.height))
	}
}

func (topBand) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// helpChanged follows the help desk: the beacon and, when the staff panel
// shows, its list of requests. The machine calls it (OnHelpChange) in order
// with its screen changes, from any goroutine.
func (u *UI) helpChanged() { fyne.Do(u.showHelp) }

// showHelp shows the help desk as it is now: the beacon and, when the staff
// panel shows, its list. Fyne thread only.
func (u *UI) showHelp() {
	open := u.m.Help().Open()
	u.beacon.show(open)
	if u.helpList != nil {
		u.fillHelpList(open)
	}
	u.win.Canvas().Refresh(u.layer) // Show does not repaint; see render
}

// helpRequests is the staff panel's list of open help requests, each with
// when it was asked, whether and how staff were told, and Clear.
func (u *UI) helpRequests() fyne.CanvasObject {
	u.helpList = container.NewVBox()
	u.fillHelpList(u.m.Help().Open())
	scroll := container.NewVScroll(u.helpList)
	scroll.SetMinSize(fyne.NewSize(0, 72)) // one request; more scroll, so the panel still fits 1280×800
	title := widget.NewLabelWithStyle(tr("kiosk.staff.help.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(nil, nil, title, nil, scroll)
}

func (u *UI) fillHelpList(open []kiosk.HelpRequest) {
	u.helpList.RemoveAll()
	if len(open) == 0 {
		u.helpList.Add(widget.NewLabel(tr("kiosk.staff.help.none")))
		return
	}
	for _, r := range open {
		id := r.ID
		_, clearB := bigButton(tr("kiosk.staff.help.clear"), false, fyne.NewSize(140, 64), func() {
			if err := u.m.Help().Clear(id); err != nil {
				u.log.Warn("clear help request", "request", id, "err", err)
			}
			// Staff see their tap's effect at once, whichever goroutine
			// delivers the desk's change (helpChanged shows it again).
			u.showHelp()
		})
		u.helpList.Add(container.NewBorder(nil, nil, nil, clearB, widget.NewLabel(helpLine(r))))
	}
}

// helpLine describes a request for staff.
func helpLine(r kiosk.HelpRequest) string {
	at := r.Asked.Local().Format(time.TimeOnly)
	switch {
	case r.IsDelivered():
		by := make([]string, len(r.By))
		for i, name := range r.By {
			by[i] = lang.X("kiosk.staff.help.channel."+name, name)
		}
		return trf("kiosk.staff.help.delivered", at, strings.Join(by, ", "))
	case r.Attempts == 0:
		return trf("kiosk.staff.help.sending", at)
	}
	return trn("kiosk.staff.help.notdelivered", r.Attempts, map[string]any{"Time": at})
}
