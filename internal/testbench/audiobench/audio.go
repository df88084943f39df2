package audiobench

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gordonklaus/portaudio"

	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
)

// AudioEnv is the bench's private PulseAudio: a null sink whose monitor is
// the default capture source, reached through ALSA by PortAudio. What a test
// plays into the sink is what the "microphone" hears, paced in real time.
type AudioEnv struct {
	sink, source string
}

// Audio returns the bench's audio environment. The process environment
// already points PulseAudio clients and ALSA at it. The sink is shared by
// every test binary, so the test holds it exclusively until it ends.
func Audio(t testing.TB) *AudioEnv {
	t.Helper()
	benchenv.Require(t, "the private PulseAudio", "PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE", "ALSA_CONFIG_PATH")
	benchenv.Lock(t, "audio")
	return &AudioEnv{sink: os.Getenv("PULSE_SINK"), source: os.Getenv("PULSE_SOURCE")}
}

// Sink is the PulseAudio sink that tests play into.
func (a *AudioEnv) Sink() string { return a.sink }

// Source is the capture source (the sink's monitor).
func (a *AudioEnv) Source() string { return a.source }

// Play starts playing mono signed 16-bit samples at rate into the sink and
// returns once the player has started; playback stops at the end of the
// samples or when the test ends.
func (a *AudioEnv) Play(t testing.TB, samples []int16, rate int) {
	t.Helper()
	raw := filepath.Join(t.TempDir(), "play.raw")
	buf := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(s))
	}
	if err := os.WriteFile(raw, buf, 0o600); err != nil {
		t.Fatalf("testbench: play: %v", err)
	}
	cmd := exec.Command("paplay", "--device="+a.sink, "--raw", "--format=s16le",
		"--rate="+strconv.Itoa(rate), "--channels=1", "--latency-msec=20", raw)
	cmd.SysProcAttr = benchenv.ChildAttr()
	if out, err := os.CreateTemp(t.TempDir(), "paplay-*.log"); err == nil {
		cmd.Stdout, cmd.Stderr = out, out
		t.Cleanup(func() { out.Close() })
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("testbench: paplay: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	})
}

// WaitHeard returns once the capture source hears something louder than
// -20 dBFS RMS (what Play started), so that a recording started afterwards
// holds the signal from its first buffer. It fails after within.
func (a *AudioEnv) WaitHeard(t testing.TB, within time.Duration) {
	t.Helper()
	if err := portaudio.Initialize(); err != nil {
		t.Fatalf("testbench: portaudio: %v", err)
	}
	defer portaudio.Terminate()
	buf := make([]float32, 960)
	stream, err := portaudio.OpenDefaultStream(1, 0, 48000, len(buf), buf)
	if err != nil {
		t.Fatalf("testbench: open capture: %v", err)
	}
	defer stream.Close()
	if err := stream.Start(); err != nil {
		t.Fatalf("testbench: start capture: %v", err)
	}
	defer stream.Stop()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if err := stream.Read(); err != nil {
			t.Fatalf("testbench: capture: %v", err)
		}
		if RMS(buf) > 0.1 {
			return
		}
	}
	t.Fatalf("testbench: nothing reached the capture source within %v", within)
}
