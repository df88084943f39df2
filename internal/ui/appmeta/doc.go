// Package appmeta turns an app's FyneApp.toml into the Fyne metadata the
// app declares at start, so that a binary built with plain "go build" says
// what the fyne tool's builds say: its ID, name and, above all, the fyneDo
// migration (Fyne reads FyneApp.toml itself only through the fyne tool, or
// from the executable's folder in development builds).
//
// With fyneDo declared, Fyne's UI goroutine rules are final: fyne.Do and
// fyne.DoAndWait always run their function on the UI goroutine, and
// DoAndWait waits for it — so it must never be called on the UI goroutine.
package appmeta
