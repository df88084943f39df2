// Package recovered rebuilds what a finished piece has from what a
// crash-recovered piece holds. A kiosk that crashes (or loses power)
// mid-piece promotes the piece's last draft checkpoint at its next start:
// a recording as its raw ~10 s segments (piece.RoleSegment), a drawing as
// its stroke log (piece.RoleStrokes). A production kiosk seals its drafts
// to the clinic alone and cannot read them back, so the gallery rebuilds
// such a piece when it opens it: the segments joined and encoded to FLAC
// with the waveform and peaks (internal/media), the drawing replayed from
// its log by the engine that painted it (internal/paint) to its PNG and
// thumbnail.
//
// What Rebuild returns is derived data: computed locally from the blobs
// the kiosk sealed (and, when it signs, signed through the manifest), it is
// never part of the manifest and no signature covers it. The piece stays
// unfinished.
//
// The blobs are hostile input: their number and sizes are capped before
// anything is read (Limits), the stroke log is decoded by paint.DecodeLog
// and the canvas must fit media.DrawingPixels, the replay keeps no more
// undo history than the live painter did, and the work stops when the
// context ends (the caller's error) or Limits.MaxTime passes (damaged). A
// piece that cannot be rebuilt gives an error wrapping ErrDamaged whose
// text says why, without patient data.
package recovered
