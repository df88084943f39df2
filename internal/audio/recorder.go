package audio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// ErrMaxLength is the reason given to OnStop when a recording reached the
// preset's maximum length and stopped by itself.
var ErrMaxLength = errors.New("audio: maximum length reached")

// MeterRate is how many level readings per second OnLevel receives.
const MeterRate = 30

// silenceTimeout: no buffer from the device for this long while recording
// means the microphone is gone. startTimeout is the same for the first
// buffer, which may take longer: a USB microphone waking up, or a sound
// server starting the stream on a busy machine.
const (
	silenceTimeout = 2 * time.Second
	startTimeout   = 8 * time.Second
)

// RecorderOptions configure a Recorder. Callbacks run on the recorder's own
// goroutine: UI code must hop to its thread (fyne.Do) and return quickly.
type RecorderOptions struct {
	Preset Preset
	Device string       // input device name; "" is the system default
	Sink   SegmentSink  // receives ~10 s segments while recording; may be nil
	Logger *slog.Logger // staff log; nil means slog.Default()

	OnLevel   func(Level)                   // about MeterRate times a second
	OnWarning func(remaining time.Duration) // once, Preset.WarnBefore before MaxLength
	// OnStop reports a recording that ended by itself: ErrMaxLength, or an
	// error wrapping ErrMicrophoneLost. Stop must still be called to collect
	// the clip.
	OnStop func(reason error)
}

// Stats count what happened in the capture path.
type Stats struct {
	Buffers    int64         // buffers delivered by the device
	Dropped    int64         // buffers lost: device overflow or a full queue
	Segments   int64         // segments accepted by the sink
	SinkErrors int64         // segments the sink failed to store
	MeterTime  time.Duration // CPU-side time spent computing levels
}

// Recorder captures one mono recording at SampleRate through PortAudio.
// Use it once: Start, optionally Pause/Resume, then Stop.
type Recorder struct {
	opt RecorderOptions
	log *slog.Logger

	mu      sync.Mutex
	samples []int16 // everything recorded, after gain and resampling
	state   int     // stateIdle...
	reason  error   // why it stopped by itself

	paused    atomic.Bool
	resumed   atomic.Bool  // a Resume the watchdog has not yet seen
	halted    atomic.Bool  // worker gone: the callback drops everything
	count     atomic.Int64 // len(samples), readable without the lock
	buffers   atomic.Int64
	dropped   atomic.Int64
	segments  atomic.Int64
	sinkErrs  atomic.Int64
	meterNano atomic.Int64

	st      stream
	blocks  chan []int16 // device buffers, callback → worker
	free    chan []int16 // recycled buffers
	segs    chan segmentJob
	done    chan struct{} // worker finished
	sinkEnd chan struct{} // sink goroutine finished
	stopReq chan struct{}
	pauseEv chan struct{} // Pause → worker: hand over what was recorded
	stopOne sync.Once
}

const (
	stateIdle = iota
	stateRecording
	stateStopped
)

type segmentJob struct {
	index int
	pcm   []int16
}

// NewRecorder prepares a recorder; nothing is opened until Start.
func NewRecorder(o RecorderOptions) *Recorder {
	if o.Preset.Name == "" {
		o.Preset = Voice
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Recorder{opt: o, log: log.With("component", "audio.recorder", "preset", o.Preset.Name)}
}

// Start opens the microphone and starts recording. Errors wrap
// ErrNoMicrophone or ErrAudioSystem; the recorder can then be dropped.
func (r *Recorder) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != stateIdle {
		return errors.New("audio: start: recorder already used")
	}
	if err := paOpen(); err != nil {
		r.log.Warn("sound system unavailable", "err", err)
		return err
	}
	const queue = 256 // ~8 s of buffers
	r.blocks = make(chan []int16, queue)
	r.free = make(chan []int16, queue)
	frames := 0
	st, rate, err := openCapture(r.opt.Device, func(rate int) int {
		frames = rate / MeterRate
		return frames
	}, r.callback)
	if err != nil {
		paClose()
		r.log.Warn("microphone unavailable", "err", err)
		return err
	}
	for range queue {
		r.free <- make([]int16, frames)
	}
	if err := st.Start(); err != nil {
		st.Close()
		paClose()
		err = fmt.Errorf("audio: start input: %w: %w", ErrNoMicrophone, err)
		r.log.Warn("microphone unavailable", "err", err)
		return err
	}
	r.st = st
	r.state = stateRecording
	r.segs = make(chan segmentJob, 64)
	r.done = make(chan struct{})
	r.sinkEnd = make(chan struct{})
	r.stopReq = make(chan struct{})
	r.pauseEv = make(chan struct{}, 1)
	var rs *resampler
	if rate != SampleRate {
		rs = newResampler(rate)
	}
	r.log.Info("recording started", "device_rate", rate, "frames_per_buffer", frames)
	go r.storeSegments(context.WithoutCancel(ctx))
	go r.work(rs)
	return nil
}

// callback runs on PortAudio's thread: copy and hand over, nothing else.
func (r *Recorder) callback(in []int16, overflow bool) {
	r.buffers.Add(1)
	if overflow {
		r.dropped.Add(1)
	}
	if r.paused.Load() || r.halted.Load() {
		return
	}
	select {
	case b := <-r.free:
		b = append(b[:0], in...)
		select {
		case r.blocks <- b:
		default:
			r.dropped.Add(1)
		}
	default:
		r.dropped.Add(1)
	}
}

// work turns device buffers into the recording: resample, gain, meter,
// segments, length limit, and notices a silent (lost) device.
func (r *Recorder) work(rs *resampler) {
	defer close(r.done)
	p := r.opt.Preset
	gain := dbToGain(p.GainDB)
	maxLen := durationToSamples(p.MaxLength)
	warnAt := durationToSamples(p.MaxLength - p.WarnBefore)
	warned := p.WarnBefore <= 0 || maxLen <= 0
	var meter meterAcc
	segStart, segIndex := 0, 0
	var scratch []int16
	watchdog := time.NewTimer(startTimeout)
	defer watchdog.Stop()

	flush := func() {
		r.mu.Lock()
		n := len(r.samples)
		pcm := r.samples[segStart:n:n]
		r.mu.Unlock()
		if len(pcm) > 0 && r.opt.Sink != nil {
			r.segs <- segmentJob{segIndex, pcm}
			segIndex++
		}
		segStart = n
	}
	defer func() {
		r.halted.Store(true)
		flush()
		close(r.segs)
	}()

	// handle takes one device buffer in; true means the recording is over.
	handle := func(b []int16) bool {
		in := b
		if rs != nil {
			scratch = rs.process(scratch[:0], b)
			in = scratch
		}
		r.mu.Lock()
		start := len(r.samples)
		r.samples = append(r.samples, in...)
		if maxLen > 0 && len(r.samples) > maxLen {
			r.samples = r.samples[:maxLen]
		}
		added := r.samples[start:]
		applyGain(added, gain)
		n := len(r.samples)
		r.mu.Unlock()
		r.free <- b
		r.count.Store(int64(n))

		t0 := time.Now()
		meter.add(added)
		report := meter.n >= SampleRate/MeterRate
		var lvl Level
		if report {
			lvl = meter.level()
			meter.reset()
		}
		r.meterNano.Add(int64(time.Since(t0)))
		if report && r.opt.OnLevel != nil {
			r.opt.OnLevel(lvl)
		}
		if n-segStart >= SegmentLength {
			flush()
		}
		if !warned && n >= warnAt {
			warned = true
			if r.opt.OnWarning != nil {
				r.opt.OnWarning(samplesToDuration(maxLen - n))
			}
		}
		if maxLen > 0 && n >= maxLen {
			r.autoStop(ErrMaxLength)
			return true
		}
		return false
	}

	for {
		select {
		case b := <-r.blocks:
			watchdog.Reset(silenceTimeout)
			if !r.paused.Load() {
				r.resumed.Store(false)
			}
			if handle(b) {
				return
			}
		case <-r.pauseEv:
			// A patient who pauses may walk away: hand over everything so far.
			// Buffers still queued from before the pause follow in the next
			// segment, so the sound stays continuous.
			if r.count.Load() > int64(segStart) {
				flush()
			}
		case <-watchdog.C:
			// Paused, or resumed since the last buffer: the device has had
			// no full silenceTimeout to deliver, so wait that long again.
			if r.paused.Load() || r.resumed.Swap(false) {
				watchdog.Reset(silenceTimeout)
				continue
			}
			if r.buffers.Load() == 0 {
				r.autoStop(fmt.Errorf("audio: record: no sound within %s of starting: %w", startTimeout, ErrMicrophoneLost))
			} else {
				r.autoStop(fmt.Errorf("audio: record: no sound for %s: %w", silenceTimeout, ErrMicrophoneLost))
			}
			return
		case <-r.stopReq:
			for { // the device is stopped: take in what it had delivered
				select {
				case b := <-r.blocks:
					if handle(b) {
						return
					}
				default:
					return
				}
			}
		}
	}
}

func (r *Recorder) autoStop(reason error) {
	r.mu.Lock()
	r.reason = reason
	r.mu.Unlock()
	if errors.Is(reason, ErrMicrophoneLost) {
		r.log.Warn("recording interrupted", "err", reason, "recorded", r.Elapsed().Round(time.Millisecond).String())
	} else {
		r.log.Info("recording reached its maximum length")
	}
	if r.opt.OnStop != nil {
		r.opt.OnStop(reason)
	}
}

// storeSegments hands segments to the sink, off the capture path so a slow
// disk never drops sound.
func (r *Recorder) storeSegments(ctx context.Context) {
	defer close(r.sinkEnd)
	for j := range r.segs {
		if err := r.opt.Sink.AppendSegment(ctx, j.index, j.pcm); err != nil {
			r.sinkErrs.Add(1)
			r.log.Error("could not store recording segment", "segment", j.index, "err", err)
			continue
		}
		r.segments.Add(1)
	}
}

// Pause stops taking sound in; Resume continues the same recording, without
// the paused time. The part recorded so far is handed to the sink.
func (r *Recorder) Pause() {
	r.paused.Store(true)
	r.mu.Lock()
	ev := r.pauseEv
	r.mu.Unlock()
	select {
	case ev <- struct{}{}:
	default:
	}
}

// Resume continues after Pause.
func (r *Recorder) Resume() {
	r.resumed.Store(true)
	r.paused.Store(false)
}

// Paused reports whether the recorder is paused.
func (r *Recorder) Paused() bool { return r.paused.Load() }

// Elapsed is the length recorded so far.
func (r *Recorder) Elapsed() time.Duration { return samplesToDuration(int(r.count.Load())) }

// Tail copies the last n recorded samples (fewer at the start), for a live
// waveform.
func (r *Recorder) Tail(n int) []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.samples[max(len(r.samples)-n, 0):]
	return append([]int16(nil), s...)
}

// Stats reports capture counters; safe at any time.
func (r *Recorder) Stats() Stats {
	return Stats{
		Buffers:    r.buffers.Load(),
		Dropped:    r.dropped.Load(),
		Segments:   r.segments.Load(),
		SinkErrors: r.sinkErrs.Load(),
		MeterTime:  time.Duration(r.meterNano.Load()),
	}
}

// Stop ends the recording, closes the device, waits until the last segment
// is with the sink, and returns everything recorded. The error is the reason
// the recording had already stopped by itself (ErrMaxLength or
// ErrMicrophoneLost), or a failure closing the device; the clip is valid in
// every case. Stop is safe to call more than once.
func (r *Recorder) Stop() (Clip, error) {
	r.mu.Lock()
	state := r.state
	r.mu.Unlock()
	if state == stateIdle {
		return Clip{}, nil
	}
	var closeErr error
	r.stopOne.Do(func() {
		r.mu.Lock()
		lost := errors.Is(r.reason, ErrMicrophoneLost)
		r.mu.Unlock()
		if lost {
			// A lost device may never finish a graceful stop.
			close(r.stopReq)
			<-r.done
			_ = r.st.Abort()
		} else {
			// Graceful: every buffer the device captured reaches the worker.
			if err := r.st.Stop(); err != nil {
				closeErr = fmt.Errorf("audio: stop input: %w: %w", ErrAudioSystem, err)
			}
			close(r.stopReq)
			<-r.done
		}
		r.st.Close()
		paClose()
		<-r.sinkEnd
		r.mu.Lock()
		r.state = stateStopped
		r.mu.Unlock()
		st := r.Stats()
		r.log.Info("recording stopped", "recorded", r.Elapsed().Round(time.Millisecond).String(),
			"buffers", st.Buffers, "dropped", st.Dropped, "segments", st.Segments, "sink_errors", st.SinkErrors)
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.reason
	if errors.Is(err, ErrMaxLength) {
		err = nil
	}
	if closeErr != nil {
		err = errors.Join(err, closeErr)
	}
	return Clip{Samples: r.samples}, err
}
