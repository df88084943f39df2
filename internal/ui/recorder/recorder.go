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
	"fyne.io/fyne/v2/lang"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Patient-facing copy.
const (
	MsgUnavailable = "The microphone isn't available right now — you can still draw."
	MsgLost        = "The microphone stopped. What you recorded is safe — you can keep it."
	MsgNearEnd     = "A little time left — finish whenever you like."
	MsgMaxReached  = "That's the longest a recording can be. It's all saved."
	MsgConfirm     = "Let this recording go?"
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
	level audio.Level // latest meter reading
	peaks media.Peaks // the reviewed clip's waveform (empty while recording)
	span  audio.Span
	total int

	state  state
	rec    *audio.Recorder
	edit   *audio.Edit
	player *audio.Player
	ticker *time.Ticker
	tickQ  chan struct{}

	prompt, elapsed, message *widget.Label
	record, pause            *widget.Button
	play, trim, keep, drop   *widget.Button
	yes, no                  *widget.Button
	meter                    *widget.ProgressBar
	wave                     *canvas.Raster
	handles                  *trimHandles
	reviewRow, confirmRow    *fyne.Container
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

func (r *Recorder) build() {
	r.prompt = widget.NewLabel(lang.X("studio.rec.prompt."+r.opt.Preset.Name, r.opt.Preset.Prompt))
	r.prompt.Alignment = fyne.TextAlignCenter
	r.prompt.Wrapping = fyne.TextWrapWord
	r.elapsed = widget.NewLabelWithStyle("0:00", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	r.message = widget.NewLabel("")
	r.message.Alignment = fyne.TextAlignCenter
	r.message.Wrapping = fyne.TextWrapWord

	r.record = widget.NewButtonWithIcon("", fynetheme.MediaRecordIcon(), r.locked(r.tapRecord))
	r.record.Importance = widget.DangerImportance
	r.pause = widget.NewButtonWithIcon(lang.X("studio.rec.pause", "Pause"), fynetheme.MediaPauseIcon(), r.locked(r.tapPause))
	r.meter = widget.NewProgressBar()
	r.meter.TextFormatter = func() string { return "" }
	r.wave = canvas.NewRaster(r.drawWave)
	r.handles = newTrimHandles(r)

	r.play = widget.NewButtonWithIcon(lang.X("studio.rec.listen", "Listen"), fynetheme.MediaPlayIcon(), r.locked(r.tapPlay))
	r.trim = widget.NewButtonWithIcon(lang.X("studio.rec.trim", "Trim silence"), fynetheme.ContentCutIcon(), r.locked(r.tapTrim))
	r.keep = widget.NewButtonWithIcon(lang.X("studio.rec.keep", "Keep"), fynetheme.ConfirmIcon(), r.locked(r.tapKeep))
	r.keep.Importance = widget.HighImportance
	r.drop = widget.NewButtonWithIcon(lang.X("studio.rec.discard", "Discard"), fynetheme.DeleteIcon(), r.locked(r.tapDiscard))
	r.yes = widget.NewButton(lang.X("studio.rec.discard.yes", "Yes, let it go"), r.locked(r.confirmDiscard))
	r.no = widget.NewButton(lang.X("studio.rec.discard.no", "No, go back"), r.locked(r.cancelDiscard))
	r.reviewRow = container.NewGridWithColumns(4, r.play, r.trim, r.keep, r.drop)
	r.confirmRow = container.NewGridWithColumns(2, r.no, r.yes)
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
	big := 3 * theme.MinTouchTarget
	button := container.NewCenter(container.NewGridWrap(fyne.NewSize(big, big), r.record))
	wave := container.NewGridWrap(fyne.NewSize(640, 160), container.NewStack(r.wave, r.handles))
	content := container.NewVBox(
		r.prompt,
		button,
		r.elapsed,
		container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 24), r.meter)),
		container.NewCenter(wave),
		container.NewCenter(container.NewGridWrap(fyne.NewSize(4*theme.MinTouchTarget, theme.MinTouchTarget), r.pause)),
		r.reviewRow,
		r.confirmRow,
		r.message,
	)
	return widget.NewSimpleRenderer(content)
}

// show makes the visible controls match the state. Fyne thread only.
func (r *Recorder) show() {
	vis := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	rec := r.state == stateRecording
	vis(r.record, r.state == stateIdle || rec)
	vis(r.pause, rec)
	vis(r.meter, rec)
	vis(r.reviewRow, r.state == stateReview)
	vis(r.confirmRow, r.state == stateConfirmDiscard)
	if rec {
		r.record.SetIcon(fynetheme.MediaStopIcon())
	} else {
		r.record.SetIcon(fynetheme.MediaRecordIcon())
	}
	if r.state == stateConfirmDiscard {
		r.message.SetText(lang.X("studio.rec.confirm", MsgConfirm))
	}
	r.Refresh()
}

// State names the widget's state, for tests and the kiosk's idle logic.
func (r *Recorder) State() string {
	r.ui.Lock()
	defer r.ui.Unlock()
	return [...]string{"idle", "recording", "review", "confirm-discard", "done"}[r.state]
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

// Message is the text currently shown to the patient below the controls.
func (r *Recorder) Message() string {
	r.ui.Lock()
	defer r.ui.Unlock()
	return r.message.Text
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
	r.level = audio.Level{Peak: audio.SilenceDBFS, RMS: audio.SilenceDBFS}
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
			r.level = l
			r.mu.Unlock()
		},
		OnWarning: func(time.Duration) { onUI(func() { r.message.SetText(lang.X("studio.rec.nearend", MsgNearEnd)) }) },
		OnStop:    func(error) { onUI(r.stop) },
	})
	if err := rec.Start(context.Background()); err != nil {
		r.unavailable(err)
		return
	}
	r.rec = rec
	r.state = stateRecording
	r.ticker = time.NewTicker(time.Second / audio.MeterRate)
	r.tickQ = make(chan struct{})
	go func(t *time.Ticker, quit chan struct{}) {
		for {
			select {
			case <-t.C:
				fyne.Do(func() {
					r.ui.Lock()
					defer r.ui.Unlock()
					if r.rec != rec {
						return
					}
					r.mu.Lock()
					l := r.level
					r.mu.Unlock()
					r.meter.SetValue(min(max((l.Peak+60)/60, 0), 1))
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
	r.message.SetText(lang.X("studio.rec.unavailable", MsgUnavailable))
	r.state = stateIdle
	r.show()
	if r.opt.OnUnavailable != nil {
		r.opt.OnUnavailable(err)
	}
}

// stop ends the recording and moves to review, keeping whatever was
// recorded even when the microphone failed.
func (r *Recorder) stop() {
	rec := r.rec
	r.rec = nil
	r.ticker.Stop()
	close(r.tickQ)
	clip, err := rec.Stop()
	switch {
	case errors.Is(err, audio.ErrMicrophoneLost) && len(clip.Samples) == 0:
		// Nothing ever arrived: there is nothing to review.
		r.unavailable(err)
		return
	case errors.Is(err, audio.ErrMicrophoneLost):
		r.message.SetText(lang.X("studio.rec.lost", MsgLost))
		if r.opt.OnUnavailable != nil {
			r.opt.OnUnavailable(err)
		}
	case err != nil:
		r.log.Warn("stopping the recording", "err", err)
	case rec.Elapsed() >= r.opt.Preset.MaxLength && r.opt.Preset.MaxLength > 0:
		r.message.SetText(lang.X("studio.rec.maxreached", MsgMaxReached))
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
			r.play.SetText(lang.X("studio.rec.listen", "Listen"))
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

func (r *Recorder) tapPause() {
	if r.rec == nil {
		return
	}
	if r.rec.Paused() {
		r.rec.Resume()
		r.pause.SetText(lang.X("studio.rec.pause", "Pause"))
		r.pause.SetIcon(fynetheme.MediaPauseIcon())
	} else {
		r.rec.Pause()
		r.pause.SetText(lang.X("studio.rec.continue", "Continue"))
		r.pause.SetIcon(fynetheme.MediaRecordIcon())
	}
}

func (r *Recorder) tapPlay() {
	if r.player == nil {
		return
	}
	if r.player.Playing() {
		r.player.Pause()
		r.play.SetText(lang.X("studio.rec.listen", "Listen"))
		r.play.SetIcon(fynetheme.MediaPlayIcon())
		return
	}
	if err := r.player.Play(); err != nil {
		r.log.Warn("playback unavailable", "err", err)
		r.message.SetText(lang.X("studio.rec.nospeaker", "The speaker isn't available right now — your recording is still here."))
		return
	}
	r.play.SetText(lang.X("studio.rec.pause", "Pause"))
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
		r.trim.SetText(lang.X("studio.rec.trim.undo", "Undo trim"))
	} else {
		r.trim.SetText(lang.X("studio.rec.trim", "Trim silence"))
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
		// Live: one column per meter reading, newest on the right.
		n := len(r.live)
		for x := range w {
			i := n - w + x
			if i < 0 {
				continue
			}
			column(x, -r.live[i], r.live[i], fg)
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
