// Package gallery is the clinician gallery's session, without any UI: it
// unlocks the clinic's identity (the passphrase's KDF runs off the caller's
// goroutine), opens the encrypted index and the library, pulls new pieces
// in the background, answers the screens' questions from the index, decodes
// thumbnails off the UI goroutine into a bounded cache, and locks after an
// idle time: the pull stops, every decoded picture is dropped and the index
// is closed.
//
// The UI (internal/ui/galleryui) calls a Session and listens to it through
// the callbacks in Options; this package never imports Fyne.
package gallery
