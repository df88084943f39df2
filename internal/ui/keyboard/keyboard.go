package keyboard

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Target is what the keyboard types into; a *widget.Entry is one.
type Target interface {
	fyne.CanvasObject
	TypedRune(rune)
	TypedKey(*fyne.KeyEvent)
}

// Options configure a Keyboard.
type Options struct {
	Layout Layout // the zero value: CurrentLayout()
	// OnKey runs on every key (the kiosk's idle timer).
	OnKey func()
	// OnDone runs when the patient taps Done.
	OnDone func()
}

// Key sizes at scale 1: ten keys and their gaps fit a 1280-wide screen with
// room to spare, and every key is at least 64 wide and tall.
var (
	keySize  = fyne.NewSize(96, 66)
	wideSize = fyne.NewSize(150, 66)
)

const keyGap = 8

// Keyboard is the on-screen keyboard. Use it on the UI goroutine.
type Keyboard struct {
	widget.BaseWidget
	opt     Options
	target  Target
	shift   bool
	symbols bool
	accents []string // the variants shown above the keys; nil: none

	box *fyne.Container
}

// New returns a keyboard with no target.
func New(opt Options) *Keyboard {
	if opt.Layout.Letters == nil {
		opt.Layout = CurrentLayout()
	}
	k := &Keyboard{opt: opt, box: container.NewVBox()}
	k.ExtendBaseWidget(k)
	k.rebuild()
	return k
}

// SetTarget makes t the text the keys type into (nil: none).
func (k *Keyboard) SetTarget(t Target) {
	k.target = t
	k.rebuild()
}

// Target is what the keys type into now.
func (k *Keyboard) Target() Target { return k.target }

// Reset forgets the target and returns to lower-case letters: what the
// next patient finds.
func (k *Keyboard) Reset() {
	k.target, k.shift, k.symbols, k.accents = nil, false, false, nil
	k.rebuild()
}

// Key is the key labelled label now shown, or nil: for tests, which tap it
// as a finger would.
func (k *Keyboard) Key(label string) fyne.Tappable {
	for _, r := range k.box.Objects {
		for _, o := range r.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
			if kk := o.(*key); kk.label == label {
				return kk
			}
		}
	}
	return nil
}

// Shifted reports whether the next letter is a capital.
func (k *Keyboard) Shifted() bool { return k.shift }

func (k *Keyboard) activity() {
	if k.opt.OnKey != nil {
		k.opt.OnKey()
	}
}

// typeText types s into the target and keeps the target focused.
func (k *Keyboard) typeText(s string) {
	k.activity()
	if k.target == nil {
		return
	}
	for _, r := range s {
		k.target.TypedRune(r)
	}
	k.refocus()
}

func (k *Keyboard) typeKey(name fyne.KeyName) {
	k.activity()
	if k.target == nil {
		return
	}
	k.target.TypedKey(&fyne.KeyEvent{Name: name})
	k.refocus()
}

// refocus gives the target the focus back (a tap on a key takes it away),
// so its cursor shows where the next letter goes.
func (k *Keyboard) refocus() {
	f, ok := k.target.(fyne.Focusable)
	if !ok {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(k.target); c != nil && c.Focused() != f {
		c.Focus(f)
	}
}

func (k *Keyboard) letter(s string) {
	if k.shift {
		s = strings.ToUpper(s)
		k.shift = false
		defer k.rebuild()
	}
	if k.accents != nil {
		k.accents = nil
		defer k.rebuild()
	}
	k.typeText(s)
}

func (k *Keyboard) rebuild() {
	var rows []fyne.CanvasObject
	if k.accents != nil {
		var keys []fyne.CanvasObject
		for _, a := range k.accents {
			keys = append(keys, k.letterKey(a, false))
		}
		rows = append(rows, row(keys))
	}
	src := k.opt.Layout.Letters
	if k.symbols {
		src = k.opt.Layout.Symbols
	}
	for i, r := range src {
		var keys []fyne.CanvasObject
		if i == len(src)-1 && !k.symbols {
			shift := newKey(tr("keyboard.shift"), wideSize, func() {
				k.activity()
				k.shift = !k.shift
				k.rebuild()
			})
			shift.primary = k.shift
			keys = append(keys, shift)
		}
		for _, s := range r {
			keys = append(keys, k.letterKey(s, !k.symbols))
		}
		switch i {
		case 0:
			back := newKey(tr("keyboard.backspace"), wideSize, func() { k.typeKey(fyne.KeyBackspace) })
			back.repeat = true
			keys = append(keys, back)
		case 1:
			if multiLine(k.target) {
				keys = append(keys, newKey(tr("keyboard.return"), wideSize, func() { k.typeKey(fyne.KeyReturn) }))
			}
		}
		rows = append(rows, row(keys))
	}
	modeLabel := tr("keyboard.to.symbols")
	if k.symbols {
		modeLabel = tr("keyboard.to.letters")
	}
	mode := newKey(modeLabel, wideSize, func() {
		k.activity()
		k.symbols, k.accents = !k.symbols, nil
		k.rebuild()
	})
	space := newKey(tr("keyboard.space"), fyne.NewSize(5*keySize.Width+4*keyGap, keySize.Height), func() { k.typeText(" ") })
	done := newKey(tr("keyboard.done"), wideSize, func() {
		k.activity()
		k.accents = nil
		if k.opt.OnDone != nil {
			k.opt.OnDone()
		}
	})
	done.primary = true
	rows = append(rows, row([]fyne.CanvasObject{mode, k.letterKey(",", false), space, k.letterKey(".", false), done}))
	k.box.Objects = rows
	k.box.Refresh()
}

// letterKey types s; held, a letter with accents offers them.
func (k *Keyboard) letterKey(s string, shiftable bool) *key {
	label := s
	if shiftable && k.shift {
		label = strings.ToUpper(s)
	}
	var kk *key
	if shiftable {
		kk = newKey(label, keySize, func() { k.letter(s) })
	} else {
		kk = newKey(label, keySize, func() {
			had := k.accents != nil
			k.typeText(s)
			if had { // an accent was typed: its row closes, as a letter's shift does
				k.accents, k.shift = nil, false
				k.rebuild()
			}
		})
	}
	if utf8.RuneCountInString(s) == 1 {
		if vs, ok := k.opt.Layout.Accents[s]; ok && shiftable {
			kk.onHold = func() {
				k.activity()
				k.accents = vs
				if k.shift {
					k.accents = nil
					for _, v := range vs {
						k.accents = append(k.accents, strings.ToUpper(v))
					}
				}
				k.rebuild()
			}
		}
	}
	return kk
}

// MultiLiner is a target that says whether it takes new lines (an entry
// widget extended by embedding *widget.Entry can say so).
type MultiLiner interface{ AcceptsNewLines() bool }

// multiLine reports whether t takes new lines: it offers New line.
func multiLine(t Target) bool {
	switch e := t.(type) {
	case *widget.Entry:
		return e.MultiLine
	case MultiLiner:
		return e.AcceptsNewLines()
	}
	return false
}

func row(keys []fyne.CanvasObject) fyne.CanvasObject {
	return container.NewCenter(container.New(&rowLayout{}, keys...))
}

// rowLayout places keys side by side keyGap apart, each at its MinSize.
type rowLayout struct{}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		s := o.MinSize()
		if i > 0 {
			w += keyGap
		}
		w += s.Width
		h = max(h, s.Height)
	}
	return fyne.NewSize(w, h)
}

func (rowLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		s := o.MinSize()
		o.Resize(s)
		o.Move(fyne.NewPos(x, 0))
		x += s.Width + keyGap
	}
}

// CreateRenderer shows the keys on a calm panel.
func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Sand)
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewPadded(k.box)))
}
