// Package index is the gallery's embedded, encrypted, rebuildable index of
// pulled manifests: the pieces, visits, patients, moods, emotion words,
// titles and reflections (full-text, FTS5), damage and provenance state, and
// the pull's state (per-kiosk cursors, the last full listing, problem
// records) that the gallery browses and searches from.
//
// The index is a cache. The sealed manifests in the bucket stay the truth:
// Rebuild refills the index from them, and Open never fails because the file
// is damaged, cut short, garbled or sealed with another key — it moves the
// file aside, starts an empty one and says so in its OpenReport, so the
// caller can tell the person at the screen and rebuild.
//
// Storage: SQLite through github.com/ncruces/go-sqlite3 (no cgo), with its
// "adiantum" VFS, so every page of the database and its journal is encrypted
// on disk. The 256-bit key is derived with HKDF-SHA-256 from the unlocked
// clinic identity's secret material and a random per-install salt kept
// beside the database (<path>.salt, not secret); it is handed to the VFS as
// a raw key, never through the VFS's passphrase (Argon2) mode. Temporary
// tables and sorts stay in memory.
//
// One Index holds one connection; its methods are safe for concurrent use
// and run one at a time. Nothing this package logs or returns as an error
// quotes patient data (codes, titles, reflections, words).
package index
