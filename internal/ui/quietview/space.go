package quietview

import (
	"image"
	"image/color"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/quiet"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure a Space.
type Options struct {
	Clock  func() time.Time // nil: time.Now
	Device string           // the sound bed's output; "" the system default
	Logger *slog.Logger     // nil: slog.Default()
	// OnTap runs on every tap (the kiosk counts it as activity); the tap
	// itself starts the gentle end.
	OnTap func()
	// OnEnd runs once, on the UI goroutine, when the space has ended: its
	// time is up, or the patient tapped and the fade is done.
	OnEnd func()
	// Sound opens the sound bed; nil: quiet.Play on Device. It runs on a
	// goroutine of its own; stop fades it out (and may block).
	Sound func(b *quiet.Bed) (stop func(), err error)
}

// Space is the quiet space running: the scene, the breathing guide and
// the sound bed, for the chosen length. Build it with NewSpace, then
// Start it once it is on screen.
type Space struct {
	widget.BaseWidget
	opt     Options
	choice  quiet.Options
	session *quiet.Session

	// Fyne thread only.
	root    *fyne.Container
	skyImg  *image.RGBA
	sky     *canvas.Image
	skyAt   time.Duration // the scene time the sky was painted at; <0: never
	motes   [quiet.Particles]*canvas.Circle
	breath  *canvas.Circle
	words   *canvas.Text // "Breathe in" / "Breathe out"
	leave   *canvas.Text
	silent  *canvas.Text
	fade    *canvas.Rectangle
	anim    *fyne.Animation
	pacer   *quiet.Pacer  // how often a frame is drawn
	at      time.Duration // the scene time last shown
	shown   time.Time     // when it was last drawn afresh
	stop    func()        // the sound bed's; nil: none
	ended   bool
	stopped bool // Stop was called: nothing more happens

	soundSettled chan struct{} // closed once the sound bed opened or failed (tests)
}

// NewSpace builds the space for the patient's choice; nothing moves or
// sounds until Start.
func NewSpace(choice quiet.Options, opt Options) *Space {
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Space{opt: opt, choice: choice, skyAt: -1, soundSettled: make(chan struct{})}
	s.pacer = quiet.NewPacer(quiet.CPUBudget, nil)
	s.skyImg = quiet.NewSky()
	s.sky = canvas.NewImageFromImage(s.skyImg)
	s.sky.FillMode = canvas.ImageFillStretch
	s.sky.ScaleMode = canvas.ImageScaleFastest // the GPU scales it, smoothly
	objs := []fyne.CanvasObject{s.sky}
	for i := range s.motes {
		s.motes[i] = canvas.NewCircle(color.NRGBA{R: 0xff, G: 0xfa, B: 0xf0})
		objs = append(objs, s.motes[i])
	}
	s.breath = canvas.NewCircle(color.NRGBA{R: 0xff, G: 0xfb, B: 0xf4, A: 0x38})
	s.breath.StrokeColor = color.NRGBA{R: 0xff, G: 0xfb, B: 0xf4, A: 0x90}
	s.breath.StrokeWidth = 2
	s.words = text("", 30)
	s.leave = text(tr("studio.quiet.leave"), 20)
	s.silent = text(tr("studio.quiet.silent"), 20)
	s.silent.Hide()
	if !choice.Breathe {
		s.breath.Hide()
		s.words.Hide()
	}
	s.fade = canvas.NewRectangle(theme.Paper)
	objs = append(objs, s.breath, s.words, s.leave, s.silent, s.fade)
	s.root = container.New(spaceLayout{s}, objs...)
	s.ExtendBaseWidget(s)
	return s
}

func text(t string, size float32) *canvas.Text {
	c := canvas.NewText(t, color.NRGBA{R: 0xff, G: 0xfb, B: 0xf4, A: 0xe6})
	c.TextSize = size
	c.Alignment = fyne.TextAlignCenter
	return c
}

// CreateRenderer is Fyne's.
func (s *Space) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.root) }

// Tapped starts the gentle end: the scene fades to the paper and the
// space ends.
func (s *Space) Tapped(*fyne.PointEvent) {
	if s.opt.OnTap != nil {
		s.opt.OnTap()
	}
	if s.session != nil && !s.ended {
		s.session.Leave(s.opt.Clock())
	}
}

// Start begins the space now: the scene moves on every frame and the
// sound bed, if chosen, starts. Fyne thread only.
func (s *Space) Start() {
	if s.session != nil || s.stopped {
		return
	}
	s.session = quiet.Start(s.choice, s.opt.Clock())
	s.show(0)
	s.anim = fyne.NewAnimation(time.Second, func(float32) { s.Tick() })
	s.anim.RepeatCount = fyne.AnimationRepeatForever
	s.anim.Curve = fyne.AnimationLinear
	s.anim.Start()
	if s.choice.Sound {
		go s.openSound()
	} else {
		close(s.soundSettled)
	}
}

// Stop ends everything at once, without the fade (the kiosk moved on:
// the staff exited, the visit was reset). Safe to call more than once.
// Fyne thread only.
func (s *Space) Stop() {
	s.stopped = true
	s.finish()
}

// finish stops the frames and the sound.
func (s *Space) finish() {
	if s.anim != nil {
		s.anim.Stop()
	}
	if stop := s.stop; stop != nil {
		s.stop = nil
		go stop() // the fade takes a moment
	}
}

// Tick shows the scene at the clock's time, if the pacer's interval has
// passed since it was last drawn (quiet.Pacer: every 60 Hz frame where
// frames are cheap, a few a second on a software GPU), and ends the space
// when it is over. The space's animation calls it on every frame; tests
// on the Fyne test driver (which runs no animations) call it. Fyne thread
// only.
func (s *Space) Tick() {
	if s.session == nil || s.ended || s.stopped {
		return
	}
	now := s.opt.Clock()
	over := s.session.Over(now)
	if !over && now.Sub(s.shown) < s.pacer.Interval() && now.After(s.shown) {
		return // not yet: the pacer keeps the frames within the CPU budget
	}
	s.shown = now
	s.pacer.Drawn(now)
	t := s.session.Elapsed(now)
	// Debug only (AFTERIMAGE_LOG_LEVEL=debug): when each frame began, and
	// whether its sky is new, for BenchmarkRealScreenQuiet's frame time.
	s.opt.Logger.Debug("quiet space frame", "sky", s.skyDue(t))
	s.show(t)
	if over {
		s.ended = true
		s.finish()
		if s.opt.OnEnd != nil {
			s.opt.OnEnd()
		}
	}
}

// openSound starts the sound bed off the UI goroutine; with no speaker the
// scene runs on and a calm line says the sound is off.
func (s *Space) openSound() {
	bed := quiet.NewBed(audio.SampleRate, s.choice.Breathe)
	open := s.opt.Sound
	if open == nil {
		open = func(b *quiet.Bed) (func(), error) {
			p, err := quiet.Play(b, s.opt.Device, s.opt.Logger)
			if err != nil {
				return nil, err
			}
			return p.Stop, nil
		}
	}
	stop, err := open(bed)
	if err != nil {
		s.opt.Logger.Warn("quiet space without sound", "err", err)
	}
	fyne.Do(func() {
		defer close(s.soundSettled)
		switch {
		case err != nil:
			if !s.ended && !s.stopped {
				s.silent.Show()
				s.root.Refresh()
			}
		case s.ended || s.stopped:
			go stop() // it ended while the sound was opening
		default:
			s.stop = stop
		}
	})
}

// show puts the scene at scene time t on screen. Fyne thread only.
func (s *Space) show(t time.Duration) {
	s.at = t
	if s.skyDue(t) {
		quiet.PaintSky(s.skyImg, quiet.SceneAt(t))
		s.skyAt = t
		s.sky.Refresh()
	}
	s.place(s.root.Size())
}

// skyDue reports whether the scene at t needs its sky painted afresh.
func (s *Space) skyDue(t time.Duration) bool {
	return s.skyAt < 0 || t < s.skyAt || t-s.skyAt >= quiet.SkyChanges
}

// place lays the scene at s.at out in size. Fyne thread only.
func (s *Space) place(size fyne.Size) {
	if size.IsZero() {
		return
	}
	w, h := size.Width, size.Height
	scene := quiet.SceneAt(s.at)
	s.sky.Resize(size)
	for i, m := range scene.Motes {
		c := s.motes[i]
		d := float32(2 * m.R * float64(h))
		c.Resize(fyne.NewSize(d, d))
		c.Move(fyne.NewPos(float32(m.X)*w-d/2, float32(m.Y)*h-d/2))
		if a := uint8(m.Alpha * 255); c.FillColor.(color.NRGBA).A != a {
			fill := c.FillColor.(color.NRGBA)
			fill.A = a
			c.FillColor = fill
			c.Refresh()
		}
	}
	breath := quiet.BreathAt(s.at)
	centre := fyne.NewPos(w/2, h*0.38)
	r := h * float32(0.09+0.04*breath.Fullness)
	s.breath.Resize(fyne.NewSize(2*r, 2*r))
	s.breath.Move(fyne.NewPos(centre.X-r, centre.Y-r))
	words := tr("studio.quiet.out")
	if breath.In {
		words = tr("studio.quiet.in")
	}
	if s.words.Text != words {
		s.words.Text = words
		s.words.Refresh()
	}
	place := func(t *canvas.Text, y float32) {
		ms := t.MinSize()
		t.Resize(fyne.NewSize(w, ms.Height))
		t.Move(fyne.NewPos(0, y))
	}
	place(s.words, centre.Y+h*0.16+16)
	place(s.leave, h-2*s.leave.MinSize().Height-24)
	place(s.silent, h-s.silent.MinSize().Height-16)
	fade := 1.0
	if s.session != nil {
		fade = s.session.Fade(s.opt.Clock())
	}
	if a := uint8(fade * 255); s.fade.FillColor.(color.NRGBA).A != a {
		fill := theme.Paper
		fill.A = a
		s.fade.FillColor = fill
		s.fade.Hidden = a == 0
		s.fade.Refresh()
	}
	s.fade.Resize(size)
}

// spaceLayout lays the scene out at its current time.
type spaceLayout struct{ s *Space }

func (l spaceLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) { l.s.place(size) }

func (l spaceLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }
