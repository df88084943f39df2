// Package remote is the storage interface the kiosk uploads to and the
// gallery reads from: a flat namespace of immutable objects, created once and
// never overwritten.
//
// Two backends implement it: remote/s3 (any S3-compatible service, through
// minio-go) and remote/dir (a local folder, the development default). Both
// pass the one conformance suite in remote/remotetest; the contract they share
// is written on the Remote interface and the error helpers below.
//
// Object keys used by Afterimage (see docs/SYNC.md):
//
//	v1/pieces/<kiosk-id>/<piece-id>/<blob-name>.age
//	v1/pieces/<kiosk-id>/<piece-id>/manifest.age
//
// Keys carry no patient data, and no backend stores user metadata.
package remote
