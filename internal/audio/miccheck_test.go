package audio

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestCheckMicrophone: on the bench's sink monitor the check hears silence
// as silence and a 440 Hz tone at its level; with no sound server it fails.
func TestCheckMicrophone(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	startTone(t, 3) // takes the bench
	lvl, err := CheckMicrophone(ctx, "", 500*time.Millisecond)
	if err != nil {
		t.Fatalf("a microphone hearing a tone: %v", err)
	}
	if lvl.RMS < -12 || lvl.RMS > -3 { // a 0.5-amplitude sine is -9 dBFS RMS
		t.Fatalf("heard %.1f dBFS RMS, want about -9", lvl.RMS)
	}
	// Once the 3 s tone has played out, the sink is silent.
	for {
		_, err := CheckMicrophone(ctx, "", 300*time.Millisecond)
		if errors.Is(err, ErrSilent) {
			break
		}
		if err != nil && !errors.Is(err, ErrSilent) {
			t.Fatalf("a silent microphone: %v, want ErrSilent", err)
		}
		if ctx.Err() != nil {
			t.Fatal("the microphone never fell silent after the tone")
		}
	}
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-such-server")
	if _, err := CheckMicrophone(ctx, "", 200*time.Millisecond); err == nil || errors.Is(err, ErrSilent) {
		t.Fatalf("with no sound server: %v, want a failure", err)
	}
}
