package recorder

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

const childEnv = "AFTERIMAGE_RECORDER_CHILD"

func newTestRecorder(t *testing.T, o Options) *Recorder {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	r := New(o)
	w := test.NewWindow(r)
	t.Cleanup(w.Close)
	return r
}

// TestNoMicrophoneShowsCalmMessage runs the widget with ALSA pointed at a
// configuration without a capture device (a machine with no sound card), in
// a child process because PortAudio reads ALSA's configuration once.
func TestNoMicrophoneShowsCalmMessage(t *testing.T) {
	if os.Getenv(childEnv) == "nomic" {
		var got error
		r := newTestRecorder(t, Options{Preset: audio.Voice, OnUnavailable: func(err error) { got = err }})
		test.Tap(r.record)
		fmt.Printf("state=%s unavailable=%v nomic=%v\n", r.State(), got != nil, errors.Is(got, audio.ErrNoMicrophone))
		fmt.Printf("message=%s\n", r.Message())
		fmt.Printf("record-offered=%v retry-offered=%v\n", onScreen(r, r.record), onScreen(r, r.retry))
		test.Tap(r.retry) // trying again is calm too, and nothing breaks
		fmt.Printf("again=%s %s\n", r.State(), r.Message())
		return
	}
	cfg := filepath.Join(t.TempDir(), "asound.conf")
	if err := os.WriteFile(cfg, []byte("pcm.!default { type hw card 9 }\nctl.!default { type hw card 9 }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PULSE_") || strings.HasPrefix(kv, "ALSA_CONFIG_PATH=")
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoMicrophoneShowsCalmMessage$", "-test.v")
	cmd.Env = append(env, childEnv+"=nomic", "ALSA_CONFIG_PATH="+cfg, "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, want := range []string{"state=unavailable unavailable=true nomic=true", "message=" + MsgUnavailable,
		"record-offered=false retry-offered=true", "again=unavailable " + MsgUnavailable} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("missing %q in:\n%s", want, out)
		}
	}
}

// waitFor polls cond (external process: the real sound server) until it
// holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-time.After(20 * time.Millisecond)
	}
}

// scan reports whether the live peaks (linear) contain the tone, and how many
// silent readings follow its end.
func scan(live []float64) (heard bool, quietAfter int) {
	for _, p := range live {
		switch {
		case p > 0.1:
			heard, quietAfter = true, 0
		case heard && p < 0.001:
			quietAfter++
		}
	}
	return heard, quietAfter
}

// TestRecordTrimKeep drives the widget against the bench's PulseAudio: a
// tone after half a second of silence is recorded, trimmed (and the trim
// undone and redone), then kept normalised to −1 dBFS.
func TestRecordTrimKeep(t *testing.T) {
	env := testbench.Audio(t)
	dir := t.TempDir()
	var kept audio.Clip
	r := newTestRecorder(t, Options{Preset: audio.Voice, Sink: audio.DirSink{Dir: dir}, OnKeep: func(c audio.Clip) { kept = c }})
	if r.Hint() != tr("studio.rec.hint.idle") || r.record.glyph != glyphRecord {
		t.Fatalf("before recording: hint %q, glyph %d", r.Hint(), r.record.glyph)
	}
	test.Tap(r.record)
	if r.State() != "recording" || r.Hint() != tr("studio.rec.hint.recording") || r.record.glyph != glyphStop {
		t.Fatalf("after tapping record: state %s, hint %q, glyph %d (message %q)", r.State(), r.Hint(), r.record.glyph, r.Message())
	}
	tone := make([]int16, 3*audio.SampleRate/2) // 1.5 s of silence first
	for i := range 2 * audio.SampleRate {
		tone = append(tone, int16(0.25*32767*math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate)))
	}
	env.Play(t, tone, audio.SampleRate)
	// Record until the tone has come and gone (then 1 s of silence).
	waitFor(t, "the tone to be recorded", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		heard, quiet := scan(r.live)
		return heard && quiet >= audio.MeterRate
	})
	test.Tap(r.pause)
	if r.State() != "paused" || r.Hint() != tr("studio.rec.hint.paused") || r.pause.glyph != glyphRecord {
		t.Fatalf("after pause: state %s, hint %q, pause glyph %d", r.State(), r.Hint(), r.pause.glyph)
	}
	test.Tap(r.pause)
	if r.State() != "recording" || r.Hint() != tr("studio.rec.hint.recording") || r.pause.glyph != glyphPause {
		t.Fatalf("after continue: state %s, hint %q, pause glyph %d", r.State(), r.Hint(), r.pause.glyph)
	}
	test.Tap(r.record) // stop
	if r.State() != "review" || r.Hint() != tr("studio.rec.hint.review") || onScreen(r, r.record) || onScreen(r, r.pause) {
		t.Fatalf("after stop: state %s, hint %q, record button shown %v", r.State(), r.Hint(), onScreen(r, r.record))
	}
	full := r.Edit().Span()
	test.Tap(r.trim)
	trimmed := r.Edit().Span()
	if trimmed.Len() >= full.Len() || trimmed.Len() < 2*audio.SampleRate {
		t.Fatalf("trim suggestion %v of %v", trimmed, full)
	}
	test.Tap(r.trim) // undo
	if r.Edit().Span() != full {
		t.Fatalf("undo gave %v, want %v", r.Edit().Span(), full)
	}
	test.Tap(r.trim)
	test.Tap(r.drop) // asks once…
	if r.State() != "confirm-discard" || r.Message() != MsgConfirm {
		t.Fatalf("discard did not ask: %s %q", r.State(), r.Message())
	}
	test.Tap(r.no) // …and the patient changes their mind
	test.Tap(r.keep)
	if r.State() != "done" || len(kept.Samples) != trimmed.Len() {
		t.Fatalf("kept %d samples in state %s, want %d", len(kept.Samples), r.State(), trimmed.Len())
	}
	if p := audio.MeasureLevel(kept.Samples).Peak; math.Abs(p-audio.NormaliseDBFS) > 0.05 {
		t.Fatalf("kept peak %.2f dBFS, want −1", p)
	}
	segs, err := audio.DirSink{Dir: dir}.ReadSegments()
	if err != nil || len(segs) == 0 {
		t.Fatalf("no segments reached the sink: %v", err)
	}
}

// TestTrimHandles drags the start and the end of a reviewed recording by
// hand: each drag is one trim the trim button undoes, a drag never keeps
// less than minKept, and Keep returns exactly the kept part.
func TestTrimHandles(t *testing.T) {
	var kept audio.Clip
	r := newTestRecorder(t, Options{Preset: audio.Music, OnKeep: func(c audio.Clip) { kept = c }})
	samples := make([]int16, 4*audio.SampleRate)
	for i := range samples {
		samples[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate))
	}
	r.LoadClip(audio.Clip{Samples: samples})
	if r.State() != "review" {
		t.Fatalf("state %s after loading a clip", r.State())
	}
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(r.handles)
	at := d.AbsolutePositionForObject(r.handles)
	w, h := r.handles.Size().Width, r.handles.Size().Height
	if w < 320 || h < theme.MinTouchTarget {
		t.Fatalf("handles area %vx%v is too small to touch", w, h)
	}
	// drag moves a finger from x0 to x1 (in the handles' own coordinates);
	// the test driver, like a real one, reports where the finger is now.
	drag := func(x0, x1 float32) { test.Drag(c, at.Add(fyne.NewPos(x1, h/2)), x1-x0, 0) }
	n := len(samples)
	sampleAt := func(x float32) int { return int(float64(x) / float64(w) * float64(n)) }
	// near allows for the window's few pixels of layout rounding.
	near := func(got int, x float32) bool { return math.Abs(float64(got-sampleAt(x))) <= float64(sampleAt(4)) }

	drag(10, w/4) // from near the start: the start moves
	if s := r.Edit().Span(); !near(s.Start, w/4) || s.End != n {
		t.Fatalf("after dragging the start: %v of %d, want start %d", s, n, sampleAt(w/4))
	}
	if r.trim.Text != "Undo trim" || r.elapsed.Text != formatElapsed(samplesDur(r.Edit().Span().Len())) {
		t.Fatalf("after a drag: trim button %q, length %q", r.trim.Text, r.elapsed.Text)
	}
	afterStart := r.Edit().Span()
	drag(w-5, 6) // from the end to the far left: it stops minKept after the start
	if s := r.Edit().Span(); s.Start != afterStart.Start || s.Len() != minKept {
		t.Fatalf("after dragging the end past the start: %v, want %d samples from %d", s, minKept, afterStart.Start)
	}
	test.Tap(r.trim) // undoes the second drag only
	if s := r.Edit().Span(); s != afterStart {
		t.Fatalf("undo gave %v, want %v", s, afterStart)
	}
	test.Tap(r.trim) // and then the first
	if s := r.Edit().Span(); s != (audio.Span{Start: 0, End: n}) || r.trim.Text != "Trim silence" {
		t.Fatalf("second undo gave %v, button %q", s, r.trim.Text)
	}
	drag(w-5, w/2) // the end, to the middle
	want := r.Edit().Span()
	if !near(want.End, w/2) || want.Start != 0 {
		t.Fatalf("after dragging the end: %v, want about [0, %d)", want, sampleAt(w/2))
	}
	test.Tap(r.keep)
	if len(kept.Samples) != want.Len() || r.State() != "done" {
		t.Fatalf("kept %d samples in state %s, want %d", len(kept.Samples), r.State(), want.Len())
	}
}
