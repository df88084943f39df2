// Package remoteconfig opens the remote a configuration names (a folder or
// an S3 bucket) and checks it at start: for a kiosk, that its address,
// bucket and credentials work; for the gallery, that the bucket keeps
// object versions. The kiosk's station and the gallery both use it, so the
// gallery does not depend on the kiosk's spool and outbox.
package remoteconfig
