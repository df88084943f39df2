// Package checkpoint is a periodic flusher: it calls a func(ctx) error
// every period on its own goroutine until stopped, and Stop waits for a
// flush in progress. The drawing and writing autosavers use it; what a
// flush writes is theirs.
package checkpoint
