// Package kioskui is the kiosk's Fyne front end: the window, the screens of
// a patient's visit and the staff panel. It adapts internal/kiosk (the visit
// as a state machine) and the studios to Fyne; it holds no domain logic and
// never imports fyne.io/fyne/v2/app, so the test driver can run all of it.
package kioskui
