//go:build !cgo

package audio

import (
	"fmt"
	"time"
)

// Built without cgo there is no PortAudio: sound is reported unavailable.

func paOpen() error {
	return fmt.Errorf("audio: initialise: built without PortAudio: %w", ErrAudioSystem)
}

func paClose() {}

func openCapture(string, func(int) int, func([]int16, bool)) (stream, int, error) {
	return nil, 0, fmt.Errorf("audio: open input: %w", ErrNoMicrophone)
}

func openPlayback(string, func([]int16)) (stream, error) {
	return nil, fmt.Errorf("audio: open output: %w", ErrNoSpeaker)
}

func openLive(string, int, func([]int16, time.Duration)) (stream, func() time.Duration, time.Duration, error) {
	return nil, nil, 0, fmt.Errorf("audio: open live output: %w", ErrNoSpeaker)
}

// InputDevices lists the names of devices that can record.
func InputDevices() ([]string, error) { return nil, paOpen() }
