package audio

import (
	"sync"
	"sync/atomic"
)

// openStreams counts PortAudio streams opened and not yet closed.
var openStreams atomic.Int64

// OpenStreams is how many PortAudio streams (capture or playback) this
// process holds open now: zero once a visit's recorders and players are
// closed. For the kiosk's checks that no microphone outlives its visit.
func OpenStreams() int { return int(openStreams.Load()) }

// countedStream counts itself in OpenStreams until closed.
type countedStream struct {
	stream
	once sync.Once
}

func counted(s stream) stream {
	openStreams.Add(1)
	return &countedStream{stream: s}
}

func (c *countedStream) Close() error {
	err := c.stream.Close()
	c.once.Do(func() { openStreams.Add(-1) })
	return err
}
