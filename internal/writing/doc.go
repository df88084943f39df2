// Package writing is a written piece (narrative practice) without any UI:
// the page as the patient types it (Page, safe to read from any goroutine
// so a visit that ends mid-sentence saves every letter), its checkpoints in
// the spool (Autosaver), the files a finished page is stored as (Encode:
// the text as the original blob, a picture of its first lines as the
// thumbnail) and the text read back from storage (Decode), which treats
// every byte as hostile.
package writing
