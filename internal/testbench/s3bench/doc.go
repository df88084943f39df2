// Package s3bench connects tests to the bench's S3: the shared MinIO server
// the bench runner starts on loopback (S3, a fresh bucket per test) and
// private MinIO servers a fault test may kill and restart (StartMinIO).
// MinIO and mc are separate binaries in .tools/bin (AGPL: never linked).
//
// It builds without cgo and PortAudio, so a package that needs only S3
// keeps its tests free of them (make check verifies it).
package s3bench
