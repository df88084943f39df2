// Package textaudit finds text on a Fyne canvas that a person cannot read
// whole: wider or taller than the room its layout gave it, or reaching
// outside the window or outside the widget that holds it, or shortened
// with an ellipsis. Text half under the edge of a scroll is counted apart:
// it is there to be scrolled to. The kiosk runs it on the real driver when
// AFTERIMAGE_TEXT_AUDIT=1 (the real-screen tests walk every screen in each
// language with it); tests run it on the test driver.
package textaudit
