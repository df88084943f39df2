package kioskui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
)

// TestIdleResetKeepsDraftAndForgetsVisit: a patient walks away mid-drawing.
// After the idle time and the countdown (an injected clock), the drawing is
// saved as a piece marked unfinished, Welcome shows, and nothing of the
// visit can be reached any more.
func TestIdleResetKeepsDraftAndForgetsVisit(t *testing.T) {
	k := newKiosk(t)
	m := k.ui.Machine()
	code, _ := patientcode.New()
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.setMood(t, piece.Mood{Pleasantness: 2, Energy: 2})
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	m.Activity()

	// Not yet idle: nothing happens.
	m.Tick(k.clock.Add(2 * time.Minute))
	if s := m.Screen(); s != kiosk.Studio {
		t.Fatalf("after 2 minutes the kiosk shows %q, want the studio still", s)
	}
	m.Tick(k.clock.Add(90 * time.Second))
	k.waitScreen(t, kiosk.IdleWarning)
	m.Tick(k.clock.Add(61 * time.Second))
	k.waitScreen(t, kiosk.Welcome)

	pieces, visits := k.spooled(t)
	if len(pieces) != 1 {
		t.Fatalf("spool after the idle reset: %d pieces; want the unfinished drawing", len(pieces))
	}
	opened := pieces[0]
	if len(visits) != 1 || visits[0].CheckedOut || visits[0].CheckIn == nil || visits[0].CheckIn.Energy != 2 ||
		len(visits[0].Pieces) != 1 || visits[0].Pieces[0] != opened.Manifest.ID {
		t.Fatalf("visit records after the idle reset: %+v; want one with the check-in mood and the drawing", visits)
	}
	if mf := opened.Manifest; !mf.Unfinished || mf.Kind != piece.Drawing || mf.PatientCode != string(code) || mf.Blob("b1") == nil {
		t.Fatalf("saved piece: unfinished=%v kind=%s code ok=%v blobs=%v", mf.Unfinished, mf.Kind, mf.PatientCode == string(code), mf.Blobs)
	}
	if drafts, _ := k.ui.deps.Station.Spool.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after the reset; the piece should have replaced its draft", len(drafts))
	}

	// Nothing of the visit is reachable.
	if v := m.Visit(); v.ID != "" || v.PatientCode != "" || len(v.Pieces) != 0 {
		t.Fatal("the visit is still held after the reset")
	}
	if m.CanGoBack() || m.Back() == nil {
		t.Fatal("Back from Welcome after a reset must go nowhere")
	}
	if k.ui.pieces.Current() != nil {
		t.Fatal("the UI still holds pieces of the last visit")
	}
	// The next patient starts from an empty code and an empty canvas with no undo.
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	if cont := find(t, k, func(b *widget.Button) bool { return b.Text == "Continue" }); !cont.Disabled() {
		t.Fatal("the code keypad still holds the last patient's code")
	}
	next, _ := patientcode.New()
	k.enterCode(t, next)
	k.waitScreen(t, kiosk.CheckIn)
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	studio := find(t, k, func(*paintview.Studio) bool { return true })
	if studio.Painter().CanUndo() || studio.Log().Len() != 0 {
		t.Fatal("the new patient's canvas can undo into the last patient's drawing")
	}
}
