// Package library is the gallery's side of sync: it pulls new pieces from
// the remote, verifies every byte against the piece's sealed manifest,
// decrypts with the clinic's identity, checks who made the piece, and hands
// complete pieces to the gallery. Everything read from the bucket is
// treated as hostile.
//
// Pulling: each kiosk uploads under v1/pieces/<kiosk>/<piece>/ with the
// manifest last, and piece ids (UUIDv7) sort by time. The library keeps,
// per kiosk, a cursor: every piece up to it was handled, so an incremental
// pull lists only what is after it. Only a well-formed UUIDv7 dated no later
// than now + FutureSkew, handed over or recorded as a problem, ever moves a
// cursor: a junk key or a kiosk with a clock running ahead cannot hide later
// pieces. A full listing (the first pull after Open, then at least every
// FullListEvery) catches anything a cursor missed.
//
// Problems are per piece: a piece that is damaged (sizes, hashes, a manifest
// that does not open or lies), unreadable (a GET that fails or stalls) or
// junk is recorded in the Store with a reason, shown until resolved, and
// looked at again with backoff; the pull goes on with the rest. Each piece
// is handed over once, ever: by the pull that verified it (in Pull.Pieces,
// or Pull.Unverified when its origin is not verified), and after a restart
// only by Cached.
//
// Bounded: every remote call has a deadline that moves with progress
// (Options.CallTimeout); listed sizes are checked against the manifest cap
// and each blob's SealedSize before anything is read; blobs stream to the
// cache through a hash and are decrypted once to check their plaintext.
//
// What the library keeps on disk stays encrypted: the sealed objects as
// downloaded, in a cache folder (a piece's sealed manifest lands there last
// and marks it handed over), and its state (cursors, problems; no patient
// data). Plaintext lives only in memory.
//
// Revoked kiosks: a piece's upload time is the latest server-side time of
// its objects (the versions used), given to a Trust that is an
// UploadVerifier; the cached manifest keeps it as its modification time,
// so a piece read back from the cache is judged by it too.
//
// Recovered pieces: a production kiosk that crashed mid-piece uploads it
// as its draft left it (a recording's raw segments, a drawing's stroke
// log), marked unfinished. Piece.NeedsRebuild says so, and Piece.Rebuild
// makes the FLAC, waveform and peaks, or the PNG and thumbnail, from those
// verified blobs (internal/recovered), bounded, each time it is asked:
// derived data, computed here, never cached, never part of what the kiosk
// sealed or signed.
package library
