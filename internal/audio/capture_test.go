package audio

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// These tests record for real through PortAudio → ALSA → the bench's private
// PulseAudio, whose null sink is what the "microphone" hears.

const childEnv = "AFTERIMAGE_AUDIO_CHILD"

// playedAmp is the amplitude of the test tone: -6.02 dBFS peak, -9.03 dBFS RMS.
const playedAmp = 0.5

// startTone plays a 440 Hz tone into the bench sink and returns once the
// microphone hears it, so a recording started afterwards is tone throughout.
func startTone(t *testing.T, seconds int) {
	t.Helper()
	env := testbench.Audio(t)
	env.Play(t, sine(440, playedAmp, seconds*SampleRate), SampleRate)
	heard := make(chan struct{}, 1)
	probe := NewRecorder(RecorderOptions{Preset: Music, OnLevel: func(l Level) {
		if l.RMS > -12 {
			select {
			case heard <- struct{}{}:
			default:
			}
		}
	}})
	if err := probe.Start(context.Background()); err != nil {
		t.Fatalf("probe recording: %v", err)
	}
	defer probe.Stop()
	select {
	case <-heard:
	case <-time.After(10 * time.Second):
		t.Fatal("the tone played into the sink never reached the microphone")
	}
}

// startRecording starts a recorder and returns once sound arrives (its
// first meter reading): a busy machine may take a moment to start a stream,
// and wall-clock scenarios count from the sound.
func startRecording(t *testing.T, o RecorderOptions) *Recorder {
	t.Helper()
	first := make(chan struct{})
	var once sync.Once
	onLevel := o.OnLevel
	o.OnLevel = func(l Level) {
		once.Do(func() { close(first) })
		if onLevel != nil {
			onLevel(l)
		}
	}
	rec := NewRecorder(o)
	if err := rec.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		rec.Stop()
		t.Fatal("no sound arrived within 10 s of starting")
	}
	return rec
}

func TestRecordTone(t *testing.T) {
	startTone(t, 15)
	rec := startRecording(t, RecorderOptions{Preset: Music})
	// The scenario: record for 3 s of wall-clock time, counted from when sound
	// started arriving (its first meter reading).
	<-time.After(3*time.Second - time.Second/MeterRate)
	clip, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	var fl bytes.Buffer
	if err := media.EncodeFLAC(&fl, clip.Samples, SampleRate); err != nil {
		t.Fatal(err)
	}
	pcm, rate, err := media.DecodeFLAC(&fl)
	if err != nil {
		t.Fatal(err)
	}
	got := time.Duration(len(pcm)) * time.Second / time.Duration(rate)
	if got < 2900*time.Millisecond || got > 3100*time.Millisecond {
		t.Errorf("FLAC holds %v, want 3 s ± 0.1 s", got)
	}
	if f := dominantFrequency(pcm, rate); math.Abs(f-440) > 5 {
		t.Errorf("dominant frequency %.1f Hz, want 440 ± 5", f)
	}
	want := 20 * math.Log10(playedAmp/math.Sqrt2)
	if l := MeasureLevel(pcm); math.Abs(l.RMS-want) > 1 {
		t.Errorf("recorded RMS %.2f dBFS, played %.2f dBFS", l.RMS, want)
	}
	if st := rec.Stats(); st.Dropped != 0 {
		t.Errorf("%d buffers dropped in 3 s", st.Dropped)
	}
}

// TestResumeIsNotAMicrophoneLoss: the device's silence watchdog runs on
// while paused, so a pause that ends just before it fires must not count
// the moments before the first buffer after Resume as a lost microphone
// (seen on the real kiosk: "The microphone stopped" after Continue). Each
// pause ends a few milliseconds before silenceTimeout after the last
// buffer, shorter than one device buffer (about 33 ms).
func TestResumeIsNotAMicrophoneLoss(t *testing.T) {
	startTone(t, 20)
	var mu sync.Mutex
	var last time.Time
	rec := startRecording(t, RecorderOptions{Preset: Music, OnLevel: func(Level) {
		mu.Lock()
		last = time.Now()
		mu.Unlock()
	}})
	for range 3 {
		rec.Pause()
		mu.Lock()
		resumeAt := last.Add(silenceTimeout - 5*time.Millisecond)
		mu.Unlock()
		<-time.After(time.Until(resumeAt))
		rec.Resume()
		before := rec.Elapsed()
		deadline := time.Now().Add(3 * time.Second)
		for rec.Elapsed() < before+300*time.Millisecond && time.Now().Before(deadline) {
			<-time.After(20 * time.Millisecond)
		}
	}
	if _, err := rec.Stop(); err != nil {
		t.Fatalf("after pauses and resumes: %v", err)
	}
}

func TestPauseResumeIsOneContinuousRecording(t *testing.T) {
	startTone(t, 20)
	dir := t.TempDir()
	rec := startRecording(t, RecorderOptions{Preset: Music, Sink: DirSink{Dir: dir}})
	<-time.After(time.Second)
	rec.Pause()
	atPause := rec.Elapsed()
	<-time.After(1500 * time.Millisecond) // paused: nothing may be recorded
	if d := rec.Elapsed() - atPause; d > 150*time.Millisecond {
		t.Errorf("%v recorded while paused", d)
	}
	rec.Resume()
	<-time.After(time.Second)
	clip, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if d := clip.Duration(); d < 1850*time.Millisecond || d > 2350*time.Millisecond {
		t.Errorf("clip is %v; want about 2 s (3.5 s wall time minus 1.5 s paused)", d)
	}
	// The segments (flushed at pause and stop) are the same continuous sound.
	segs, err := DirSink{Dir: dir}.ReadSegments()
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) < 2 {
		t.Errorf("%d segments; pause should hand over what was recorded", len(segs))
	}
	rebuilt, skipped := Rebuild(segs)
	if skipped != 0 || !slices.Equal(rebuilt.Samples, clip.Samples) {
		t.Errorf("segments rebuild %d samples (skipped %d), clip has %d", len(rebuilt.Samples), skipped, len(clip.Samples))
	}
	// No silence where the pause was. (Short dips can come from the player
	// feeding the bench's sink late on a loaded machine; the paused 1.5 s
	// would show as silent windows.)
	for off := 0; off+SampleRate/10 <= len(clip.Samples); off += SampleRate / 10 {
		if l := MeasureLevel(clip.Samples[off : off+SampleRate/10]); l.RMS < -30 {
			t.Fatalf("silence at %v in the clip (RMS %.1f dBFS)", samplesToDuration(off), l.RMS)
		}
	}
	var fl bytes.Buffer
	if err := media.EncodeFLAC(&fl, clip.Samples, SampleRate); err != nil {
		t.Fatal(err)
	}
	if pcm, _, err := media.DecodeFLAC(&fl); err != nil || len(pcm) != len(clip.Samples) {
		t.Fatalf("FLAC: %d samples, %v", len(pcm), err)
	}
}

// TestKilledRecorderLosesAtMostOneSegment SIGKILLs a recording child process
// 25 s in and rebuilds the recording from the segments it had stored.
func TestKilledRecorderLosesAtMostOneSegment(t *testing.T) {
	if os.Getenv(childEnv) == "record" {
		recordForever(os.Getenv("SEGMENT_DIR"))
		return
	}
	if testing.Short() {
		t.Skip("takes 25 s of real time")
	}
	startTone(t, 60)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRecorderLosesAtMostOneSegment$")
	cmd.Env = append(os.Environ(), childEnv+"=record", "SEGMENT_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// The child reports elapsed recording time every half second.
	lines := bufio.NewScanner(out)
	var at time.Duration
	for at < 25*time.Second && lines.Scan() {
		if d, ok := strings.CutPrefix(lines.Text(), "elapsed "); ok {
			at, _ = time.ParseDuration(d)
		}
		if e, ok := strings.CutPrefix(lines.Text(), "error "); ok {
			t.Fatalf("child: %s", e)
		}
	}
	if at < 25*time.Second {
		t.Fatalf("child stopped reporting at %v", at)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	segs, err := DirSink{Dir: dir}.ReadSegments()
	if err != nil {
		t.Fatal(err)
	}
	clip, skipped := Rebuild(segs)
	t.Logf("killed at %v of recording; recovered %v from %d segments", at, clip.Duration(), len(segs))
	if clip.Duration() < 15*time.Second || skipped != 0 {
		t.Fatalf("recovered %v (skipped %d segments), want at least 15 s", clip.Duration(), skipped)
	}
	if f := dominantFrequency(clip.Samples[SampleRate:], SampleRate); math.Abs(f-440) > 5 {
		t.Fatalf("recovered sound is at %.1f Hz, not the 440 Hz tone", f)
	}
}

func recordForever(dir string) {
	rec := NewRecorder(RecorderOptions{Preset: Music, Sink: DirSink{Dir: dir}})
	if err := rec.Start(context.Background()); err != nil {
		fmt.Println("error", err)
		return
	}
	for range time.Tick(500 * time.Millisecond) {
		fmt.Println("elapsed", rec.Elapsed())
	}
}

// noCaptureALSA is an ALSA configuration with no capture device at all.
// (An empty configuration is no good: PortAudio's ALSA code then aborts the
// process on an assertion. This is what a machine without a sound card has.)
const noCaptureALSA = "pcm.!default { type hw card 9 }\nctl.!default { type hw card 9 }\n"

// TestNoMicrophone points ALSA at a configuration without a capture device
// (in a child process: PortAudio reads ALSA's configuration once).
func TestNoMicrophone(t *testing.T) {
	if os.Getenv(childEnv) == "nomic" {
		rec := NewRecorder(RecorderOptions{Preset: Voice})
		err := rec.Start(context.Background())
		switch {
		case err == nil:
			rec.Stop()
			fmt.Println("result recording-started")
		case errors.Is(err, ErrNoMicrophone) && Unavailable(err):
			fmt.Println("result no-microphone")
		default:
			fmt.Println("result other:", err)
		}
		clip, err := rec.Stop() // safe after a failed start
		fmt.Println("stop", len(clip.Samples), err)
		return
	}
	cfg := filepath.Join(t.TempDir(), "asound.conf")
	if err := os.WriteFile(cfg, []byte(noCaptureALSA), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoMicrophone$")
	cmd.Env = append(withoutPulse(os.Environ()), childEnv+"=nomic", "ALSA_CONFIG_PATH="+cfg)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "result no-microphone") || !strings.Contains(string(out), "stop 0 <nil>") {
		t.Fatalf("want the no-microphone error, got:\n%s", out)
	}
}

// withoutPulse drops PulseAudio's variables so nothing reaches the bench's
// server behind ALSA's back.
func withoutPulse(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, "PULSE_") || strings.HasPrefix(kv, "ALSA_CONFIG_PATH=")
	})
}

// TestNamedMicrophone records from a device picked by name, as staff do on
// the kiosk's panel (the first one the sound system lists); a name that is
// not plugged in is ErrNoMicrophone, not a crash.
func TestNamedMicrophone(t *testing.T) {
	startTone(t, 10)
	names, err := InputDevices()
	if err != nil || len(names) == 0 {
		t.Fatalf("input devices %q, %v; want at least the bench's", names, err)
	}
	readings := make(chan struct{}, MeterRate)
	rec := NewRecorder(RecorderOptions{Preset: Music, Device: names[0], OnLevel: func(Level) {
		select {
		case readings <- struct{}{}:
		default:
		}
	}})
	if err := rec.Start(context.Background()); err != nil {
		t.Fatalf("record from %q: %v", names[0], err)
	}
	for range MeterRate { // one second of meter readings
		select {
		case <-readings:
		case <-time.After(10 * time.Second):
			rec.Stop()
			t.Fatal("no sound from the named device")
		}
	}
	clip, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if f := dominantFrequency(clip.Samples, SampleRate); math.Abs(f-440) > 5 {
		t.Errorf("%q heard %.1f Hz, want 440", names[0], f)
	}
	missing := NewRecorder(RecorderOptions{Preset: Music, Device: "USB microphone that is not plugged in"})
	if err := missing.Start(context.Background()); !errors.Is(err, ErrNoMicrophone) {
		t.Fatalf("unplugged device: %v, want ErrNoMicrophone", err)
	}
}
