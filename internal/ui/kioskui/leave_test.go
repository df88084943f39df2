package kioskui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

// toDrawing walks a new visit to the drawing studio and paints.
func (k *kioskFixture) toDrawing(t *testing.T) patientcode.Code {
	t.Helper()
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	k.waitScreen(t, kiosk.Welcome)
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	// A checkpoint on disk, as the autosaver leaves one while drawing.
	if err := k.ui.pieces.Current().Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d, err := k.ui.deps.Station.Spool.Drafts(); err != nil || len(d) != 1 {
		t.Fatalf("drafts while drawing: %d, %v; want the checkpoint", len(d), err)
	}
	return code
}

// TestLeaveStudioKeepItForLater: Back from a drawing asks; "Keep it for
// later" saves it as an unfinished piece with the visit's code.
func TestLeaveStudioKeepItForLater(t *testing.T) {
	k := newKiosk(t)
	code := k.toDrawing(t)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.LeaveStudio)
	if p, _ := k.ui.deps.Station.Spool.Pieces(); len(p) != 0 {
		t.Fatal("the drawing was saved before the patient answered")
	}
	k.tap(t, "Go back to it") // staying changes nothing
	k.waitScreen(t, kiosk.Studio)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.LeaveStudio)
	k.tap(t, "Keep it for later")
	k.waitScreen(t, kiosk.Choose)

	entries, err := k.ui.deps.Station.Spool.Pieces()
	if err != nil || len(entries) != 1 {
		t.Fatalf("spool holds %d pieces (%v), want the kept drawing", len(entries), err)
	}
	opened, err := k.ui.deps.Station.Spool.OpenPiece(entries[0].ID, k.opener)
	if err != nil {
		t.Fatal(err)
	}
	if mf := opened.Manifest; !mf.Unfinished || mf.Kind != piece.Drawing || mf.PatientCode != string(code) || mf.Blob("b1") == nil {
		t.Fatalf("kept piece: unfinished=%v kind=%s code ok=%v blobs=%v", mf.Unfinished, mf.Kind, mf.PatientCode == string(code), mf.Blobs)
	}
	if d, _ := k.ui.deps.Station.Spool.Drafts(); len(d) != 0 {
		t.Fatalf("%d drafts left; the piece should have replaced its checkpoint", len(d))
	}
}

// TestLeaveStudioLetItGo: "Let it go" leaves no piece and no draft; nothing
// can be uploaded.
func TestLeaveStudioLetItGo(t *testing.T) {
	k := newKiosk(t)
	k.toDrawing(t)
	k.tap(t, "Back")
	k.waitScreen(t, kiosk.LeaveStudio)
	k.tap(t, "Let it go")
	k.waitScreen(t, kiosk.Choose)
	if p, err := k.ui.deps.Station.Spool.Pieces(); err != nil || len(p) != 0 {
		t.Fatalf("spool holds %d pieces (%v) after letting the drawing go", len(p), err)
	}
	if d, err := k.ui.deps.Station.Spool.Drafts(); err != nil || len(d) != 0 {
		t.Fatalf("%d drafts (%v) left after letting the drawing go", len(d), err)
	}
	if k.ui.pieces.Current() != nil || k.ui.Machine().Visit().Open != "" {
		t.Fatal("the let-go drawing is still held")
	}
	// A new drawing starts empty.
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	if k.ui.openHasWork() {
		t.Fatal("the next drawing starts with the let-go one's strokes")
	}
}

// TestCaptureFromAnyGoroutine saves an unfinished drawing once from the UI
// goroutine and once from another, with fyne.DoAndWait replaced by the real
// driver's rule under the fyneDo migration (run on the UI goroutine and
// wait; from the UI goroutine itself that never returns), and finds the
// drawing saved both times.
func TestCaptureFromAnyGoroutine(t *testing.T) {
	k := newKiosk(t)
	queue := make(chan func())
	k.ui.ui.doAndWait = func(fn func()) {
		if goroutineID() == k.ui.ui.id.Load() {
			t.Error("fyne.DoAndWait called on the UI goroutine: under the fyneDo migration it never returns")
			fn()
			return
		}
		done := make(chan struct{})
		queue <- func() { fn(); close(done) }
		<-done
	}
	m := k.ui.Machine()

	// From the UI goroutine (the test's, which built the window).
	k.toDrawing(t)
	must(t, m.Back())
	must(t, m.LeaveStudio(true))
	k.waitScreen(t, kiosk.Choose)

	// From another goroutine, while the UI goroutine runs its loop.
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	must(t, m.Back())
	result := make(chan error, 1)
	go func() { result <- m.LeaveStudio(true) }()
	ranOnUI := 0
	for waiting := true; waiting; {
		select {
		case fn := <-queue:
			ranOnUI++
			fn()
		case err := <-result:
			must(t, err)
			waiting = false
		}
	}
	k.waitScreen(t, kiosk.Choose)
	if ranOnUI == 0 {
		t.Error("the capture from another goroutine did not run on the UI goroutine")
	}

	entries, err := k.ui.deps.Station.Spool.Pieces()
	if err != nil || len(entries) != 2 {
		t.Fatalf("spool holds %d pieces (%v), want both drawings", len(entries), err)
	}
	for _, e := range entries {
		opened, err := k.ui.deps.Station.Spool.OpenPiece(e.ID, k.opener)
		if err != nil {
			t.Fatal(err)
		}
		png, err := opened.ReadBlob("b1")
		if err != nil || len(png) == 0 || !opened.Manifest.Unfinished {
			t.Fatalf("piece %s: drawing %d bytes (%v), unfinished %v", e.ID, len(png), err, opened.Manifest.Unfinished)
		}
	}
}

// TestWrongCodeKeepsTheSymbols: a refused code stays as typed with a calm
// word; ⌫ and one symbol fix it, and the right code goes on by itself.
func TestWrongCodeKeepsTheSymbols(t *testing.T) {
	k := newKiosk(t)
	code, _ := patientcode.New()
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	wrong := wrongCode(code)
	for _, ch := range wrong {
		k.tap(t, string(ch))
	}
	pad := k.ui.page.pad
	k.waitCodeChecked(t, pad)
	if k.ui.Rendered() != kiosk.PatientCode || string(pad.typed) != wrong {
		t.Fatalf("after a wrong code the kiosk shows %q with %q typed, want the code screen keeping all %d symbols",
			k.ui.Rendered(), pad.typed, len(wrong))
	}
	if shown := strings.ReplaceAll(pad.shown.Text, " – ", ""); shown != wrong {
		t.Fatalf("the screen shows %q, want the typed %q", pad.shown.Text, wrong)
	}
	if !strings.Contains(pad.message.Text, "doesn't match") {
		t.Fatalf("the pad says %q, want a calm word that the code doesn't match", pad.message.Text)
	}
	k.tap(t, "⌫")
	if string(pad.typed) != wrong[:len(wrong)-1] {
		t.Fatalf("⌫ left %q, want one symbol removed", pad.typed)
	}
	k.tap(t, codeSymbols(code)[len(wrong)-1:])
	k.waitScreen(t, kiosk.CheckIn)
	if m := k.ui.Machine().Visit(); m.PatientCode != code {
		t.Fatal("the visit does not have the corrected code")
	}
}

// TestTapBudget counts the taps of the shortest way from Welcome to a
// saved drawing with a feeling, not counting the code's keys and the
// strokes: at most 6. Nothing on the way is mandatory.
func TestTapBudget(t *testing.T) {
	k := newKiosk(t)
	taps := 0
	tap := func(label string) {
		t.Helper()
		taps++
		k.tap(t, label)
	}
	code, _ := patientcode.New()
	k.waitScreen(t, kiosk.Welcome)
	tap("Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code) // the keys; a complete code goes on by itself
	k.waitScreen(t, kiosk.CheckIn)
	tap("Skip")
	k.waitScreen(t, kiosk.Choose)
	tap("Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	tap("I'm finished")
	k.waitScreen(t, kiosk.Tag)
	grid := find(t, k, func(*tagging.Grid) bool { return true })
	taps++
	test.TapAt(grid, fyne.NewPos(grid.Size().Width*0.8, grid.Size().Height*0.2)) // the feeling
	tap("Done")                                                                  // the feeling is the last step
	k.waitScreen(t, kiosk.Another)
	if taps > 6 {
		t.Errorf("%d taps from Welcome to a saved, tagged drawing, want at most 6", taps)
	}
	t.Logf("%d taps: Begin, Skip (check-in), Draw or paint, I'm finished, the feeling, Done", taps)

	m := k.ui.Machine()
	if v := m.Visit(); len(v.Pieces) != 1 {
		t.Fatalf("visit holds %d pieces, want the tagged drawing", len(v.Pieces))
	}
	// Finished work leaves at once: the tagged drawing is a piece before
	// the patient walks away, tagged, not unfinished.
	pieces, visits := k.spooled(t)
	if len(pieces) != 1 || len(visits) != 0 {
		t.Fatalf("spool holds %d pieces and %d visit records after tagging, want the drawing alone", len(pieces), len(visits))
	}
	if mf := pieces[0].Manifest; mf.Unfinished || mf.Emotions == nil || mf.Emotions.Quadrant != "pleasant-high" || mf.PatientCode != string(code) {
		t.Fatalf("saved drawing: unfinished %v emotions %+v", mf.Unfinished, mf.Emotions)
	}
	if d, _ := k.ui.deps.Station.Spool.Drafts(); len(d) != 0 {
		t.Fatalf("%d drafts left after tagging; the piece replaced its checkpoint", len(d))
	}
	// The patient walks away: the visit record follows at the reset.
	m.Tick(k.clock.Add(3 * time.Minute))
	m.Tick(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)
	after, visits := k.spooled(t)
	if len(after) != 1 || after[0].Manifest.ID != pieces[0].Manifest.ID || after[0].Manifest.Unfinished {
		t.Fatalf("after the reset the spool holds %d pieces, want the same finished drawing", len(after))
	}
	if len(visits) != 1 || visits[0].CheckedOut || len(visits[0].Pieces) != 1 || visits[0].Pieces[0] != pieces[0].Manifest.ID ||
		visits[0].PatientCode != string(code) {
		t.Fatalf("visit records after the reset: %+v, want one listing the drawing", visits)
	}
}

// TestCodeKeysStayPut: the keypad's keys do not move when the message under
// the code changes (a refused code's longer message moved them under the
// patient's finger).
func TestCodeKeysStayPut(t *testing.T) {
	k := newKiosk(t)
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	key := find(t, k, func(b *widget.Button) bool { return b.Text == "8" })
	where := func() fyne.Position {
		// The test driver lays out again only on a new size, as the real
		// one does on every change.
		k.win.Resize(fyne.NewSize(1279, 800))
		k.win.Resize(fyne.NewSize(1280, 800))
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(key)
	}
	before := where()
	code, _ := patientcode.New()
	wrong := wrongCode(code)
	for _, ch := range wrong {
		k.tap(t, string(ch))
	}
	k.waitCodeChecked(t, k.ui.page.pad)
	if !strings.Contains(k.ui.page.pad.message.Text, "doesn't match") {
		t.Fatal("no message for the wrong code")
	}
	if after := where(); after != before {
		t.Fatalf("the 8 key moved from %v to %v when the message changed", before, after)
	}
	k.tap(t, "⌫")
	// The same wrong symbol again (a fixed "0" made a valid code one time
	// in 32 and the keypad left for the check-in).
	k.tap(t, wrong[len(wrong)-1:])
	k.waitCodeChecked(t, k.ui.page.pad) // the code is whole again: checked again
	if after := where(); after != before {
		t.Fatalf("the 8 key moved from %v to %v when the message went back", before, after)
	}
}
