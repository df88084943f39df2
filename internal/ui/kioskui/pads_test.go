package kioskui

import (
	"bytes"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/padview"
)

// openMusic opens the music studio and answers its question ("Play the
// pads" or "Record a sound").
func (k *kioskFixture) openMusic(t *testing.T, answer string) {
	t.Helper()
	k.tap(t, "Make music")
	k.waitScreen(t, kiosk.Studio)
	shown := make(chan struct{})
	k.ui.padsShown = func() { close(shown) }
	k.padsShown = shown
	k.tap(t, answer)
}

// padStudio waits for the pad studio: the instrument opens off the UI
// goroutine, and the studio is looked at only once it is on screen.
func (k *kioskFixture) padStudio(t *testing.T) *padview.Studio {
	t.Helper()
	select {
	case <-k.padsShown:
	case <-time.After(20 * time.Second):
		t.Fatal("the pad studio did not open within 20 s")
	}
	return find(t, k, func(*padview.Studio) bool { return true })
}

// playPad presses and lets go of pad on the grid, as a finger would.
func playPad(g *padview.Grid, pad int) {
	size := g.Size()
	col, row := pad%synth.Cols, synth.Rows-1-pad/synth.Cols
	at := fyne.NewPos(size.Width*(float32(col)+0.5)/synth.Cols, size.Height*(float32(row)+0.5)/synth.Rows)
	g.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: desktop.MouseButtonPrimary})
	g.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: desktop.MouseButtonPrimary})
}

// TestPlayingThePadsMakesAMusicPiece plays a short phrase on the pads and
// finds a sealed music piece holding the rendered audio and the
// performance log, the phrase in it in order.
func TestPlayingThePadsMakesAMusicPiece(t *testing.T) {
	k := newKiosk(t)
	k.toChoose(t)
	k.openMusic(t, "Play the pads")
	st := k.padStudio(t)
	if !st.Done().Disabled() {
		t.Error("I'm finished is offered before a note was played")
	}
	moods, sounds := st.Choices()
	test.Tap(moods[1])  // tender
	test.Tap(sounds[2]) // the plucked string
	phrase := []int{0, 7, 4, 12}
	for _, pad := range phrase {
		playPad(st.Grid(), pad)
	}
	if st.Grid().Held() != 0 {
		t.Errorf("pads still lit after every finger left: %b", st.Grid().Held())
	}
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip")
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Another)

	pieces, _ := k.spooled(t)
	if len(pieces) != 1 || pieces[0].Manifest.Kind != piece.Music || pieces[0].Manifest.Unfinished {
		t.Fatalf("spooled %d pieces, want one finished music piece", len(pieces))
	}
	p := pieces[0]
	var flac, log []byte
	for _, b := range p.Manifest.Blobs {
		data, err := p.ReadBlob(b.Name)
		if err != nil {
			t.Fatal(err)
		}
		switch b.Role {
		case piece.RoleOriginal:
			flac = data
		case piece.RolePerformance:
			log = data
		}
	}
	var perf synth.Performance
	if err := perf.UnmarshalBinary(log); err != nil {
		t.Fatalf("the performance log: %v", err)
	}
	if perf.Mood != synth.Tender || perf.Timbre != synth.Pluck {
		t.Errorf("performance in %s/%s, want the choices made before the first note", perf.Mood, perf.Timbre)
	}
	var played []int
	for _, e := range perf.Events {
		if e.Action == synth.Down {
			played = append(played, e.Value)
		}
	}
	if len(played) != len(phrase) {
		t.Fatalf("performance holds presses %v, want %v", played, phrase)
	}
	for i := range phrase {
		if played[i] != phrase[i] {
			t.Fatalf("performance holds presses %v, want %v", played, phrase)
		}
	}
	pcm, rate, err := media.DecodeFLAC(bytes.NewReader(flac))
	if err != nil || rate != synth.Rate {
		t.Fatalf("the piece's audio: rate %d, %v", rate, err)
	}
	loud := 0
	for _, s := range pcm {
		if s > 3000 || s < -3000 {
			loud++
		}
	}
	if loud == 0 {
		t.Error("the rendered audio is silent")
	}
}

// TestPadsLeaveNothingForTheNextPatient: a patient plays and walks away;
// the idle reset saves the performance unfinished and closes the speaker.
func TestPadsLeaveNothingForTheNextPatient(t *testing.T) {
	k := newKiosk(t)
	m := k.ui.Machine()
	k.toChoose(t)
	k.openMusic(t, "Play the pads")
	st := k.padStudio(t)
	playPad(st.Grid(), 3)
	m.Tick(k.clock.Add(4 * time.Minute))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(10 * time.Minute))
	k.waitScreen(t, kiosk.Welcome)
	pieces, _ := k.spooled(t)
	if len(pieces) != 1 || !pieces[0].Manifest.Unfinished {
		t.Fatalf("spooled %d pieces, want the walked-away performance, unfinished", len(pieces))
	}
	if k.ui.pieces.HasWork() {
		t.Error("the next patient's studio holds the last one's playing")
	}
}
