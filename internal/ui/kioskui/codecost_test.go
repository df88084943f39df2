package kioskui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/kdf"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
)

// slowestRegistry issued slowestCode (a made-up code), hashed at
// kdf.Slowest: written once by Registry.Save, so that the test pays the
// highest cost only for the check it watches.
const (
	slowestRegistry = `afterimage-patient-codes 1
argon2id m=262144 t=16 p=1 salt=uGSG5BBJ/XscPU+67HnVdA
cu5LqHhb7TMWxPCa6VWpmBs0INBcz8XN5uBOD6TjfzU -
`
	slowestCode = "HQB-2ZPH"
)

// watchedRegistry is a real registry whose checks the test can see begin
// and end; it changes nothing of what they cost or answer.
type watchedRegistry struct {
	*patientcode.Registry
	started chan struct{} // one value a check, as it begins
	done    chan struct{} // closed when the first check has its answer
	// release lets the first answer go back to the kiosk: the test stops
	// capturing frames first, because the test driver runs the kiosk's
	// next render on the checking goroutine, racing a capture (the real
	// driver runs both on its one UI goroutine).
	release chan struct{}
	checks  atomic.Int32
}

func (w *watchedRegistry) Check(c patientcode.Code, now time.Time) patientcode.Status {
	w.started <- struct{}{}
	s := w.Registry.Check(c, now)
	if w.checks.Add(1) == 1 {
		close(w.done)
		<-w.release
	}
	return s
}

// TestCodeCheckAtTheHighestCostKeepsTheScreenRendering enters an issued
// code into a kiosk whose registry hashes with the costliest argon2id a
// registry file may ask for (kdf.Slowest): while the check runs, the UI
// goroutine keeps rendering frames of the window (a capture a round) and
// the pad says it is checking; then the check-in shows.
func TestCodeCheckAtTheHighestCostKeepsTheScreenRendering(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes at the highest argon2id cost (256 MiB, 16 passes)")
	}
	reg, err := patientcode.Read(strings.NewReader(slowestRegistry))
	if err != nil {
		t.Fatal(err)
	}
	if reg.Costs() != kdf.Slowest {
		t.Fatalf("the registry hashes at %+v; want the highest cost a registry may ask for, %+v", reg.Costs(), kdf.Slowest)
	}
	code, err := patientcode.Parse(slowestCode)
	if err != nil {
		t.Fatal(err)
	}
	codes := &watchedRegistry{Registry: reg, started: make(chan struct{}, 1), done: make(chan struct{}), release: make(chan struct{})}
	t.Cleanup(func() { // a failed test still lets the check go
		select {
		case <-codes.release:
		default:
			close(codes.release)
		}
	})
	k := newKiosk(t, func(d *Deps) { d.Codes = codes })
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	pad := k.ui.page.pad
	canvas := k.win.Canvas().(test.WindowlessCanvas)

	typed := make(chan struct{})
	go func() {
		defer close(typed)
		fyne.DoAndWait(func() { k.enterCode(t, code) })
	}()
	<-typed
	select {
	case <-codes.started:
	case <-time.After(60 * time.Second):
		t.Fatal("the full code was typed but no registry check began")
	}

	// Render frames on the UI goroutine until the check answers; count
	// those finished while it was still running.
	var during, checking int
	for {
		frame := make(chan bool, 1)
		fyne.Do(func() {
			img := canvas.Capture()
			if img.Bounds().Empty() {
				t.Error("a frame rendered during the check is empty")
			}
			if strings.Contains(pad.message.Text, "Checking") {
				checking++
			}
			select {
			case <-codes.done:
				frame <- false
			default:
				frame <- true
			}
		})
		var stillChecking bool
		select {
		case stillChecking = <-frame:
		case <-time.After(60 * time.Second):
			t.Fatal("the UI goroutine rendered no frame for a minute while the registry checked a code")
		}
		if !stillChecking {
			break
		}
		during++
	}
	close(codes.release)
	if during < 2 {
		t.Errorf("%d frames rendered while the check ran; want the UI goroutine rendering throughout it (at least 2)", during)
	}
	if checking == 0 {
		t.Error("no frame during the check said the kiosk was checking the code")
	}
	k.waitScreen(t, kiosk.CheckIn)
	if n := codes.checks.Load(); n != 1 {
		t.Errorf("the registry checked %d times; want once", n)
	}
	t.Logf("%d frames rendered during one check at %+v", during, kdf.Slowest)
}
