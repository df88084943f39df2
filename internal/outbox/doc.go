// Package outbox uploads the kiosk's complete pieces from the spool to the
// remote, exactly once and verified, and never gives up.
//
// The spool is the queue: a complete piece in the spool is pending, so the
// queue survives restarts and crashes with nothing else on disk except small
// "uploaded" markers for pieces kept locally for a retention period. For each
// piece, in creation order, the outbox puts every sealed blob (streamed from
// its file, create-only, with the SHA-256 from the spool's receipt), then the
// sealed manifest: a piece is in the bucket when its manifest is, and
// manifests are committed strictly in creation order, so a gallery that pulls
// manifests in key order misses nothing. Blob uploads of the next few pieces
// run ahead with bounded concurrency.
//
// A put answered "exists" (HTTP 412: an earlier attempt was stored but its
// answer was lost) is success when the stored object's size and SHA-256
// match; with kiosk credentials that may not read (docs/minio-kiosk-policy.json)
// the outbox cannot stat, and relies instead on the server having checked
// every put against the declared SHA-256 and on the kiosk being the only
// writer under its prefix (docs/SYNC.md). Every upload is verified (Stat, or
// the put's checksum receipt where Stat is refused) before the piece is
// marked uploaded and removed from the spool.
//
// Failures back off exponentially with jitter up to about five minutes and
// are retried forever; Kick makes the outbox try at once (after a save).
// A piece that can never upload as it is (a different object already under
// its key, or a damaged spool file) is held: kept locally, logged, shown in
// Status, and skipped so that later pieces still go.
package outbox
