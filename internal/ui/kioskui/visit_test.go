package kioskui

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/testbench"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/recorder"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
)

func (k *kioskFixture) enterCode(t *testing.T, code patientcode.Code) {
	t.Helper()
	for _, ch := range strings.ReplaceAll(code.String(), "-", "") {
		k.tap(t, string(ch))
	}
	// A complete code goes on by itself: no Continue.
}

func (k *kioskFixture) setMood(t *testing.T, mood piece.Mood) {
	t.Helper()
	ms := find(t, k, func(*tagging.MoodScreen) bool { return true })
	tapValue := func(s *tagging.MoodScale, v int) {
		w := s.Size().Width
		n := float32(emotion.MoodMax - emotion.MoodMin + 1)
		test.TapAt(s, fyne.NewPos((float32(v-emotion.MoodMin)+0.5)*w/n, s.Size().Height/2))
	}
	tapValue(ms.Pleasantness, mood.Pleasantness)
	tapValue(ms.Energy, mood.Energy) // both answered: the screen goes on by itself
}

func (k *kioskFixture) paintSomething(t *testing.T) {
	t.Helper()
	c := find(t, k, func(*paintview.Canvas) bool { return true })
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	mid := at.Add(fyne.NewPos(c.Size().Width/3, c.Size().Height/2))
	test.Drag(k.win.Canvas(), mid, 150, 40)
	test.Drag(k.win.Canvas(), mid.Add(fyne.NewPos(0, 60)), 120, -30)
}

// TestWholeVisit walks a patient's visit through the screens — code, mood,
// a drawing with tags and a title, a voice recording, mood again — and
// finds both pieces sealed in the spool with the visit's code and moods.
func TestWholeVisit(t *testing.T) {
	audioEnv := testbench.Audio(t)
	k := newKiosk(t)
	code, err := patientcode.New()
	if err != nil {
		t.Fatal(err)
	}
	checkIn, checkOut := piece.Mood{Pleasantness: 3, Energy: 7}, piece.Mood{Pleasantness: 6, Energy: 4}

	k.waitScreen(t, kiosk.Welcome)
	k.tap(t, "Begin")
	k.waitScreen(t, kiosk.PatientCode)
	k.enterCode(t, code)
	k.waitScreen(t, kiosk.CheckIn)
	k.setMood(t, checkIn)
	k.waitScreen(t, kiosk.Choose)

	// A drawing, tagged and titled.
	k.tap(t, "Draw or paint")
	k.waitScreen(t, kiosk.Studio)
	k.paintSomething(t)
	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.Tag)
	grid := find(t, k, func(*tagging.Grid) bool { return true })
	test.TapAt(grid, fyne.NewPos(grid.Size().Width*0.8, grid.Size().Height*0.2)) // pleasant, high energy
	chip := find(t, k, func(c *tagging.Chip) bool { return true })
	test.Tap(chip)
	k.tap(t, "Add a name or a note")
	title := find(t, k, func(e *tagging.TouchEntry) bool { return !e.MultiLine })
	test.Type(title, "Lighthouse") // a physical keyboard: the screen's keyboard stays away
	k.tap(t, "Done")
	k.waitScreen(t, kiosk.Another)

	// A voice recording, tags skipped.
	k.tap(t, "Make another")
	k.waitScreen(t, kiosk.Choose)
	k.tap(t, "Say something")
	k.waitScreen(t, kiosk.Studio)
	audioEnv.Play(t, testbench.Sine(440, 0.5, 48000, 48000*20), 48000)
	audioEnv.WaitHeard(t, 10*time.Second)
	rec := find(t, k, func(*recorder.Recorder) bool { return true })
	k.tapRecordButton(t)
	deadline := time.Now().Add(15 * time.Second)
	for rec.Recorded() < 1500*time.Millisecond { // let the microphone hear 1.5 s of the tone
		if time.Now().After(deadline) {
			t.Fatalf("only %v recorded after 15 s", rec.Recorded())
		}
		time.Sleep(20 * time.Millisecond) // polling the sound coming in
	}
	rec.ToggleRecord() // stop, through the recorder's lock: walking the tree to tap would race with its meter on the test driver
	k.tap(t, "Keep")
	k.waitScreen(t, kiosk.Tag)
	k.tap(t, "Skip")
	k.tap(t, "Skip")
	k.waitScreen(t, kiosk.Another)

	k.tap(t, "I'm finished")
	k.waitScreen(t, kiosk.CheckOut)
	k.setMood(t, checkOut)
	k.waitScreen(t, kiosk.Goodbye)

	entries, visits := k.spooled(t)
	if len(entries) != 2 {
		t.Fatalf("spool holds %d pieces after the visit, want 2 (a drawing and a voice recording)", len(entries))
	}
	// The moods belong to the visit: its record, written at check-out.
	if len(visits) != 1 {
		t.Fatalf("%d visit records after check-out, want 1", len(visits))
	}
	vr := visits[0]
	if vr.CheckIn == nil || *vr.CheckIn != checkIn || vr.CheckOut == nil || *vr.CheckOut != checkOut || !vr.CheckedOut ||
		vr.PatientCode != string(code) || len(vr.Pieces) != 2 {
		t.Errorf("visit record: in %v out %v checked out %v pieces %d, want %v, %v and both pieces",
			vr.CheckIn, vr.CheckOut, vr.CheckedOut, len(vr.Pieces), checkIn, checkOut)
	}
	kinds := map[piece.Kind]*piece.Manifest{}
	var voicePCM []int16
	var visit string
	for _, opened := range entries {
		e := opened.Manifest
		if rep, err := k.ui.deps.Station.Spool.Verify(e.ID); err != nil || !rep.OK() {
			t.Fatalf("piece %s does not verify: %v %+v", e.ID, err, rep)
		}
		m := opened.Manifest
		kinds[m.Kind] = m
		if m.Kind == piece.Voice {
			data, err := opened.ReadBlob("b1")
			if err != nil {
				t.Fatalf("read the recording: %v", err)
			}
			if voicePCM, _, err = media.DecodeFLAC(bytes.NewReader(data)); err != nil {
				t.Fatalf("decode the recording: %v", err)
			}
		}
		if m.PatientCode != string(code) {
			t.Errorf("%s piece has patient code %q, want %q", m.Kind, m.PatientCode, code)
		}
		if m.MoodCheckIn != nil || m.MoodCheckOut != nil {
			t.Errorf("%s piece carries moods (in %v out %v); they belong to the visit record", m.Kind, m.MoodCheckIn, m.MoodCheckOut)
		}
		if !slices.Contains(vr.Pieces, m.ID) {
			t.Errorf("the visit record does not list the %s piece", m.Kind)
		}
		if visit == "" {
			visit = m.VisitID
		} else if m.VisitID != visit || visit == "" || visit != vr.VisitID {
			t.Errorf("pieces of one visit have visit ids %q and %q", visit, m.VisitID)
		}
		if m.Unfinished {
			t.Errorf("%s piece marked unfinished", m.Kind)
		}
	}
	d, v := kinds[piece.Drawing], kinds[piece.Voice]
	if d == nil || v == nil {
		t.Fatalf("pieces are %v, want a drawing and a voice recording", kinds)
	}
	if d.Title != "Lighthouse" || d.Emotions == nil || d.Emotions.Quadrant != "pleasant-high" || len(d.Emotions.Words) != 1 {
		t.Errorf("drawing's tags: title %q emotions %+v", d.Title, d.Emotions)
	}
	if d.Blob("b1") == nil || v.Emotions != nil {
		t.Errorf("drawing blobs %v; voice emotions %+v (skipped, want none)", d.Blobs, v.Emotions)
	}
	if b := v.Blob("b1"); b == nil || b.Role != piece.RoleOriginal || b.MediaType != "audio/flac" {
		t.Fatalf("voice piece has no FLAC recording: %+v", v.Blobs)
	}
	secs := float64(len(voicePCM)) / 48000
	samples := make([]float32, len(voicePCM))
	for i, s := range voicePCM {
		samples[i] = float32(s) / 32768
	}
	if f := testbench.DominantFrequency(samples, 48000, 100, 2000, 5); secs < 1.0 || math.Abs(f-440) > 5 {
		t.Errorf("voice recording is %.2f s at %.1f Hz, want the 440 Hz tone the microphone heard", secs, f)
	}
}
