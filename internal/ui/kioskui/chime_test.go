package kioskui

import (
	"context"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
)

// TestChimeDeliversOnlyWhenHeard: on the bench's PulseAudio the chime plays
// to its end and says delivered, and a microphone on the sink's monitor
// hears it; with no sound server the same chime says not delivered.
func TestChimeDeliversOnlyWhenHeard(t *testing.T) {
	testbench.Audio(t)
	rec := audio.NewRecorder(audio.RecorderOptions{Preset: audio.Music})
	if err := rec.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	err := chime(ctx, kiosk.Alert{Event: kiosk.EventHelp, Time: time.Now()})
	heard, rerr := rec.Stop()
	if err != nil {
		t.Fatalf("the chime did not play on the bench's speaker: %v", err)
	}
	if rerr != nil {
		t.Fatal(rerr)
	}
	if lvl := audio.MeasureLevel(heard.Samples); lvl.Peak < -20 {
		t.Fatalf("the chime said delivered, but the sink heard a peak of %.1f dBFS", lvl.Peak)
	}

	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-such-server")
	if err := chime(ctx, kiosk.Alert{Event: kiosk.EventHelp, Time: time.Now()}); err == nil {
		t.Fatal("with no sound server the chime said it was delivered")
	}
}
