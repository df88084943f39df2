// Package galleryui is the clinician gallery's Fyne front end. It adapts
// internal/library (pull, verify, decrypt, index) to screens; it never
// imports fyne.io/fyne/v2/app, so the test driver can run all of it.
package galleryui
