// Package drawing prepares a finished or unfinished drawing for the spool:
// the canvas as PNG (encoded off the UI goroutine), a 512-px-wide JPEG
// thumbnail made with imaging from the in-memory canvas, and the stroke log,
// as spool.BlobSource values; and it autosaves the stroke log as a draft
// every few seconds through a Drafter the kiosk provides.
//
// It has no user interface and never logs what was drawn.
package drawing
