package audio

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestMicrophoneLost kills the sound server under a recording (the closest
// thing to unplugging the microphone): the recorder reports
// ErrMicrophoneLost by itself, and Stop returns what was recorded. The child
// records from its own private PulseAudio so the bench's stays up.
func TestMicrophoneLost(t *testing.T) {
	if os.Getenv(childEnv) == "lost" {
		lost := make(chan error, 1)
		rec := NewRecorder(RecorderOptions{Preset: Music, OnStop: func(err error) { lost <- err }})
		if err := rec.Start(context.Background()); err != nil {
			fmt.Println("error", err)
			return
		}
		tick := time.NewTicker(100 * time.Millisecond)
		for {
			select {
			case <-tick.C:
				fmt.Println("elapsed", rec.Elapsed())
				continue
			case err := <-lost:
				fmt.Println("onstop-lost", errors.Is(err, ErrMicrophoneLost))
			}
			break
		}
		clip, err := rec.Stop()
		fmt.Println("stop-lost", errors.Is(err, ErrMicrophoneLost), "kept", clip.Duration())
		return
	}
	testbench.Audio(t)                             // needs the bench's tools (pulseaudio); takes the audio lock
	dir, err := os.MkdirTemp("", "afterimage-pa-") // short path: socket names are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"home", "rt"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	asoundrc := filepath.Join(dir, "asoundrc")
	os.WriteFile(asoundrc, []byte("pcm.!default { type pulse }\nctl.!default { type pulse }\n"), 0o600)
	sock := filepath.Join(dir, "native")
	pa := exec.Command("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
		"--load=module-native-protocol-unix socket="+sock+" auth-anonymous=1",
		"--load=module-null-sink sink_name=lost rate=48000 channels=1", "--load=module-always-sink")
	pa.Env = append(withoutPulse(os.Environ()), "HOME="+filepath.Join(dir, "home"), "XDG_RUNTIME_DIR="+filepath.Join(dir, "rt"))
	pa.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := pa.Start(); err != nil {
		t.Fatal(err)
	}
	paDone := make(chan struct{})
	go func() { pa.Wait(); close(paDone) }()
	t.Cleanup(func() { pa.Process.Kill(); <-paDone })
	deadline := time.Now().Add(10 * time.Second)
	for { // wait for its socket
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("private pulseaudio did not start")
		}
		<-time.After(20 * time.Millisecond)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestMicrophoneLost$")
	cmd.Env = append(withoutPulse(os.Environ()), childEnv+"=lost", "PULSE_SERVER=unix:"+sock,
		"PULSE_SOURCE=lost.monitor", "ALSA_CONFIG_PATH="+asoundrc)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	var log []string
	killed := false
	for lines.Scan() {
		l := lines.Text()
		log = append(log, l)
		if d, ok := strings.CutPrefix(l, "elapsed "); ok && !killed {
			if at, _ := time.ParseDuration(d); at >= time.Second {
				pa.Process.Signal(syscall.SIGKILL) // the microphone goes away
				killed = true
			}
		}
	}
	cmd.Wait()
	all := strings.Join(log, "\n")
	if !killed || !strings.Contains(all, "onstop-lost true") || !strings.Contains(all, "stop-lost true") {
		t.Fatalf("want the recorder to notice the lost microphone; child said:\n%s", all)
	}
	var kept time.Duration
	for _, l := range log {
		if rest, ok := strings.CutPrefix(l, "stop-lost true kept "); ok {
			kept, _ = time.ParseDuration(rest)
		}
	}
	if kept < time.Second {
		t.Fatalf("kept only %v of what was recorded", kept)
	}
}
