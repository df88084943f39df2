//go:build cgo

package audio

import (
	"fmt"
	"time"

	"github.com/gordonklaus/portaudio"
)

// This file is the only one that talks to PortAudio; nocgo.go is its twin
// for builds without cgo (the kiosk still draws, sound says "unavailable").
//
// Under -race, Go's checkptr rejects how gordonklaus/portaudio passes its
// stream ids to C (unsafe.Pointer of a small integer) from the second stream
// of a process on. Race-enabled test runs therefore need
// -gcflags=github.com/gordonklaus/portaudio=-d=checkptr=0 (the Makefile's
// test target passes it); normal builds are unaffected.

// paOpen initialises PortAudio for one stream's lifetime. PortAudio counts
// initialisations; each successful paOpen needs one paClose.
func paOpen() error {
	if err := portaudio.Initialize(); err != nil {
		return fmt.Errorf("audio: initialise: %w: %w", ErrAudioSystem, err)
	}
	return nil
}

func paClose() { _ = portaudio.Terminate() }

func findDevice(name string, input bool) (*portaudio.DeviceInfo, error) {
	var dev *portaudio.DeviceInfo
	var err error
	switch {
	case name != "":
		devs, derr := portaudio.Devices()
		if derr != nil {
			err = derr
			break
		}
		for _, d := range devs {
			if d.Name == name {
				dev = d
				break
			}
		}
	case input:
		dev, err = portaudio.DefaultInputDevice()
	default:
		dev, err = portaudio.DefaultOutputDevice()
	}
	missing := ErrNoMicrophone
	if !input {
		missing = ErrNoSpeaker
	}
	if err != nil {
		return nil, fmt.Errorf("audio: find device: %w: %w", missing, err)
	}
	if dev == nil || (input && dev.MaxInputChannels < 1) || (!input && dev.MaxOutputChannels < 1) {
		return nil, fmt.Errorf("audio: find device: %w", missing)
	}
	return dev, nil
}

// openCapture opens a mono 16-bit input stream on the named device (or the
// default), at SampleRate when the device supports it, else at the device's
// own rate, which is returned. cb runs on PortAudio's thread with each buffer
// of framesPerBuffer(rate) samples and whether input overflowed before it.
func openCapture(device string, framesPerBuffer func(rate int) int, cb func(in []int16, overflow bool)) (stream, int, error) {
	dev, err := findDevice(device, true)
	if err != nil {
		return nil, 0, err
	}
	p := portaudio.HighLatencyParameters(dev, nil)
	p.Input.Channels = 1
	p.SampleRate = SampleRate
	if portaudio.IsFormatSupported(p, make([]int16, 1)) != nil {
		p.SampleRate = dev.DefaultSampleRate
	}
	rate := int(p.SampleRate)
	p.FramesPerBuffer = framesPerBuffer(rate)
	s, err := portaudio.OpenStream(p, func(in []int16, _ portaudio.StreamCallbackTimeInfo, flags portaudio.StreamCallbackFlags) {
		cb(in, flags&portaudio.InputOverflow != 0)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("audio: open input: %w: %w", ErrNoMicrophone, err)
	}
	return counted(s), rate, nil
}

// openPlayback opens a mono 16-bit output stream at SampleRate.
func openPlayback(device string, cb func(out []int16)) (stream, error) {
	dev, err := findDevice(device, false)
	if err != nil {
		return nil, err
	}
	p := portaudio.HighLatencyParameters(nil, dev)
	p.Output.Channels = 1
	p.SampleRate = SampleRate
	p.FramesPerBuffer = SampleRate / 50
	s, err := portaudio.OpenStream(p, cb)
	if err != nil {
		return nil, fmt.Errorf("audio: open output: %w: %w", ErrNoSpeaker, err)
	}
	return counted(s), nil
}

// openLive opens a mono 16-bit output stream at SampleRate for sound made as
// it is played, with PortAudio's low-latency parameters and buffers of
// frames samples. cb gets each buffer with how long until its first sample
// reaches the device; the stream's clock and its reported output latency
// are returned.
func openLive(device string, frames int, cb func(out []int16, dac time.Duration)) (stream, func() time.Duration, time.Duration, error) {
	dev, err := findDevice(device, false)
	if err != nil {
		return nil, nil, 0, err
	}
	p := portaudio.LowLatencyParameters(nil, dev)
	p.Output.Channels = 1
	p.Output.Latency = max(p.Output.Latency, LiveLatency)
	p.SampleRate = SampleRate
	p.FramesPerBuffer = frames
	s, err := portaudio.OpenStream(p, func(out []int16, ti portaudio.StreamCallbackTimeInfo) {
		cb(out, ti.OutputBufferDacTime)
	})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("audio: open live output: %w: %w", ErrNoSpeaker, err)
	}
	return counted(s), s.Time, s.Info().OutputLatency, nil
}

// InputDevices lists the names of devices that can record, for the staff
// settings screen.
func InputDevices() ([]string, error) {
	if err := paOpen(); err != nil {
		return nil, err
	}
	defer paClose()
	devs, err := portaudio.Devices()
	if err != nil {
		return nil, fmt.Errorf("audio: list devices: %w: %w", ErrAudioSystem, err)
	}
	var names []string
	for _, d := range devs {
		if d.MaxInputChannels > 0 {
			names = append(names, d.Name)
		}
	}
	return names, nil
}
