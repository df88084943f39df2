package recorder

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"math"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Patient-facing copy (English; see text.go for the translation keys).
const (
	MsgUnavailable     = "The microphone isn't available right now."
	MsgUnavailableNext = "You can tap Back to draw instead, or try again in a moment."
	MsgLost            = "The microphone stopped. What you recorded is safe — you can keep it."
	MsgNearEnd         = "A little time left — finish whenever you like."
	MsgMaxReached      = "That's the longest a recording can be. It's all saved."
	MsgConfirm         = "Let this recording go?"
)

// Options configure the widget.
type Options struct {
	Preset audio.Preset
	Device string            // "" is the default microphone
	Sink   audio.SegmentSink // the spool draft; may be nil
	Logger *slog.Logger
	// OnKeep receives the trimmed (and, per preset, normalised) recording.
	OnKeep func(audio.Clip)
	// OnDiscard runs when the patient let the recording go.
	OnDiscard func()
	// OnUnavailable runs when sound cannot be used; err wraps one of the
	// audio package's typed errors. The kiosk may offer drawing instead.
	OnUnavailable func(err error)
}

type state int

const (
	stateIdle state = iota
	stateRecording
	stateReview
	stateConfirmDiscard
	stateDone
	stateUnavailable
)

// Recorder is the recorder widget.
type Recorder struct {
	widget.BaseWidget
	opt Options
	log *slog.Logger

	// ui serialises state changes: Fyne runs them on its thread, but the
	// test driver runs fyne.Do callbacks on the calling goroutine.
	ui sync.Mutex

	mu    sync.Mutex  // guards what the audio goroutine and the raster share:
	live  []float64   // linear peak per meter reading while recording
	peaks media.Peaks // the reviewed clip's waveform (empty while recording)
	span  audio.Span
	total int

	state  state
	paused bool // while recording
	rec    *audio.Recorder
	edit   *audio.Edit
	player *audio.Player
	ticker *time.Ticker
	tickQ  chan struct{}

	prompt, hint, elapsed, message *widget.Label
	record, pause                  *roundButton
	recordLabel, pauseLabel        *widget.Label
	play, trim, keep, drop         *widget.Button
	yes, no, retry                 *widget.Button
	wave                           *canvas.Raster
	handles                        *trimHandles
	sorry, sorryNext               *widget.Label
	floor                          *canvas.Rectangle // behind the waveform
	content                        *fyne.Container
}

// New builds the widget in its idle state.
func New(o Options) *Recorder {
	if o.Preset.Name == "" {
		o.Preset = audio.Voice
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	r := &Recorder{opt: o, log: log.With("component", "ui.recorder")}
	r.ExtendBaseWidget(r)
	r.build()
	r.show()
	return r
}

// Sizes, in Fyne units, chosen so that every state fits the kiosk's studio
// area at 1280×800 (about 1240×620 once the kiosk's bars are drawn).
const (
	recordDiameter float32 = 168 // the main record/stop button
	pauseDiameter  float32 = 112 // pause/continue beside it
	waveMinHeight  float32 = 96  // the waveform grows into whatever is left
	buttonHeight   float32 = 72  // the review's buttons
	buttonWidth    float32 = 220
	liveBar                = 4 // pixels per meter reading in the live waveform
)

func (r *Recorder) build() {
	r.prompt = widget.NewLabelWithStyle(tr("studio.rec.prompt."+r.opt.Preset.Name), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.hint = widget.NewLabel("")
	r.message = widget.NewLabel("")
	r.elapsed = widget.NewLabelWithStyle("0:00", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	r.elapsed.SizeName = fynetheme.SizeNameSubHeadingText

	r.record = newRoundButton(recordDiameter, glyphRecord, true, r.locked(r.tapRecord))
	r.recordLabel = widget.NewLabelWithStyle(tr("studio.rec.record"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.pause = newRoundButton(pauseDiameter, glyphPause, false, r.locked(r.tapPause))
	r.pauseLabel = widget.NewLabelWithStyle(tr("studio.rec.pause"), fyne.TextAlignCenter, fyne.TextStyle{})
	r.wave = canvas.NewRaster(r.drawWave)
	r.handles = newTrimHandles(r)

	r.play = widget.NewButtonWithIcon(tr("studio.rec.listen"), fynetheme.MediaPlayIcon(), r.locked(r.tapPlay))
	r.trim = widget.NewButtonWithIcon(tr("studio.rec.trim"), fynetheme.ContentCutIcon(), r.locked(r.tapTrim))
	r.keep = widget.NewButtonWithIcon(tr("studio.rec.keep"), fynetheme.ConfirmIcon(), r.locked(r.tapKeep))
	r.keep.Importance = widget.HighImportance
	r.drop = widget.NewButtonWithIcon(tr("studio.rec.discard"), fynetheme.DeleteIcon(), r.locked(r.tapDiscard))
	r.yes = widget.NewButton(tr("studio.rec.discard.yes"), r.locked(r.confirmDiscard))
	r.no = widget.NewButton(tr("studio.rec.discard.no"), r.locked(r.cancelDiscard))
	r.no.Importance = widget.HighImportance
	r.retry = widget.NewButtonWithIcon(tr("studio.rec.retry"), fynetheme.MediaRecordIcon(), r.locked(r.tapRetry))
	r.sorry = widget.NewLabelWithStyle(tr("studio.rec.unavailable"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	r.sorry.SizeName = fynetheme.SizeNameSubHeadingText
	r.sorryNext = widget.NewLabel(tr("studio.rec.unavailable.next"))
	r.floor = canvas.NewRectangle(color.Transparent)
	r.floor.SetMinSize(fyne.NewSize(2*recordDiameter, waveMinHeight))
	r.content = container.NewStack()
}

// locked wraps a tap handler so it runs under the ui lock.
func (r *Recorder) locked(f func()) func() {
	return func() {
		r.ui.Lock()
		defer r.ui.Unlock()
		f()
	}
}

// CreateRenderer implements fyne.Widget.
func (r *Recorder) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// touch sizes a button for a finger.
func touch(b fyne.CanvasObject, w float32) fyne.CanvasObject {
	return theme.Touch(b, fyne.NewSize(w, buttonHeight))
}

// labelled puts a caption under a round button.
func labelled(b *roundButton, l *widget.Label) fyne.CanvasObject {
	return container.NewVBox(container.NewCenter(b), l)
}

// screen is what the patient sees in the current state. Every state is
// a column that fits 1240×620; only the waveform grows with more room.
func (r *Recorder) screen() fyne.CanvasObject {
	vbox := container.NewVBox
	centreAll := func(objs ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewCenter(vbox(objs...))
	}
	switch r.state {
	case stateIdle:
		return centreAll(wrapped(r.prompt), wrapped(r.hint), labelled(r.record, r.recordLabel))
	case stateRecording:
		// Pause on the left, the big stop in the middle, balanced on the
		// right by the elapsed time, so the stop stays in the centre.
		cell := func(o fyne.CanvasObject) fyne.CanvasObject {
			room := canvas.NewRectangle(color.Transparent)
			room.SetMinSize(fyne.NewSize(recordDiameter+2*buttonHeight, 0))
			return container.NewStack(room, container.NewCenter(o))
		}
		controls := container.NewGridWithColumns(3,
			cell(labelled(r.pause, r.pauseLabel)), cell(labelled(r.record, r.recordLabel)), cell(r.elapsed))
		top := vbox(wrapped(r.hint), container.NewCenter(controls))
		return container.NewBorder(top, wrapped(r.message), nil, nil, r.waveArea(false))
	case stateReview:
		buttons := container.NewHBox(touch(r.play, buttonWidth), touch(r.trim, buttonWidth+40), touch(r.drop, buttonWidth), touch(r.keep, buttonWidth))
		top := vbox(wrapped(r.hint), r.elapsed)
		bottom := vbox(wrapped(r.message), container.NewCenter(buttons))
		return container.NewBorder(top, bottom, nil, nil, r.waveArea(true))
	case stateConfirmDiscard:
		buttons := container.NewHBox(touch(r.no, buttonWidth+60), touch(r.yes, buttonWidth+60))
		return centreAll(wrapped(r.message), container.NewCenter(buttons))
	case stateUnavailable:
		return centreAll(wrapped(r.sorry), wrapped(r.sorryNext), container.NewCenter(touch(r.retry, buttonWidth+60)))
	}
	return container.NewStack() // done: the kiosk moves on
}

// waveArea is the waveform (with the trim handles in review), at least
// waveMinHeight high and as wide as the studio.
func (r *Recorder) waveArea(handles bool) fyne.CanvasObject {
	if handles {
		r.handles.Show()
	} else {
		r.handles.Hide()
	}
	return container.NewStack(r.floor, r.wave, r.handles)
}

// Refresh implements fyne.Widget: the waveform's card follows the theme.
func (r *Recorder) Refresh() {
	r.floor.FillColor = r.themeColor(fynetheme.ColorNameHeaderBackground)
	r.floor.CornerRadius = r.Theme().Size(fynetheme.SizeNameInputRadius)
	r.floor.Refresh()
	r.BaseWidget.Refresh()
}

// themeColor is the current theme's colour n.
func (r *Recorder) themeColor(n fyne.ThemeColorName) color.Color {
	return r.Theme().Color(n, fyne.CurrentApp().Settings().ThemeVariant())
}

// hintFor is the instruction that is true in the current state: it names
// only controls that are on the screen and do what it says.
func (r *Recorder) hintFor() string {
	switch r.state {
	case stateIdle:
		return tr("studio.rec.hint.idle")
	case stateRecording:
		if r.paused {
			return tr("studio.rec.hint.paused")
		}
		return tr("studio.rec.hint.recording")
	case stateReview:
		return tr("studio.rec.hint.review")
	}
	return ""
}

// show makes the screen match the state. Fyne thread only.
func (r *Recorder) show() {
	r.hint.SetText(r.hintFor())
	if r.state == stateRecording {
		r.record.SetGlyph(glyphStop)
		r.recordLabel.SetText(tr("studio.rec.stop"))
	} else {
		r.record.SetGlyph(glyphRecord)
		r.recordLabel.SetText(tr("studio.rec.record"))
	}
	if r.paused {
		r.pause.SetGlyph(glyphRecord)
		r.pauseLabel.SetText(tr("studio.rec.continue"))
	} else {
		r.pause.SetGlyph(glyphPause)
		r.pauseLabel.SetText(tr("studio.rec.pause"))
	}
	if r.state == stateConfirmDiscard {
		r.message.SetText(tr("studio.rec.confirm"))
	}
	r.content.Objects = []fyne.CanvasObject{r.screen()}
	r.content.Refresh()
	r.Refresh()
}

// Preset is the preset the recorder records with (its MaxLength included).
func (r *Recorder) Preset() audio.Preset { return r.opt.Preset }

// State names the widget's state, for tests and the kiosk's idle logic.
func (r *Recorder) State() string {
	r.ui.Lock()
	defer r.ui.Unlock()
	if r.state == stateRecording && r.paused {
		return "paused"
	}
	return [...]string{"idle", "recording", "review", "confirm-discard", "done", "unavailable"}[r.state]
}

// Recorded is how much sound the running recording holds (zero when none
// is running).
func (r *Recorder) Recorded() time.Duration {
	r.ui.Lock()
	defer r.ui.Unlock()
	if r.rec == nil {
		return 0
	}
	return r.rec.Elapsed()
}

// Message is the message currently shown to the patient, if any.
func (r *Recorder) Message() string {
	r.ui.Lock()
	defer r.ui.Unlock()
	if r.state == stateUnavailable {
		return r.sorry.Text
	}
	return r.message.Text
}

// Hint is the instruction currently shown to the patient.
func (r *Recorder) Hint() string {
	r.ui.Lock()
	defer r.ui.Unlock()
	return r.hint.Text
}

func (r *Recorder) tapRetry() {
	if r.state == stateUnavailable {
		r.start()
	}
}

func (r *Recorder) tapRecord() {
	switch r.state {
	case stateIdle:
		r.start()
	case stateRecording:
		r.stop()
	}
}

func (r *Recorder) start() {
	r.mu.Lock()
	r.live, r.peaks, r.total = nil, media.Peaks{}, 0
	r.mu.Unlock()
	r.message.SetText("")
	var rec *audio.Recorder
	onUI := func(f func()) { // from the recorder's goroutines, never blocking them
		go fyne.Do(func() {
			r.ui.Lock()
			defer r.ui.Unlock()
			if r.rec == rec && r.state == stateRecording {
				f()
			}
		})
	}
	rec = audio.NewRecorder(audio.RecorderOptions{
		Preset: r.opt.Preset, Device: r.opt.Device, Sink: r.opt.Sink, Logger: r.opt.Logger,
		OnLevel: func(l audio.Level) {
			r.mu.Lock()
			r.live = append(r.live, dbToLinear(l.Peak))
			r.mu.Unlock()
		},
		OnWarning: func(time.Duration) { onUI(func() { r.message.SetText(tr("studio.rec.nearend")); r.content.Refresh() }) },
		OnStop:    func(error) { onUI(r.stop) },
	})
	if err := rec.Start(context.Background()); err != nil {
		r.unavailable(err)
		return
	}
	r.rec = rec
	r.state, r.paused = stateRecording, false
	r.ticker = time.NewTicker(time.Second / audio.MeterRate)
	r.tickQ = make(chan struct{})
	go func(t *time.Ticker, quit chan struct{}) {
		for {
			select {
			case <-t.C:
				fyne.Do(func() {
					r.ui.Lock()
					defer r.ui.Unlock()
					if r.rec != rec || r.paused { // paused: nothing moves
						return
					}
					r.elapsed.SetText(formatElapsed(rec.Elapsed()))
					r.wave.Refresh()
				})
			case <-quit:
				return
			}
		}
	}(r.ticker, r.tickQ)
	r.show()
}

// unavailable shows the calm message; staff find the cause in the log.
func (r *Recorder) unavailable(err error) {
	r.log.Warn("recording unavailable", "err", err)
	r.message.SetText("")
	r.state, r.paused = stateUnavailable, false
	r.show()
	if r.opt.OnUnavailable != nil {
		r.opt.OnUnavailable(err)
	}
}

// stop ends the recording and moves to review, keeping whatever was
// recorded even when the microphone failed.
func (r *Recorder) stop() {
	rec := r.rec
	r.rec, r.paused = nil, false
	r.ticker.Stop()
	close(r.tickQ)
	clip, err := rec.Stop()
	switch {
	case errors.Is(err, audio.ErrMicrophoneLost) && len(clip.Samples) == 0:
		// Nothing ever arrived: there is nothing to review.
		r.unavailable(err)
		return
	case errors.Is(err, audio.ErrMicrophoneLost):
		r.message.SetText(tr("studio.rec.lost"))
		if r.opt.OnUnavailable != nil {
			r.opt.OnUnavailable(err)
		}
	case err != nil:
		r.log.Warn("stopping the recording", "err", err)
	case rec.Elapsed() >= r.opt.Preset.MaxLength && r.opt.Preset.MaxLength > 0:
		r.message.SetText(tr("studio.rec.maxreached"))
	default:
		r.message.SetText("")
	}
	r.loadClip(clip)
}

// LoadClip shows a finished recording for review, e.g. one rebuilt from a
// draft's segments after a restart (audio.Rebuild).
func (r *Recorder) LoadClip(c audio.Clip) {
	r.ui.Lock()
	defer r.ui.Unlock()
	r.loadClip(c)
}

func (r *Recorder) loadClip(c audio.Clip) {
	if len(c.Samples) == 0 {
		r.state = stateIdle
		r.elapsed.SetText("0:00")
		r.show()
		return
	}
	r.edit = audio.NewEdit(c)
	r.player = audio.NewPlayer(c, audio.PlayerOptions{Device: "", Logger: r.opt.Logger, OnFinished: func() {
		fyne.Do(func() {
			r.ui.Lock()
			defer r.ui.Unlock()
			r.play.SetText(tr("studio.rec.listen"))
			r.play.SetIcon(fynetheme.MediaPlayIcon())
		})
	}})
	r.mu.Lock()
	r.peaks = media.ComputePeaks(c.Samples, audio.SampleRate, media.WaveformWidth)
	r.total = len(c.Samples)
	r.span = r.edit.Span()
	r.mu.Unlock()
	r.state = stateReview
	r.trimmed()
	r.show()
}

// ToggleRecord starts a recording, or stops the one under way, as the big
// round button does.
func (r *Recorder) ToggleRecord() { r.locked(r.tapRecord)() }

// TogglePause pauses a recording, or continues a paused one, as the pause
// button does; it does nothing when nothing is being recorded.
func (r *Recorder) TogglePause() { r.locked(r.tapPause)() }

func (r *Recorder) tapPause() {
	if r.rec == nil {
		return
	}
	if r.paused {
		r.rec.Resume()
	} else {
		r.rec.Pause()
	}
	r.paused = !r.paused
	r.show()
}

func (r *Recorder) tapPlay() {
	if r.player == nil {
		return
	}
	if r.player.Playing() {
		r.player.Pause()
		r.play.SetText(tr("studio.rec.listen"))
		r.play.SetIcon(fynetheme.MediaPlayIcon())
		return
	}
	if err := r.player.Play(); err != nil {
		r.log.Warn("playback unavailable", "err", err)
		r.message.SetText(tr("studio.rec.nospeaker"))
		r.content.Refresh()
		return
	}
	r.play.SetText(tr("studio.rec.pause"))
	r.play.SetIcon(fynetheme.MediaPauseIcon())
}

// tapTrim applies the silence suggestion, or undoes the last trim (the
// suggestion or a drag of the handles).
func (r *Recorder) tapTrim() {
	if r.edit == nil {
		return
	}
	if r.edit.CanUndo() {
		r.edit.Undo()
	} else {
		r.edit.ApplySuggestion(r.opt.Preset)
	}
	r.trimmed()
}

// trimmed shows the edit's current span: waveform, handles, length and
// what the trim button will do next.
func (r *Recorder) trimmed() {
	s := r.edit.Span()
	r.mu.Lock()
	r.span = s
	r.mu.Unlock()
	r.player.PlayOnly(samplesDur(s.Start), samplesDur(s.End))
	if r.edit.CanUndo() {
		r.trim.SetText(tr("studio.rec.trim.undo"))
	} else {
		r.trim.SetText(tr("studio.rec.trim"))
	}
	r.elapsed.SetText(formatElapsed(samplesDur(s.Len())))
	r.wave.Refresh()
	r.handles.Refresh()
}

// Edit is the current trim of the recording under review (nil before one).
func (r *Recorder) Edit() *audio.Edit {
	r.ui.Lock()
	defer r.ui.Unlock()
	return r.edit
}

func (r *Recorder) tapKeep() {
	if r.state != stateReview {
		return
	}
	r.player.Close()
	clip := r.edit.Result(r.opt.Preset.Normalise, audio.NormaliseDBFS)
	r.state = stateDone
	r.message.SetText("")
	r.show()
	if r.opt.OnKeep != nil {
		r.opt.OnKeep(clip)
	}
}

func (r *Recorder) tapDiscard() {
	if r.state == stateReview {
		r.player.Pause()
		r.state = stateConfirmDiscard
		r.show()
	}
}

func (r *Recorder) cancelDiscard() {
	r.state = stateReview
	r.message.SetText("")
	r.show()
}

func (r *Recorder) confirmDiscard() {
	r.player.Close()
	r.edit, r.player = nil, nil
	r.state = stateIdle
	r.message.SetText("")
	r.elapsed.SetText("0:00")
	r.mu.Lock()
	r.live, r.peaks, r.total = nil, media.Peaks{}, 0
	r.mu.Unlock()
	r.show()
	if r.opt.OnDiscard != nil {
		r.opt.OnDiscard()
	}
}

// Close stops any recording or playback (e.g. at the kiosk's idle reset) and
// returns what was recorded and not yet kept, so it can become a draft.
func (r *Recorder) Close() audio.Clip {
	r.ui.Lock()
	defer r.ui.Unlock()
	var clip audio.Clip
	if r.rec != nil {
		rec := r.rec
		r.rec = nil
		r.ticker.Stop()
		close(r.tickQ)
		clip, _ = rec.Stop()
	} else if r.edit != nil && r.state != stateDone {
		clip = r.edit.Original()
	}
	if r.player != nil {
		r.player.Close()
	}
	return clip
}

// drawWave paints the live or reviewed waveform; kept span highlighted.
func (r *Recorder) drawWave(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := toRGBA(th.Color(fynetheme.ColorNamePrimary, v))
	dim := toRGBA(th.Color(fynetheme.ColorNameDisabled, v))
	r.mu.Lock()
	defer r.mu.Unlock()
	mid := h / 2
	column := func(x int, lo, hi float64, c color.RGBA) {
		top := mid - int(hi*float64(mid))
		bot := mid - int(lo*float64(mid))
		for y := max(top, 0); y <= min(bot, h-1); y++ {
			img.SetRGBA(x, y, c)
		}
	}
	if len(r.peaks.Min) == 0 {
		// Live: a bar per meter reading, newest on the right; about ten
		// seconds fit the studio's width at 1280 px.
		n, bars := len(r.live), max(w/liveBar, 1)
		for b := range bars {
			i := n - bars + b
			if i < 0 {
				continue
			}
			for x := b * liveBar; x < (b+1)*liveBar-1 && x < w; x++ {
				column(x, -r.live[i], r.live[i], fg)
			}
		}
		return img
	}
	cols := len(r.peaks.Min)
	for x := range w {
		c := x * cols / w
		at := c * r.total / cols
		col := fg
		if at < r.span.Start || at >= r.span.End {
			col = dim
		}
		column(x, float64(r.peaks.Min[c])/32768, float64(r.peaks.Max[c])/32768, col)
	}
	return img
}

func toRGBA(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func dbToLinear(db float64) float64 {
	if db <= audio.SilenceDBFS {
		return 0
	}
	return min(math.Pow(10, db/20), 1)
}

func samplesDur(n int) time.Duration {
	return time.Duration(int64(n) * int64(time.Second) / audio.SampleRate)
}

func formatElapsed(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
