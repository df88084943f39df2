package galleryui

import (
	"context"
	"errors"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/padview"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// soundPlayer is the viewer's audio player: play/pause, a waveform that
// seeks where it is tapped, elapsed/total. The recording is decoded off the
// UI goroutine; the device is opened, paused and closed by one goroutine
// per recording (playerCtl), in the order asked, so that a close always
// comes after a play asked before it.
type soundPlayer struct {
	v     *viewer
	play  *widget.Button
	wave  *waveView
	clock *widget.Label
	bar   fyne.CanvasObject

	rec      *gallery.Recording // nil until decoded, and after drop
	perf     *synth.Performance // a pad piece's performance; nil for a recording
	pads     *padview.Grid      // the pads, lit in time with the sound
	piece    index.Piece        // whose recording rec is
	audited  bool               // its playing is in the audit log
	ctl      *playerCtl
	playing  bool               // as far as the UI knows
	answered int                // the viewer's seq whose recording look-up has answered
	ticking  context.CancelFunc // the clock's ticker while playing
}

// soundTick is how often a playing recording's clock and cursor move;
// padTick, how often a pad piece's pads are lit afresh (a quick tap lasts
// a few tens of milliseconds).
const (
	soundTick = 100 * time.Millisecond
	padTick   = 25 * time.Millisecond
)

func newSoundPlayer(v *viewer) *soundPlayer {
	sp := &soundPlayer{v: v}
	sp.play = widget.NewButton(tr("gallery.player.play"), sp.toggle)
	sp.wave = newWaveView(sp.seekFraction)
	sp.clock = widget.NewLabel("")
	sp.pads = padview.NewGrid(nil, nil) // shows only
	sp.pads.PadSize = fyne.NewSize(56, 34)
	sp.pads.Hide()
	sp.bar = container.NewBorder(container.NewCenter(sp.pads), nil, sp.play, clockBox(sp.clock), sp.wave)
	sp.bar.Hide()
	return sp
}

// load reads and decodes p's recording off the UI goroutine and shows the
// player; a recording that cannot be read or decoded is said to be so and
// never played. A drawing's voice note (note set) is looked for quietly: a
// drawing without one shows no player, and one that cannot be played says
// so in the player's bar, leaving the drawing's stage alone.
func (sp *soundPlayer) load(p index.Piece, seq int, note bool) {
	v := sp.v
	if !note {
		v.note.Text = tr("gallery.player.loading")
	}
	s := v.b.u.s
	go func() {
		rec, err := s.Recording(p)
		var peaks media.Peaks
		var perf *synth.Performance
		if err == nil {
			peaks = media.ComputePeaks(rec.Clip.Samples, audio.SampleRate, waveColumns)
			if p.Kind == piece.Music && !note {
				// Played on the pads: the pads light as it sounds. A log
				// that cannot be read leaves the sound, without pads.
				var perr error
				if perf, perr = s.Performance(p); perr != nil && !errors.Is(perr, gallery.ErrNoPerformance) {
					v.b.u.log.Warn("gallery: pad performance not shown", "piece", p.ID, "err", perr)
				}
			}
		}
		v.b.u.do(func() {
			if v.b.dropped || v.b.viewer != v || seq != v.seq {
				return
			}
			sp.answered = seq
			if err != nil {
				if note && (errors.Is(err, gallery.ErrNoRecording) || errors.Is(err, gallery.ErrLocked)) {
					return
				}
				if !errors.Is(err, gallery.ErrLocked) {
					v.b.u.log.Warn("gallery: recording not played", "piece", p.ID, "err", err)
				}
				if note {
					sp.play.Disable()
					sp.clock.SetText(tr("gallery.player.cannot"))
					sp.bar.Show()
					v.content.Refresh()
					return
				}
				v.note.Text = tr("gallery.player.cannot")
				v.note.Refresh()
				return
			}
			if !note {
				v.note.Text = ""
				v.note.Refresh()
			}
			sp.play.Enable()
			sp.rec, sp.piece, sp.audited, sp.perf = rec, p, false, perf
			sp.pads.Hidden = perf == nil
			ctl := newPlayerCtl()
			ctl.p = audio.NewPlayer(rec.Clip, audio.PlayerOptions{Logger: v.b.u.log, OnFinished: func() {
				v.b.u.do(func() {
					if sp.ctl == ctl {
						sp.stopped()
					}
				})
			}})
			sp.ctl = ctl
			sp.wave.set(peaks)
			sp.showClock()
			sp.bar.Show()
			v.content.Refresh()
			v.b.u.log.Info("recording shown", "piece", p.ID, "seconds", int(rec.Duration().Seconds()))
		})
	}()
}

// toggle plays or pauses.
func (sp *soundPlayer) toggle() {
	sp.v.b.u.s.Touch()
	ctl := sp.ctl
	if ctl == nil {
		return
	}
	sp.v.note.Text = ""
	sp.v.note.Refresh()
	if sp.playing {
		ctl.run(ctl.p.Pause)
		sp.stopped()
		return
	}
	sp.playing = true
	sp.play.SetText(tr("gallery.player.pause"))
	sp.startTicker()
	u := sp.v.b.u
	audit := !sp.audited
	sp.audited = true
	p := sp.piece
	ctl.run(func() {
		why := ""
		if audit && u.s.Played(p) != nil { // in the audit log before a sound is heard
			why = "gallery.player.cannot" // the log says why
		} else if ctl.p.Play() != nil {
			why = "gallery.player.nospeaker"
		}
		if why != "" {
			u.do(func() {
				if sp.ctl == ctl {
					sp.stopped()
					sp.v.note.Text = tr(why)
					sp.v.note.Refresh()
				}
			})
		}
	})
}

// stopped shows the player paused.
func (sp *soundPlayer) stopped() {
	sp.playing = false
	sp.play.SetText(tr("gallery.player.play"))
	if sp.ticking != nil {
		sp.ticking()
		sp.ticking = nil
	}
	sp.showClock()
}

func (sp *soundPlayer) startTicker() {
	if sp.ticking != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	sp.ticking = cancel
	u := sp.v.b.u
	tick := soundTick
	if sp.perf != nil {
		tick = padTick
	}
	go func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				u.do(func() {
					if ctx.Err() == nil {
						sp.showClock()
					}
				})
			}
		}
	}()
}

// showClock shows the position: elapsed / total and the waveform's cursor.
func (sp *soundPlayer) showClock() {
	if sp.ctl == nil || sp.rec == nil {
		return
	}
	at, total := sp.ctl.p.Position(), sp.rec.Duration()
	sp.clock.SetText(clockText(at) + " / " + clockText(total))
	if sp.perf != nil {
		sp.pads.SetHeld(sp.perf.Held(at))
	}
	if total > 0 {
		sp.wave.setCursor(float32(at) / float32(total))
	}
}

// seekFraction moves to a fraction of the recording (a tap on the wave).
func (sp *soundPlayer) seekFraction(f float32) {
	sp.v.b.u.s.Touch()
	if sp.ctl == nil || sp.rec == nil {
		return
	}
	sp.ctl.p.Seek(time.Duration(float64(f) * float64(sp.rec.Duration())))
	sp.showClock()
}

// drop stops playback and forgets the samples (another piece, the viewer
// closed, the gallery locked).
func (sp *soundPlayer) drop() {
	if sp.ctl != nil {
		sp.ctl.close()
	}
	if sp.ticking != nil {
		sp.ticking()
		sp.ticking = nil
	}
	sp.ctl, sp.rec, sp.playing = nil, nil, false
	sp.wave.set(media.Peaks{})
	sp.clock.SetText("")
	sp.play.SetText(tr("gallery.player.play"))
	sp.bar.Hide()
}

// playerCtl runs a Player's calls that touch the device (Play opens it,
// Pause and Close stop it) on one goroutine, in order, off the UI
// goroutine.
type playerCtl struct {
	p   *audio.Player
	ops chan func()
}

func newPlayerCtl() *playerCtl {
	c := &playerCtl{ops: make(chan func(), 16)}
	go func() {
		for op := range c.ops {
			op()
		}
	}()
	return c
}

func (c *playerCtl) run(op func()) { c.ops <- op }

// close stops playback and ends the goroutine; the samples go with the
// Player once nothing refers to it.
func (c *playerCtl) close() {
	p := c.p
	c.ops <- p.Close
	close(c.ops)
	c.p = nil
}

// waveColumns is how many columns the waveform keeps.
const waveColumns = 1024

// waveView draws a recording's waveform, the part played darker, and seeks
// where it is tapped.
type waveView struct {
	widget.BaseWidget
	img    *canvas.Image
	played *canvas.Rectangle
	cursor *canvas.Rectangle
	at     float32 // 0..1
	has    bool
	seek   func(float32)
}

func newWaveView(seek func(float32)) *waveView {
	w := &waveView{seek: seek}
	w.img = canvas.NewImageFromImage(nil)
	w.img.FillMode = canvas.ImageFillStretch
	w.played = canvas.NewRectangle(color.NRGBA{R: 0x2e, G: 0x5e, B: 0x8c, A: 0x30})
	w.cursor = canvas.NewRectangle(theme.Ink)
	w.ExtendBaseWidget(w)
	return w
}

// set shows peaks (none: empty).
func (w *waveView) set(p media.Peaks) {
	w.at = 0
	w.has = len(p.Min) > 0
	if w.has {
		w.img.Image = media.WaveformImage(p, len(p.Min), 96, media.DefaultWaveformStyle)
	} else {
		w.img.Image = nil
	}
	w.Refresh()
}

func (w *waveView) setCursor(f float32) {
	w.at = max(0, min(f, 1))
	w.Refresh()
}

// Tapped seeks to where the tap landed.
func (w *waveView) Tapped(e *fyne.PointEvent) {
	if !w.has || w.Size().Width <= 0 {
		return
	}
	w.seek(max(0, min(e.Position.X/w.Size().Width, 1)))
}

func (w *waveView) MinSize() fyne.Size { return fyne.NewSize(200, 64) }

func (w *waveView) CreateRenderer() fyne.WidgetRenderer { return &waveRenderer{w: w} }

type waveRenderer struct{ w *waveView }

func (r *waveRenderer) Layout(size fyne.Size) {
	w := r.w
	w.img.Resize(size)
	w.played.Resize(fyne.NewSize(size.Width*w.at, size.Height))
	w.cursor.Move(fyne.NewPos(size.Width*w.at-1, 0))
	w.cursor.Resize(fyne.NewSize(2, size.Height))
	w.played.Hidden = !w.has
	w.cursor.Hidden = !w.has
}

func (r *waveRenderer) MinSize() fyne.Size { return r.w.MinSize() }
func (r *waveRenderer) Refresh() {
	r.Layout(r.w.Size())
	canvas.Refresh(r.w.img)
	canvas.Refresh(r.w.played)
	canvas.Refresh(r.w.cursor)
}
func (r *waveRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.w.img, r.w.played, r.w.cursor}
}
func (r *waveRenderer) Destroy() {}
