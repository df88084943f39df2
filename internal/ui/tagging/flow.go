package tagging

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/keyboard"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Step is where the flow is.
type Step int

// The steps, in order.
const (
	StepFeel  Step = iota // one tap on the grid
	StepWords             // up to three words with an intensity; Done may end here
	StepStory             // title and reflection, typed or spoken
	StepDone              // OnDone has been called
)

// DefaultIntensity is a word's intensity until the patient changes it.
const DefaultIntensity = 3

// Result is what the patient said about a piece.
type Result struct {
	// Emotions is nil when the grid was skipped.
	Emotions *piece.Emotions
	Title    string
	// Reflection is the typed reflection.
	Reflection string
	// BodyMap is where the patient feels it; nil when the body step was
	// skipped or not taken.
	BodyMap *piece.BodyMap
	// VoiceNote reports that the kiosk recorded a voice note through
	// Options.RecordVoiceNote (the kiosk holds the audio and attaches it as
	// a piece.RoleVoiceNote blob).
	VoiceNote bool
}

// Apply copies the result into a manifest.
func (r Result) Apply(m *piece.Manifest) {
	m.Emotions = r.Emotions
	m.Title = r.Title
	m.Reflection = r.Reflection
	m.BodyMap = r.BodyMap
	if r.BodyMap != nil && m.Schema < 2 {
		m.Schema = 2 // the body map is a schema 2 field
	}
}

// Options configures a tagging flow.
type Options struct {
	// Music offers the music-specific words too (for music pieces).
	Music bool
	// RecordVoiceNote, when set, shows "say it out loud" on the story step.
	// Tagging calls it when tapped; the kiosk shows its recorder and calls
	// done (from any goroutine) with kept=true when a voice note was
	// recorded and kept, false when the patient changed their mind.
	RecordVoiceNote func(done func(kept bool))
	// OnDone receives the result once, after the last step is finished or
	// skipped.
	OnDone func(Result)
	// OnActivity, when set, is called on every tap and keystroke, so the
	// kiosk's idle timer knows the patient is still there.
	OnActivity func()
}

// Flow is the tagging flow shown after a piece: feel → words → story.
// The feel and story steps have Skip (skipping the grid also skips the
// words); the words step has Done, so a feeling can be the last step, and
// offers the story step without asking for it.
type Flow struct {
	widget.BaseWidget

	vocab *emotion.Vocabulary
	opts  Options

	step     Step
	emotions *piece.Emotions
	chosen   []piece.EmotionTag
	voice    bool
	bodyMap  *piece.BodyMap // the body step's answer, once Next was tapped
	body     *bodyStep      // the body step, while the flow is on it or came back

	stack *fyne.Container

	// Widgets of the current steps, exposed to tests in this package.
	grid             *Grid
	chips            []*Chip
	chosenBox        *fyne.Container
	titleEntry       *TouchEntry
	reflectionEntry  *TouchEntry
	keyboard         *keyboard.Keyboard
	typing           *fyne.Container // the keyboard's place, shown while typing
	speakRow         fyne.CanvasObject
	actionsRow       fyne.CanvasObject
	storyHeading     fyne.CanvasObject
	speakButton      *widget.Button
	voiceKept        *widget.Label
	skip, next, done *widget.Button
	bodyButton       *widget.Button // the words step's "Where I feel it"
}

// New returns a flow at its first step.
func New(v *emotion.Vocabulary, opts Options) *Flow {
	f := &Flow{vocab: v, opts: opts, stack: container.NewStack()}
	f.ExtendBaseWidget(f)
	f.show(StepFeel)
	return f
}

// Step reports the current step.
func (f *Flow) Step() Step { return f.step }

// CreateRenderer implements fyne.Widget.
func (f *Flow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(f.stack) }

// touch reports the patient's activity.
func (f *Flow) touch() {
	if f.opts.OnActivity != nil {
		f.opts.OnActivity()
	}
}

func (f *Flow) show(s Step) {
	f.touch()
	f.step = s
	var content fyne.CanvasObject
	switch s {
	case StepFeel:
		content = f.feelStep()
	case StepWords:
		content = f.wordsStep()
	case StepStory:
		content = f.storyStep()
	case StepBody:
		content = f.bodyStepContent()
		if f.step != StepBody {
			return // the outline could not be read: moved on
		}
	case StepDone:
		f.finish()
		return
	}
	f.stack.Objects = []fyne.CanvasObject{content}
	f.stack.Refresh()
}

func (f *Flow) finish() {
	res := Result{Emotions: f.emotions, VoiceNote: f.voice, BodyMap: f.bodyMap}
	if res.Emotions != nil && len(f.chosen) > 0 {
		res.Emotions.Words = append([]piece.EmotionTag(nil), f.chosen...)
	}
	if f.titleEntry != nil {
		res.Title = limit(strings.TrimSpace(f.titleEntry.Text), piece.MaxTitle)
		res.Reflection = limit(strings.TrimSpace(f.reflectionEntry.Text), piece.MaxReflection)
	}
	if f.opts.OnDone != nil {
		f.opts.OnDone(res)
	}
}

func (f *Flow) feelStep() fyne.CanvasObject {
	f.grid = NewGrid(f.vocab, func(q emotion.Quadrant, x, y float64) {
		f.emotions = &piece.Emotions{Quadrant: string(q), X: x, Y: y}
		f.chosen = nil
		f.show(StepWords)
	})
	f.skip = widget.NewButton(lang.L(keySkip), func() {
		f.emotions, f.chosen = nil, nil
		f.show(StepStory)
	})
	axis := func(key string) *canvas.Text {
		t := canvas.NewText(lang.L(key), theme.Ink)
		t.TextSize = 22
		t.Alignment = fyne.TextAlignCenter
		return t
	}
	side := func(key string) fyne.CanvasObject {
		return container.NewCenter(container.NewPadded(axis(key)))
	}
	body := container.NewBorder(axis(keyAxisHigh), axis(keyAxisLow), side(keyAxisUnpleasant), side(keyAxisPleasant), f.grid)
	return screen(lang.L(keyFeelTitle), lang.L(keyFeelHint), body, actions(f.skip, nil))
}

func (f *Flow) wordsStep() fyne.CanvasObject {
	region, _ := f.vocab.Region(emotion.Quadrant(f.emotions.Quadrant))
	f.chips = nil
	for _, w := range region.WordsFor(f.opts.Music) {
		f.chips = append(f.chips, NewChip(w, f.toggle))
	}
	chipObjs := make([]fyne.CanvasObject, len(f.chips))
	for i, c := range f.chips {
		chipObjs[i] = c
	}
	chipGrid := container.NewGridWrap(fyne.NewSize(236, theme.MinTouchTarget+12), chipObjs...)
	f.chosenBox = container.NewVBox()
	panel := container.NewBorder(hint(lang.L(keyWordsChosen)), nil, nil, nil, f.chosenBox)
	panelBg := canvas.NewRectangle(theme.Sand)
	panelBg.CornerRadius = 18
	right := atLeast(container.NewStack(panelBg, container.NewPadded(panel)), fyne.NewSize(520, 0))
	// The feeling can be the last step: Done finishes here, with or
	// without words; a name and a note are offered, never asked for.
	f.skip = nil
	f.next = widget.NewButton(lang.L(keyWordsMore), func() { f.show(StepStory) })
	f.done = widget.NewButton(lang.L(keyDone), func() { f.show(StepDone) })
	f.done.Importance = widget.HighImportance
	body := container.NewBorder(nil, nil, nil, right, container.NewVScroll(chipGrid))
	// Where in the body: offered beside the way on, never asked for.
	f.bodyButton = widget.NewButton(lang.L(keyWordsBody), func() { f.show(StepBody) })
	bar := container.NewStack(actions(f.next, f.done), container.NewCenter(atLeast(f.bodyButton, fyne.NewSize(240, theme.MinTouchTarget+8))))
	return screen(lang.L(keyWordsTitle), lang.L(keyWordsHint), body, bar)
}

// toggle adds or removes a word; a fourth word is quietly not added.
func (f *Flow) toggle(c *Chip) {
	f.touch()
	if c.Selected {
		for i, t := range f.chosen {
			if t.Word == c.Word.Word {
				f.chosen = append(f.chosen[:i], f.chosen[i+1:]...)
				break
			}
		}
		c.Selected = false
	} else {
		if len(f.chosen) >= emotion.MaxChosenWords {
			return
		}
		f.chosen = append(f.chosen, piece.EmotionTag{Word: c.Word.Word, Intensity: DefaultIntensity})
		c.Selected = true
	}
	c.Refresh()
	f.refreshChosen()
}

func (f *Flow) refreshChosen() {
	f.chosenBox.Objects = nil
	for i, t := range f.chosen {
		w, _, _ := f.vocab.Lookup(t.Word)
		label := NewChip(w, nil)
		dots := NewDots(t.Intensity, func(v int) { f.chosen[i].Intensity = v; f.touch() })
		f.chosenBox.Add(container.NewBorder(nil, nil, nil, dots, label))
	}
	f.chosenBox.Refresh()
}

func (f *Flow) storyStep() fyne.CanvasObject {
	f.titleEntry = newTouchEntry(false, f.startTyping)
	f.titleEntry.SetPlaceHolder(lang.L(keyStoryNameHint))
	f.reflectionEntry = newTouchEntry(true, f.startTyping)
	f.reflectionEntry.Wrapping = fyne.TextWrapWord
	f.reflectionEntry.SetMinRowsVisible(3)
	f.reflectionEntry.SetPlaceHolder(lang.L(keyStoryReflectHint))
	f.titleEntry.OnChanged = func(string) { f.touch() }
	f.reflectionEntry.OnChanged = func(string) { f.touch() }
	f.voiceKept = hint(lang.L(keyStoryVoiceKept))
	f.voiceKept.Wrapping = fyne.TextWrapOff // one line beside its button
	f.voiceKept.Hidden = !f.voice
	form := container.NewVBox(
		widget.NewLabel(lang.L(keyStoryName)),
		atLeast(f.titleEntry, fyne.NewSize(0, theme.MinTouchTarget)),
		widget.NewLabel(lang.L(keyStoryReflection)),
		f.reflectionEntry,
	)
	if f.opts.RecordVoiceNote != nil {
		f.speakButton = widget.NewButton(lang.L(keyStorySpeak), f.recordVoice)
		// The note's confirmation sits beside its button: the step fits
		// the kiosk's 1280×660 content area.
		f.speakRow = container.NewCenter(container.NewHBox(atLeast(f.speakButton, fyne.NewSize(420, theme.MinTouchTarget+8)), f.voiceKept))
		form.Add(f.speakRow)
	}
	f.skip = widget.NewButton(lang.L(keySkip), func() {
		f.titleEntry.SetText("")
		f.reflectionEntry.SetText("")
		f.show(StepDone)
	})
	f.done = widget.NewButton(lang.L(keyDone), func() { f.show(StepDone) })
	f.done.Importance = widget.HighImportance
	// A touch screen has no keyboard: a field tapped opens one in place of
	// the step's buttons; its Done closes it.
	f.keyboard = keyboard.New(keyboard.Options{OnKey: f.touch, OnDone: f.stopTyping})
	f.typing = container.NewStack(f.keyboard)
	f.typing.Hide()
	f.actionsRow = actions(f.skip, f.done)
	body := container.NewCenter(atLeast(form, fyne.NewSize(900, 0)))
	f.storyHeading = heading(lang.L(keyStoryTitle))
	return container.NewPadded(container.NewBorder(f.storyHeading, container.NewStack(f.actionsRow, f.typing), nil, nil, body))
}

// startTyping shows the keyboard, typing into e.
func (f *Flow) startTyping(e *TouchEntry) {
	f.touch()
	if f.keyboard.Target() != keyboard.Target(e) {
		f.keyboard.SetTarget(e)
	}
	if f.typing.Visible() {
		return
	}
	f.typing.Show()
	f.actionsRow.Hide()
	f.storyHeading.Hide() // room for the keys
	f.reflectionEntry.SetMinRowsVisible(2)
	if f.speakRow != nil {
		f.speakRow.Hide()
	}
	f.stack.Refresh()
}

// stopTyping puts the keyboard away and brings the step's buttons back.
func (f *Flow) stopTyping() {
	f.keyboard.SetTarget(nil)
	f.typing.Hide()
	f.actionsRow.Show()
	f.storyHeading.Show()
	f.reflectionEntry.SetMinRowsVisible(3)
	if f.speakRow != nil {
		f.speakRow.Show()
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.stack); c != nil {
		c.Unfocus()
	}
	f.stack.Refresh()
}

// Keyboard is the story step's on-screen keyboard (tests), or nil before
// that step.
func (f *Flow) Keyboard() *keyboard.Keyboard { return f.keyboard }

// Typing reports whether the on-screen keyboard is shown.
func (f *Flow) Typing() bool { return f.typing != nil && f.typing.Visible() }

// TitleEntry is the story step's title field (tests).
func (f *Flow) TitleEntry() *TouchEntry { return f.titleEntry }

// ReflectionEntry is the story step's reflection field (tests).
func (f *Flow) ReflectionEntry() *TouchEntry { return f.reflectionEntry }

// TouchEntry is a text field that opens the on-screen keyboard when it is
// tapped; a physical keyboard types into it as into any entry.
type TouchEntry struct {
	widget.Entry
	onTap func(*TouchEntry)
}

func newTouchEntry(multiLine bool, onTap func(*TouchEntry)) *TouchEntry {
	e := &TouchEntry{onTap: onTap}
	e.MultiLine = multiLine
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsNewLines tells the keyboard whether to offer New line.
func (e *TouchEntry) AcceptsNewLines() bool { return e.MultiLine }

// Tapped takes the focus and opens the keyboard. The keyboard opens on
// the tap, after the finger is lifted, not when the field gains the focus
// on the press: the step's layout changes as it opens, and a release that
// lands on whatever moved under the finger would take the focus away again
// (the real driver unfocuses on a tap of anything that cannot be focused).
// Tab from a physical keyboard focuses the field without opening it.
func (e *TouchEntry) Tapped(ev *fyne.PointEvent) {
	e.Entry.Tapped(ev)
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.Focused() != e {
		c.Focus(e)
	}
	e.onTap(e)
}

func (f *Flow) recordVoice() {
	f.opts.RecordVoiceNote(func(kept bool) {
		fyne.Do(func() {
			if kept {
				f.voice = true
			}
			f.voiceKept.Hidden = !f.voice
			f.stack.Refresh()
		})
	})
}

// limit keeps at most n runes of s, so a very long text still fits the
// manifest rather than being lost.
func limit(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
