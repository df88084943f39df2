package kioskui

import (
	"bytes"
	"runtime"
	"strconv"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// uiThread runs functions on Fyne's UI goroutine from any goroutine,
// including that one. fyne.DoAndWait alone cannot: called on the UI
// goroutine it deadlocks once the app declares the fyneDo migration, and
// returns before the function ran without it. The UI goroutine is the one
// that built the window (Fyne's desktop driver runs its event loop on the
// goroutine that calls main, which builds the kiosk before ShowAndRun).
type uiThread struct {
	id atomic.Uint64
	// doAndWait is fyne.DoAndWait; tests put the real driver's rules in
	// its place (the test driver runs everything at once, anywhere).
	doAndWait func(func())
}

// claim records the calling goroutine as the UI goroutine.
func (t *uiThread) claim() { t.id.Store(goroutineID()) }

// run calls fn on the UI goroutine and returns once it has run.
func (t *uiThread) run(fn func()) {
	if id := t.id.Load(); id != 0 && id == goroutineID() {
		fn()
		return
	}
	do := t.doAndWait
	if do == nil {
		do = fyne.DoAndWait
	}
	do(fn)
}

// goroutineID is the calling goroutine's number, read from its stack
// header ("goroutine 42 [running]:"), as Fyne itself tells its main
// goroutine apart.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0
	}
	return id
}
