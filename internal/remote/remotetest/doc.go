// Package remotetest is the one conformance suite every remote.Remote
// backend runs (remote/dir always, remote/s3 on the test bench's MinIO), plus
// small helpers for tests that use a remote.
package remotetest
