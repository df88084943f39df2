package tagging

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

// TestTapThroughIntoSealedManifest taps through check-in and the tagging
// flow like a patient, puts the result in a manifest, seals it to a freshly
// generated age identity, then opens and decodes it and finds every answer.
func TestTapThroughIntoSealedManifest(t *testing.T) {
	newApp(t)
	v := vocab(t)
	size := fyne.NewSize(1280, 800)

	var checkIn *piece.Mood
	ms := NewMoodScreen(CheckIn, func(m *piece.Mood) { checkIn = m })
	w := show(t, ms, size)
	tapScale(ms.Pleasantness, 3)
	if checkIn != nil {
		t.Fatalf("check-in answered after one scale: %+v", checkIn)
	}
	tapScale(ms.Energy, 8)
	// Both scales answered: the check-in is answered, no Done needed.
	if checkIn == nil || *checkIn != (piece.Mood{Pleasantness: 3, Energy: 8}) {
		t.Fatalf("check-in = %+v, want {3 8}", checkIn)
	}

	var results []Result
	voiceAsked := 0
	reported := make(chan struct{})
	f := New(v, Options{
		Music: true,
		RecordVoiceNote: func(done func(kept bool)) {
			voiceAsked++
			// The kiosk's recorder reports from its own goroutine.
			go func() { done(true); close(reported) }()
		},
		OnDone: func(r Result) { results = append(results, r) },
	})
	w.SetContent(f)
	w.Resize(size)

	// (1) One tap, high on the unpleasant side.
	g := f.grid.Size()
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.2, g.Height*0.1))
	if f.Step() != StepWords {
		t.Fatalf("step %d after the grid tap, want words", f.Step())
	}
	w.Resize(size)

	// (2) Four words tapped: the fourth is quietly not taken; then change
	// the first word's intensity to 5 and the third's to 1.
	words := map[string]*Chip{}
	for _, c := range f.chips {
		words[c.Word.Word] = c
	}
	for _, word := range []string{"anxious", "restless", "tension", "angry"} {
		c := words[word]
		if c == nil {
			t.Fatalf("word %q not offered in the unpleasant-high region", word)
		}
		tapCentre(c)
	}
	if words["angry"].Selected {
		t.Error("a fourth word was selected")
	}
	w.Resize(size)
	test.TapAt(dotsIn(t, f, 0), fyne.NewPos(4*dotCell+dotCell/2, dotCell/2))
	test.TapAt(dotsIn(t, f, 2), fyne.NewPos(dotCell/2, dotCell/2))
	// Untapping and re-tapping a word moves it to the end with the default intensity.
	tapCentre(words["restless"])
	tapCentre(words["restless"])
	test.Tap(f.next) // "Add a name or a note"
	if f.Step() != StepStory {
		t.Fatalf("step %d after \"Add a name\", want story", f.Step())
	}

	// (3) Title and reflection typed, and a voice note.
	test.Type(f.titleEntry, "The wave")
	test.Type(f.reflectionEntry, "It rose and rose, then it was quiet.")
	test.Tap(f.speakButton)
	if voiceAsked != 1 {
		t.Fatalf("voice recorder asked %d times, want 1", voiceAsked)
	}
	select {
	case <-reported:
	case <-time.After(10 * time.Second):
		t.Fatal("voice note never reported")
	}
	fyne.DoAndWait(func() {
		if !f.voice || f.voiceKept.Hidden {
			t.Error("voice note not shown as kept")
		}
	})
	test.Tap(f.done)
	if f.Step() != StepDone || len(results) != 1 {
		t.Fatalf("step %d with %d results after Done, want done with 1", f.Step(), len(results))
	}
	res := results[0]
	if !res.VoiceNote {
		t.Error("result does not report the voice note")
	}

	// Into a manifest, sealed with real age.
	started := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	m := piece.New(piece.Drawing, "kiosk-1", "P-7Q2K", started)
	m.Finished = started.Add(12 * time.Minute)
	m.MoodCheckIn = checkIn
	res.Apply(m)
	got := sealAndOpen(t, m, "The wave", "anxious")

	if got.Emotions == nil {
		t.Fatal("no emotions in the sealed manifest")
	}
	if got.Emotions.Quadrant != "unpleasant-high" {
		t.Errorf("quadrant = %q, want unpleasant-high", got.Emotions.Quadrant)
	}
	if x, y := got.Emotions.X, got.Emotions.Y; x < 0.15 || x > 0.25 || y < 0.85 || y > 0.95 {
		t.Errorf("position = (%.3f, %.3f), want about (0.2, 0.9)", x, y)
	}
	wantWords := []piece.EmotionTag{{Word: "anxious", Intensity: 5}, {Word: "tension", Intensity: 1}, {Word: "restless", Intensity: DefaultIntensity}}
	if !reflect.DeepEqual(got.Emotions.Words, wantWords) {
		t.Errorf("words = %+v, want %+v", got.Emotions.Words, wantWords)
	}
	if got.Title != "The wave" || got.Reflection != "It rose and rose, then it was quiet." {
		t.Errorf("title %q reflection %q", got.Title, got.Reflection)
	}
	if got.MoodCheckIn == nil || *got.MoodCheckIn != (piece.Mood{Pleasantness: 3, Energy: 8}) {
		t.Errorf("check-in = %+v", got.MoodCheckIn)
	}
}

// TestSkipEveryStep checks that every step can be left without answering
// (Skip, or Done with nothing chosen on the words step) and that skipping
// leaves nothing behind, including text typed before skipping.
func TestSkipEveryStep(t *testing.T) {
	newApp(t)
	v := vocab(t)
	var res *Result
	f := New(v, Options{OnDone: func(r Result) { res = &r }})
	w := show(t, f, fyne.NewSize(1280, 800))

	// Skip the grid: the words are skipped too.
	test.Tap(f.skip)
	if f.Step() != StepStory {
		t.Fatalf("step %d after skipping the grid, want story", f.Step())
	}
	if f.speakButton != nil {
		t.Error("voice button shown without a recorder")
	}
	test.Type(f.titleEntry, "never mind")
	test.Tap(f.skip)
	if res == nil {
		t.Fatal("no result after skipping the last step")
	}
	if !reflect.DeepEqual(*res, Result{}) {
		t.Errorf("result after skipping everything = %+v, want empty", *res)
	}

	// Tap the grid, choose a word and take it back, then Done: the feeling
	// is the last step, the place is kept and no words, name or note are
	// asked for.
	res = nil
	f = New(v, Options{OnDone: func(r Result) { res = &r }})
	w.SetContent(f)
	w.Resize(fyne.NewSize(1280, 800))
	g := f.grid.Size()
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.9, g.Height*0.9))
	w.Resize(fyne.NewSize(1280, 800))
	if f.skip != nil {
		t.Error("the words step has Skip: words are optional, Done finishes")
	}
	tapCentre(f.chips[0])
	tapCentre(f.chips[0])
	test.Tap(f.done)
	if f.Step() != StepDone || res == nil || res.Emotions == nil {
		t.Fatalf("step %d, result %+v after Done on the words step, want done with emotions kept", f.Step(), res)
	}
	if res.Emotions.Quadrant != "pleasant-low" || len(res.Emotions.Words) != 0 || res.Title != "" {
		t.Errorf("result = %+v %+v, want pleasant-low without words or title", *res, *res.Emotions)
	}

	// A chosen word and Done on the words step: the word is kept.
	res = nil
	f = New(v, Options{OnDone: func(r Result) { res = &r }})
	w.SetContent(f)
	w.Resize(fyne.NewSize(1280, 800))
	test.TapAt(f.grid, fyne.NewPos(g.Width*0.9, g.Height*0.9))
	w.Resize(fyne.NewSize(1280, 800))
	tapCentre(f.chips[1])
	test.Tap(f.done)
	if res == nil || res.Emotions == nil || len(res.Emotions.Words) != 1 || res.Emotions.Words[0].Word != f.chips[1].Word.Word {
		t.Fatalf("result %+v after one word and Done, want that word", res)
	}

	// One scale and Done gives that answer alone.
	var partial *piece.Mood
	ms := NewMoodScreen(CheckOut, func(m *piece.Mood) { partial = m })
	w.SetContent(ms)
	w.Resize(fyne.NewSize(1280, 800))
	tapScale(ms.Pleasantness, 6)
	test.Tap(ms.Done)
	if partial == nil || *partial != (piece.Mood{Pleasantness: 6}) {
		t.Errorf("mood after one scale and Done = %+v, want {6 0}", partial)
	}

	// The mood screen's Skip gives nil.
	called, got := false, &piece.Mood{}
	ms = NewMoodScreen(CheckOut, func(m *piece.Mood) { called, got = true, m })
	w.SetContent(ms)
	tapScale(ms.Energy, 2)
	test.Tap(ms.SkipButton)
	if !called || got != nil {
		t.Errorf("mood after Skip = %+v (called %v), want nil", got, called)
	}
}

func TestLimitKeepsWholeRunes(t *testing.T) {
	if got := limit(strings.Repeat("é", 10), 4); got != "éééé" {
		t.Errorf("limit = %q", got)
	}
	if got := limit("short", 10); got != "short" {
		t.Errorf("limit = %q", got)
	}
}

// sealAndOpen seals m's encoding to a fresh age identity, checks that none
// of plain shows in the sealed bytes, and returns the manifest opened and
// decoded again.
func sealAndOpen(t *testing.T, m *piece.Manifest, plain ...string) *piece.Manifest {
	t.Helper()
	encoded, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.NewSealer(id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	var sealed bytes.Buffer
	sw, err := sealer.Seal(&sealed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sw.Write(encoded); err != nil {
		t.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range plain {
		if bytes.Contains(sealed.Bytes(), []byte(p)) {
			t.Fatalf("the sealed manifest contains %q in plaintext", p)
		}
	}
	opener, err := seal.NewOpener(id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := opener.Open(&sealed)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := piece.Decode(opened)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
