// Package benchenv is what every part of the test bench shares: the
// environment the bench runner (../runbench) exports, the rule that a test
// whose service is missing fails under the bench (AFTERIMAGE_TESTBENCH=1)
// and is skipped with one line saying how to run it under a plain
// `go test`, the bench's tools and programs, cross-process locks for shared
// services, and the plumbing of child processes (process groups, free
// loopback ports, waiting for an HTTP server, building a command).
//
// It needs neither cgo nor any service of its own.
package benchenv
