// Package galleryui is the clinician gallery's Fyne front end: the lock
// screen, the patients list and search, the patient's view (emotion
// timeline and virtualised visit grids), the piece viewer with replay, and
// their text (assets/i18n/gallery.*.json). It renders what an
// internal/gallery Session says and holds nothing decrypted while locked;
// the session's callbacks reach the widgets through fyne.Do. It never
// imports fyne.io/fyne/v2/app, so the test driver can run all of it.
package galleryui
