// Package notes is the therapists' notes on pieces and visits: plain text
// with an author and a time, sealed to the clinic's recipients and stored
// create-only under v1/notes/ so that every clinician's gallery sees them.
// A note is never changed or deleted: an edit is a new version that names
// the one it supersedes, and the newest version of a thread is the note as
// it stands. The author is the clinician name in the writing gallery's
// config: it says who the gallery was set up for, not who was at the
// keyboard (docs/SYNC.md).
package notes
