// Package testbench connects tests to the real services that `make test`
// starts: a MinIO server on loopback, a private PulseAudio with a null sink
// (ALSA pointed at it), and an Xvfb display. The runner in ./runbench starts
// them and exports their coordinates in the environment.
//
// Under the bench (AFTERIMAGE_TESTBENCH=1) a test whose service is missing
// fails; under a plain `go test` it is skipped with one line saying how to
// run it. Services shared by concurrently running test binaries (the audio
// sink, the display) are taken under a cross-process lock for the test's
// lifetime.
package testbench
