// Package s3 is the S3 backend of remote.Remote, built on minio-go: it works
// with MinIO (single node or distributed), AWS S3 and other S3-compatible
// services.
//
// Every put is a single PUT request (no multipart: an object is visible
// whole or not at all) carrying the SHA-256 the caller declared twice: as the
// signed payload hash (X-Amz-Content-Sha256, checked by the server before it
// stores anything) and as x-amz-checksum-sha256 (stored with the object and
// returned by Stat). It is create-only through If-None-Match: *, so a retried
// put of an object that was stored answers 412, reported as remote.ErrExists.
// No user metadata, tags or content metadata other than
// application/octet-stream is ever set.
//
// The client is made with minio.Options{TrailingHeaders: true}; TLS is used
// when Config.TLS is set, trusting the system roots plus an optional CA file
// (for a clinic's own MinIO with a private CA).
package s3
