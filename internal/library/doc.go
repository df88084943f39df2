// Package library is the gallery's side of sync: it pulls new pieces from
// the remote, verifies every byte against the piece's sealed manifest,
// decrypts with the clinic's identity, and hands complete pieces to the
// gallery. A piece whose blob is missing, the wrong size or fails its
// SHA-256 (sealed or plain) is reported damaged, never shown.
//
// Pulling: each kiosk uploads under v1/pieces/<kiosk>/<piece>/ with the
// manifest last, and piece ids sort by time. The library keeps, per kiosk,
// a cursor (every piece up to it has been handed over) plus the ids of
// pieces already handed over beyond it (uploads of one kiosk can complete
// out of order), so a pull lists only what is new. Kiosks are discovered
// with one short listing each ("~" sorts after every character a key may
// hold, so listing after "<prefix>~" skips a whole kiosk or piece).
//
// What the library keeps on disk stays encrypted: the sealed objects as
// downloaded, in a cache folder, and its own state (cursors, no patient
// data). Plaintext lives only in memory.
package library
