package audio

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrSilent is CheckMicrophone's answer when the microphone delivered
// only silence.
var ErrSilent = errors.New("audio: the microphone hears only silence")

// CheckMicrophone records for d from device ("" is the default) and
// returns the level heard: the staff panel's microphone test. It fails
// when no stream opens or nothing arrives, and with ErrSilent (and the
// level) when only silence arrives. It blocks for about d.
func CheckMicrophone(ctx context.Context, device string, d time.Duration) (Level, error) {
	rec := NewRecorder(RecorderOptions{Preset: Voice, Device: device})
	if err := rec.Start(ctx); err != nil {
		return Level{}, fmt.Errorf("audio: microphone check: %w", err)
	}
	select { // listening for d is the check itself
	case <-time.After(d):
	case <-ctx.Done():
	}
	clip, err := rec.Stop()
	if err == nil && len(clip.Samples) == 0 {
		err = errors.New("no sound arrived")
	}
	if err != nil {
		return Level{}, fmt.Errorf("audio: microphone check: %w", err)
	}
	lvl := MeasureLevel(clip.Samples)
	if lvl.Peak <= SilenceDBFS+1 {
		return lvl, ErrSilent
	}
	return lvl, nil
}
