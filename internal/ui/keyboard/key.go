package keyboard

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Timings of a held key.
const (
	holdDelay   = 500 * time.Millisecond // a press this long is a hold
	repeatEvery = 90 * time.Millisecond  // a held backspace deletes this often
)

// key is one key: a tap types it; held, it repeats (backspace) or offers
// its accents.
type key struct {
	widget.BaseWidget
	label   string
	size    fyne.Size
	primary bool
	onTap   func()
	onHold  func() // nil: holding is a slow tap
	repeat  bool   // held, onTap repeats

	mu      sync.Mutex
	down    bool
	held    bool // the hold fired; the release types nothing more
	stop    chan struct{}
	pressed bool // drawn pressed
}

func newKey(label string, size fyne.Size, onTap func()) *key {
	k := &key{label: label, size: size, onTap: onTap}
	k.ExtendBaseWidget(k)
	return k
}

// Tapped types the key, unless a hold already did what the press meant.
func (k *key) Tapped(*fyne.PointEvent) {
	k.mu.Lock()
	held := k.held
	k.held = false
	k.mu.Unlock()
	if !held {
		k.onTap()
	}
}

// MouseDown starts watching for a hold.
func (k *key) MouseDown(*desktop.MouseEvent) {
	if k.onHold == nil && !k.repeat {
		return
	}
	k.mu.Lock()
	if k.down {
		k.mu.Unlock()
		return
	}
	k.down, k.held, k.pressed = true, false, true
	stop := make(chan struct{})
	k.stop = stop
	k.mu.Unlock()
	k.Refresh()
	go k.watch(stop)
}

// watch fires the hold after holdDelay, then repeats, until stop closes.
func (k *key) watch(stop chan struct{}) {
	select {
	case <-stop:
		return
	case <-time.After(holdDelay):
	}
	fyne.Do(k.hold)
	if !k.repeat {
		return
	}
	tick := time.NewTicker(repeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		fyne.Do(k.onTap)
	}
}

// hold is what a press held for holdDelay does, on the UI goroutine: the
// key's hold (its accents), or a repeating key's first repeat. The release
// that ends it types nothing more.
func (k *key) hold() {
	k.mu.Lock()
	k.held = true
	k.mu.Unlock()
	if k.repeat {
		k.onTap()
	} else {
		k.onHold()
	}
}

// MouseUp stops a hold.
func (k *key) MouseUp(*desktop.MouseEvent) { k.release() }

func (k *key) release() {
	k.mu.Lock()
	if k.stop != nil {
		close(k.stop)
		k.stop = nil
	}
	k.down, k.pressed = false, false
	k.mu.Unlock()
	k.Refresh()
}

func (k *key) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Mist)
	bg.CornerRadius = 10
	text := canvas.NewText(k.label, theme.Ink)
	text.TextSize = 28
	text.Alignment = fyne.TextAlignCenter
	r := &keyRenderer{k: k, bg: bg, text: text}
	r.Refresh()
	return r
}

type keyRenderer struct {
	k    *key
	bg   *canvas.Rectangle
	text *canvas.Text
}

func (r *keyRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.text.Resize(fyne.NewSize(size.Width, ts.Height))
}

func (r *keyRenderer) MinSize() fyne.Size { return r.k.size }

func (r *keyRenderer) Refresh() {
	r.k.mu.Lock()
	pressed := r.k.pressed
	r.k.mu.Unlock()
	face, ink := color.Color(theme.Mist), color.Color(theme.Ink)
	if r.k.primary {
		face, ink = theme.Sage, theme.Paper
	}
	if pressed {
		face = theme.Sand
		ink = theme.Ink
	}
	r.bg.FillColor, r.text.Color, r.text.Text = face, ink, r.k.label
	r.bg.Refresh()
	r.text.Refresh()
}

func (r *keyRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }
func (r *keyRenderer) Destroy()                     { r.k.release() }
