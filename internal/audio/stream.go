package audio

// stream is an open PortAudio stream as the recorder and player use it (in
// a build without cgo, none is ever opened).
type stream interface {
	Start() error
	Stop() error
	Abort() error
	Close() error
}
