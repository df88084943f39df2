package galleryui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// viewer shows one piece over the patient's view: the drawing at full
// resolution (zoom and pan), what the patient said about it, and
// previous/next through the patient's pieces. The drawing is decoded off
// the UI goroutine; only the piece shown is held.
type viewer struct {
	b       *browser
	content fyne.CanvasObject
	pieces  []index.Piece // the patient's pieces in the grid's order
	at      int
	seq     int

	pic     *zoomView
	note    *canvas.Text
	kind    *canvas.Text
	title   *canvas.Text
	marks   *canvas.Text
	details *widget.Label
	prev    *widget.Button
	next    *widget.Button

	// Replay of a drawing's stroke log (nil until asked for).
	rep       *gallery.Replay
	frame     *image.RGBA // the replay's frame, drawn on the UI goroutine
	playing   context.CancelFunc
	speed     float64
	play      *widget.Button
	speedSel  *widget.Select
	scrub     *widget.Slider
	clock     *widget.Label
	scrubbing bool // the scrubber is being set by the replay, not by hand
	replayBar fyne.CanvasObject

	zoomBar *fyne.Container // zoom buttons: drawings only
	sound   *soundPlayer    // a recording's player
	bottom  *fyne.Container // the replay's or the player's bar
	notes   *notesPanel     // the therapists' notes on the piece
	written *writtenPage    // a written piece's text
	body    *bodyMapPanel   // where the patient felt it (a schema 2 body map)
}

func newViewer(b *browser, pieces []index.Piece, at int) *viewer {
	v := &viewer{b: b, pieces: pieces, at: at}
	v.pic = newZoomView(b.u.s.Touch)
	v.note = canvas.NewText("", theme.Disabled)
	v.note.Alignment = fyne.TextAlignCenter
	v.kind = canvas.NewText("", theme.Dusk)
	v.kind.TextStyle = fyne.TextStyle{Bold: true}
	v.kind.TextSize = 14
	v.title = canvas.NewText("", theme.Ink)
	v.title.TextSize = 24
	v.marks = canvas.NewText("", theme.Clay)
	v.marks.TextStyle = fyne.TextStyle{Bold: true}
	v.details = widget.NewLabel("")
	v.details.Wrapping = fyne.TextWrapWord
	back := widget.NewButton(tr("gallery.viewer.close"), b.closeViewer)
	v.prev = widget.NewButton(tr("gallery.viewer.previous"), func() { v.step(-1) })
	v.next = widget.NewButton(tr("gallery.viewer.next"), func() { v.step(1) })
	zoomOut := widget.NewButton("−", func() { v.pic.zoomBy(1 / zoomStep) })
	fit := widget.NewButton(tr("gallery.viewer.fit"), v.pic.fit)
	actual := widget.NewButton("1:1", func() { v.pic.setZoom(1) })
	zoomIn := widget.NewButton("+", func() { v.pic.zoomBy(zoomStep) })
	v.zoomBar = container.NewHBox(zoomOut, fit, actual, zoomIn)
	bar := container.NewHBox(back, v.prev, v.next, layout.NewSpacer(), v.zoomBar)
	v.speed = 4
	v.play = widget.NewButton(tr("gallery.replay.play"), v.togglePlay)
	v.speedSel = widget.NewSelect([]string{"1×", "2×", "4×", "8×", "16×"}, func(s string) {
		fmt.Sscanf(s, "%g", &v.speed)
	})
	v.speedSel.SetSelected("4×")
	v.scrub = widget.NewSlider(0, 1)
	v.scrub.Step = 0.01
	v.scrub.OnChanged = func(x float64) {
		if !v.scrubbing {
			v.seek(time.Duration(x * float64(time.Second)))
		}
	}
	v.clock = widget.NewLabel("")
	v.replayBar = container.NewBorder(nil, nil, container.NewHBox(v.play, v.speedSel), clockBox(v.clock), v.scrub)
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(340, 0))
	v.notes = newNotesPanel(b)
	v.body = newBodyMapPanel(fyne.NewSize(300, 260), true)
	side := container.NewVScroll(container.NewPadded(container.NewVBox(width, v.kind, v.title, v.marks, v.details, v.body.content, widget.NewSeparator(), v.notes.content)))
	v.notes.relayout = side.Refresh
	v.written = newWrittenPage()
	stage := container.NewStack(canvas.NewRectangle(theme.Mist), container.NewScroll(v.pic), v.written.root, container.NewCenter(v.note))
	v.sound = newSoundPlayer(v)
	v.bottom = container.NewVBox(v.replayBar, v.sound.bar)
	v.content = container.NewBorder(container.NewPadded(bar), container.NewPadded(v.bottom), nil, side, stage)
	v.show()
	return v
}

const zoomStep = 1.25

// step shows the previous (-1) or next (+1) piece.
func (v *viewer) step(d int) {
	at := v.at + d
	if at < 0 || at >= len(v.pieces) {
		return
	}
	v.at = at
	v.show()
}

// show shows pieces[at]; its drawing is read and decoded off the UI
// goroutine.
func (v *viewer) show() {
	p := v.pieces[v.at]
	v.seq++
	seq := v.seq
	v.prev.Disable()
	v.next.Disable()
	if v.at > 0 {
		v.prev.Enable()
	}
	if v.at < len(v.pieces)-1 {
		v.next.Enable()
	}
	v.kind.Text = strings.ToUpper(kindText(p.Kind)) + " · " + dateText(p.Created.Local(), "Mon 2 Jan 2006, 15:04")
	v.title.Text = p.Title
	if p.Title == "" {
		v.title.Text = tr("gallery.piece.untitled")
	}
	v.marks.Text = strings.Join(pieceMarks(p), " · ")
	v.details.SetText(pieceDetails(p))
	v.body.setPiece(p.BodyMap)
	v.showNotes(p)
	v.kind.Refresh()
	v.title.Refresh()
	v.marks.Refresh()
	v.stopReplay()
	v.rep, v.frame = nil, nil
	v.replayBar.Hide()
	v.sound.drop()
	v.pic.set(nil)
	v.note.Text = ""
	v.written.clear()
	if p.Kind == piece.Drawing {
		v.zoomBar.Show()
	} else {
		v.zoomBar.Hide()
	}
	switch {
	case p.Damage != "":
		v.note.Text = tr("gallery.piece.damaged")
	case p.Kind == piece.Writing:
		v.showWritten(p, seq)
	case p.Kind != piece.Drawing:
		v.sound.load(p, seq, false)
	default:
		v.note.Text = tr("gallery.viewer.loading")
		s := v.b.u.s
		go func() {
			img, err := s.Original(p)
			v.b.u.do(func() {
				if v.b.dropped || v.b.viewer != v || seq != v.seq {
					return
				}
				if err != nil {
					if !errors.Is(err, gallery.ErrLocked) {
						v.b.u.log.Warn("gallery: drawing not shown", "piece", p.ID, "err", err)
					}
					v.note.Text = tr("gallery.piece.nopicture")
					v.note.Refresh()
					return
				}
				v.note.Text = ""
				v.note.Refresh()
				v.pic.set(img)
				v.resetReplay()
				v.replayBar.Show()
				v.content.Refresh()        // lays the bar out in the bottom box
				v.sound.load(p, seq, true) // its voice note, if it has one
				v.b.u.log.Info("piece shown", "piece", p.ID, "width", img.Rect.Dx(), "height", img.Rect.Dy())
			})
		}()
	}
	v.note.Refresh()
}

// drop forgets the drawing and the recording, stopping its sound (the
// viewer closed or the gallery locked).
func (v *viewer) drop() {
	v.seq++
	v.sound.drop()
	v.stopReplay()
	v.rep, v.frame = nil, nil
	v.pic.set(nil)
	v.written.clear()
	v.notes.drop()
	v.pieces = nil
}

// playPause (space) plays or pauses the recording, or the drawing's
// replay.
func (v *viewer) playPause() {
	switch {
	case v.sound.ctl != nil:
		v.sound.toggle()
	case v.replayBar.Visible() && !v.play.Disabled():
		v.togglePlay()
	}
}

// pieceMarks are the words that say a piece is not whole, or not known to
// be the clinic's.
func pieceMarks(p index.Piece) []string {
	var marks []string
	if p.Unfinished {
		marks = append(marks, tr("gallery.piece.unfinished"))
	}
	if p.Damage != "" {
		marks = append(marks, tr("gallery.piece.damaged"))
	}
	switch p.Provenance {
	case index.Tampered:
		marks = append(marks, tr("gallery.piece.tampered"))
	case index.OriginNotVerified:
		marks = append(marks, tr("gallery.piece.unverified"))
	}
	return marks
}

// pieceDetails is what the patient said: reflection, emotion words with
// their intensity, and the mood before and after (from the manifest, until
// visit records carry them).
func pieceDetails(p index.Piece) string {
	var lines []string
	if p.Reflection != "" {
		lines = append(lines, p.Reflection, "")
	}
	if len(p.Words) > 0 {
		words := make([]string, len(p.Words))
		for i, w := range p.Words {
			words[i] = lang.X(emotion.WordKey(w.Word), w.Word)
			if w.Intensity > 0 {
				words[i] += fmt.Sprintf(" (%d/5)", w.Intensity)
			}
		}
		lines = append(lines, trf("gallery.viewer.felt", strings.Join(words, ", ")))
	}
	if p.CheckIn != nil || p.CheckOut != nil {
		lines = append(lines, trf("gallery.visit.moods", moodText(p.CheckIn), moodText(p.CheckOut)))
	}
	return strings.Join(lines, "\n")
}

// zoomView draws a picture fitted to its space or at a zoom, panned by
// dragging; the wheel zooms.
type zoomView struct {
	widget.BaseWidget
	img    *canvas.Image
	pic    image.Image
	zoom   float32 // 0: fit
	offset fyne.Position
	touch  func()
}

func newZoomView(touch func()) *zoomView {
	z := &zoomView{touch: touch}
	z.img = canvas.NewImageFromImage(nil)
	z.img.FillMode = canvas.ImageFillStretch
	z.img.ScaleMode = canvas.ImageScaleFastest
	z.ExtendBaseWidget(z)
	return z
}

// setFrame shows a new frame of the same picture, keeping zoom and pan.
func (z *zoomView) setFrame(pic image.Image) {
	if z.pic == nil || pic.Bounds() != z.pic.Bounds() {
		z.set(pic)
		return
	}
	z.pic = pic
	z.img.Image = pic
	z.img.Refresh()
}

func (z *zoomView) set(pic image.Image) {
	z.pic, z.zoom, z.offset = pic, 0, fyne.Position{}
	z.img.Image = pic
	z.Refresh()
}

// scale is the zoom in use: screen units per picture pixel.
func (z *zoomView) scale() float32 {
	if z.zoom > 0 || z.pic == nil {
		return z.zoom
	}
	b, s := z.pic.Bounds(), z.Size()
	if b.Dx() == 0 || b.Dy() == 0 || s.Width <= 0 || s.Height <= 0 {
		return 1
	}
	return float32(math.Min(float64(s.Width)/float64(b.Dx()), float64(s.Height)/float64(b.Dy())))
}

func (z *zoomView) setZoom(f float32) {
	z.touch()
	z.zoom = max(0.05, min(f, 16))
	z.Refresh()
}

func (z *zoomView) zoomBy(f float32) { z.setZoom(z.scale() * f) }

func (z *zoomView) fit() {
	z.touch()
	z.zoom, z.offset = 0, fyne.Position{}
	z.Refresh()
}

// Scrolled zooms with the wheel.
func (z *zoomView) Scrolled(e *fyne.ScrollEvent) {
	if e.Scrolled.DY > 0 {
		z.zoomBy(zoomStep)
	} else if e.Scrolled.DY < 0 {
		z.zoomBy(1 / zoomStep)
	}
}

// Dragged pans.
func (z *zoomView) Dragged(e *fyne.DragEvent) {
	z.touch()
	z.offset = z.offset.Add(e.Dragged)
	z.Refresh()
}

func (z *zoomView) DragEnd() {}

func (z *zoomView) MinSize() fyne.Size { return fyne.NewSize(1, 1) }

func (z *zoomView) CreateRenderer() fyne.WidgetRenderer { return &zoomRenderer{z: z} }

type zoomRenderer struct{ z *zoomView }

func (r *zoomRenderer) Layout(size fyne.Size) {
	z := r.z
	if z.pic == nil {
		z.img.Resize(fyne.Size{})
		return
	}
	b := z.pic.Bounds()
	k := z.scale()
	d := fyne.NewSize(float32(b.Dx())*k, float32(b.Dy())*k)
	z.img.Resize(d)
	z.img.Move(fyne.NewPos((size.Width-d.Width)/2+z.offset.X, (size.Height-d.Height)/2+z.offset.Y))
	if k >= 1 {
		z.img.ScaleMode = canvas.ImageScalePixels // crisp pixels when enlarged
	} else {
		z.img.ScaleMode = canvas.ImageScaleFastest
	}
}

func (r *zoomRenderer) MinSize() fyne.Size           { return r.z.MinSize() }
func (r *zoomRenderer) Refresh()                     { r.Layout(r.z.Size()); canvas.Refresh(r.z.img) }
func (r *zoomRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.z.img} }
func (r *zoomRenderer) Destroy()                     {}

// replayFrame is how often a playing replay draws a frame.
const replayFrame = 33 * time.Millisecond

// resetReplay shows the replay controls at their start.
func (v *viewer) resetReplay() {
	v.play.SetText(tr("gallery.replay.play"))
	v.clock.SetText("")
	v.scrubbing = true
	v.scrub.Max = 1
	v.scrub.SetValue(0)
	v.scrubbing = false
}

// togglePlay plays or pauses the replay; the first time it reads and
// decodes the stroke log off the UI goroutine.
func (v *viewer) togglePlay() {
	v.b.u.s.Touch()
	if v.playing != nil {
		v.stopReplay()
		return
	}
	if v.rep != nil {
		if v.rep.Done() {
			v.seek(0)
		}
		v.startReplay()
		return
	}
	p, seq, s := v.pieces[v.at], v.seq, v.b.u.s
	v.play.Disable()
	go func() {
		strokes, err := s.Strokes(p)
		var r *gallery.Replay
		if err == nil {
			r, err = gallery.NewReplay(strokes)
		}
		v.b.u.do(func() {
			if v.b.dropped || v.b.viewer != v || seq != v.seq {
				return
			}
			v.play.Enable()
			if err != nil {
				if !errors.Is(err, gallery.ErrLocked) {
					v.b.u.log.Warn("gallery: replay not shown", "piece", p.ID, "err", err)
				}
				v.clock.SetText(tr("gallery.replay.none"))
				return
			}
			v.rep = r
			v.scrubbing = true
			v.scrub.Max = max(r.Duration().Seconds(), 0.01)
			v.scrub.SetValue(0)
			v.scrubbing = false
			v.seek(0)
			v.startReplay()
		})
	}()
}

// startReplay plays from where the replay stands, one frame every
// replayFrame, each drawn on the UI goroutine.
func (v *viewer) startReplay() {
	ctx, cancel := context.WithCancel(context.Background())
	v.playing = cancel
	v.play.SetText(tr("gallery.replay.pause"))
	go func() {
		t := time.NewTicker(replayFrame)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				v.b.u.do(func() {
					if ctx.Err() == nil {
						v.advance(time.Duration(float64(replayFrame) * v.speed))
					}
				})
			}
		}
	}()
}

// stopReplay pauses.
func (v *viewer) stopReplay() {
	if v.playing != nil {
		v.playing()
		v.playing = nil
		v.play.SetText(tr("gallery.replay.play"))
	}
}

// advance moves a playing replay on by d.
func (v *viewer) advance(d time.Duration) {
	if v.rep == nil {
		return
	}
	v.seek(v.rep.Position() + d)
	if v.rep.Done() {
		v.stopReplay()
	}
}

// seek shows the replay at t.
func (v *viewer) seek(t time.Duration) {
	if v.rep == nil {
		return
	}
	t = max(0, min(t, v.rep.Duration()))
	v.rep.AdvanceTo(t)
	v.frame = v.rep.Frame(v.frame)
	v.pic.setFrame(v.frame)
	v.scrubbing = true
	v.scrub.SetValue(t.Seconds())
	v.scrubbing = false
	v.clock.SetText(clockText(t) + " / " + clockText(v.rep.Duration()))
}

// clockBox holds an elapsed/total clock at a width that fits its text as
// it changes (a Border sizes its sides once, when laid out).
func clockBox(clock *widget.Label) fyne.CanvasObject {
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(120, 0))
	clock.Alignment = fyne.TextAlignTrailing
	return container.NewStack(width, clock)
}

func clockText(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
