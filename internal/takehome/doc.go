// Package takehome writes a patient's own copy of their pieces (the
// take-home export): a folder or a zip the clinic hands over on a USB
// stick or through the patient's own channel. It holds each chosen
// drawing as its full-size PNG, each recording and voice note as its
// stored FLAC, and an index.html that works offline in any browser
// without scripts: the pictures, audio players, titles, emotion words,
// reflections and dates, and a short note on what Afterimage is.
//
// Only what the caller passes goes in: the package knows nothing of
// clinicians' notes, other patients, keys or kiosks, and the page names no
// patient code (a lost stick says as little as it can).
//
// No web-friendly second audio copy is made: no well-kept pure-Go MP3,
// Opus or Vorbis encoder exists (the maintained ones bind libmp3lame or
// libopus through cgo; the pure-Go ones are decoders or unmaintained
// ports), and every current browser (Chromium, Firefox, Safari since
// 2017) plays FLAC in <audio>, which the package's browser test proves.
//
// An export streams: one piece at a time, each file copied as it is read,
// the zip written entry by entry, so memory does not grow with the
// number of pieces. It is written under a temporary name beside the
// destination and renamed into place only when complete, so a cancelled
// or failed export leaves nothing behind.
package takehome
