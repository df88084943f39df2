// Package testbench connects tests to the real services that `make test`
// starts: a MinIO server on loopback, a private PulseAudio with a null sink
// (ALSA pointed at it), and an Xvfb display. The runner in ./runbench starts
// them and exports their coordinates in the environment.
//
// The work is done by one package a service, so that a test needs only
// what it uses:
//
//   - benchenv: the environment, tools, locks and child processes (no cgo);
//   - s3bench: MinIO (no cgo, no PortAudio);
//   - audiobench: PulseAudio heard through PortAudio (cgo);
//   - displaybench: Xvfb, the apps on it, xdotool and an X client.
//
// This package gathers them under one name for tests that use several
// services; a test package that needs only S3 imports s3bench, and
// make check keeps those packages buildable without cgo.
//
// Under the bench (AFTERIMAGE_TESTBENCH=1) a test whose service is missing
// fails; under a plain `go test` it is skipped with one line saying how to
// run it. Services shared by concurrently running test binaries (the audio
// sink, the display) are taken under a cross-process lock for the test's
// lifetime.
package testbench
