package kioskui

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/config"
	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/station"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/writeview"
)

// kioskFixture is a development-mode kiosk on the Fyne test driver, with
// its own data folder, a fake clock and the real spool behind it.
type kioskFixture struct {
	ui        *UI
	padsShown chan struct{} // closed once the pad studio is on screen
	win       fyne.Window
	clock     *kiosk.ManualClock
	cfg       *config.Config
	opener    *seal.Opener
}

func newKiosk(t *testing.T, tweaks ...func(*Deps)) *kioskFixture {
	t.Helper()
	a := test.NewTempApp(t)
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("AFTERIMAGE_CONFIG", "")
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testWriter{t}, nil))
	st, err := station.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	_, opener, err := seal.NewDevSealer(cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := tagging.AddTranslations(); err != nil {
		t.Fatal(err)
	}
	vocab, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	prompts, err := paintview.LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	writingPrompts, err := writeview.LoadPrompts(assets.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	clock := kiosk.NewManualClock(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	deps := Deps{Config: cfg, Station: st, Vocabulary: vocab, Prompts: prompts, Clock: clock, Logger: log, Quit: func() {}}
	deps.WritingPrompts = writingPrompts
	for _, tweak := range tweaks {
		tweak(&deps)
	}
	u, err := New(a, deps)
	if err != nil {
		t.Fatal(err)
	}
	u.Window().Resize(fyne.NewSize(1280, 800))
	u.Window().Show()
	t.Cleanup(u.Window().Close)
	t.Cleanup(u.pieces.Wait) // no save outlives the test's folders
	return &kioskFixture{ui: u, win: u.Window(), clock: clock, cfg: cfg, opener: opener}
}

// waitScreen waits until s has been drawn (the kiosk moves on from
// goroutines after saving).
func (k *kioskFixture) waitScreen(t *testing.T, s kiosk.Screen) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for k.ui.Rendered() != s {
		if time.Now().After(deadline) {
			t.Fatalf("screen %q never came; the kiosk shows %q", s, k.ui.Rendered())
		}
		time.Sleep(10 * time.Millisecond) // polling work done on other goroutines
	}
}

// walk visits every object on the window, descending into widgets.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return false
	}
	if visit(o) {
		return true
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			if walk(c, visit) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if walk(c, visit) {
				return true
			}
		}
	}
	return false
}

// find returns the first visible object of type T for which match holds.
func find[T fyne.CanvasObject](t *testing.T, k *kioskFixture, match func(T) bool) T {
	t.Helper()
	var found T
	ok := walk(k.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if v, ok := o.(T); ok && (match == nil || match(v)) {
			found = v
			return true
		}
		return false
	})
	if !ok {
		t.Fatalf("no %s on screen %q", reflect.TypeFor[T](), k.ui.Rendered())
	}
	return found
}

// tap taps the button labelled text.
func (k *kioskFixture) tap(t *testing.T, text string) {
	t.Helper()
	b := find(t, k, func(b *widget.Button) bool { return b.Text == text && !b.Disabled() })
	test.Tap(b)
}

// tapRecordButton taps the sound studio's big round record/stop button: the
// one tappable on screen that is no widget.Button and at least 160 px wide.
func (k *kioskFixture) tapRecordButton(t *testing.T) {
	t.Helper()
	b := find(t, k, func(o fyne.CanvasObject) bool {
		_, tappable := o.(fyne.Tappable)
		_, button := o.(*widget.Button)
		return tappable && !button && o.Visible() && o.Size().Width >= 160
	})
	test.Tap(b.(fyne.Tappable))
}

// testWriter sends the kiosk's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// spooled opens everything in the kiosk's spool once the saves under way
// are done: the pieces, and apart from them the visit records.
func (k *kioskFixture) spooled(t *testing.T) (pieces []*spool.Opened, visits []*piece.VisitRecord) {
	t.Helper()
	k.ui.pieces.Wait()
	entries, err := k.ui.deps.Station.Spool.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		opened, err := k.ui.deps.Station.Spool.OpenPiece(e.ID, k.opener)
		if err != nil {
			t.Fatalf("open sealed piece %s: %v", e.ID, err)
		}
		if opened.Manifest.Kind != piece.Visit {
			pieces = append(pieces, opened)
			continue
		}
		data, err := opened.ReadBlob("b1")
		if err != nil {
			t.Fatal(err)
		}
		r, err := piece.DecodeVisitRecord(data)
		if err != nil {
			t.Fatalf("visit record %s: %v", e.ID, err)
		}
		visits = append(visits, r)
	}
	return pieces, visits
}
