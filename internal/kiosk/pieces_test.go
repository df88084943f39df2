package kiosk

import (
	"context"
	"log/slog"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/seal"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/staffpin"
)

// kicks counts outbox kicks.
type kicks struct{ n atomic.Int32 }

func (k *kicks) Kick() { k.n.Add(1) }

// fakeRecorder stands in for the recorder widget.
type fakeRecorder struct {
	mu     sync.Mutex
	state  string
	clip   audio.Clip
	closed int
}

func (f *fakeRecorder) State() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

func (f *fakeRecorder) Close() audio.Clip {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed++
	f.state = "done"
	return f.clip
}

func (f *fakeRecorder) closes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

// tone is secs of a quiet 440 Hz tone.
func tone(secs float64) audio.Clip {
	s := make([]int16, int(secs*audio.SampleRate))
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/audio.SampleRate))
	}
	return audio.Clip{Samples: s}
}

// piecesRig is a machine whose Saver is a real Pieces on a real spool,
// signing as a kiosk does, with a drawing painted by a real painter.
type piecesRig struct {
	m      *Machine
	p      *Pieces
	sp     *spool.Spool
	o      *seal.Opener
	trust  *provenance.Trust
	kicks  *kicks
	clock  *ManualClock
	ui     atomic.Int32 // OnUI calls
	report chan SaveReport
}

func newPiecesRig(t *testing.T, mods ...func(*Config)) *piecesRig {
	t.Helper()
	sp, o := recoverySpool(t)
	sg, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	sp.SetSigner(sg)
	trust := provenance.NewTrust()
	if err := trust.Add("lounge-1", sg.PublicKey()); err != nil {
		t.Fatal(err)
	}
	r := &piecesRig{sp: sp, o: o, trust: trust, kicks: &kicks{}, clock: newClock(), report: make(chan SaveReport, 16)}
	r.p, err = NewPieces(PiecesConfig{Spool: sp, Outbox: r.kicks, KioskID: "lounge-1", Clock: r.clock,
		Logger:   slog.New(slog.DiscardHandler),
		OnUI:     func(fn func()) { r.ui.Add(1); fn() },
		OnReport: func(s SaveReport) { r.report <- s }})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Saver: r.p, Clock: r.clock, Logger: slog.New(slog.DiscardHandler)}
	for _, mod := range mods {
		mod(&cfg)
	}
	r.m, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.m.OnVisitEnd(r.p.VisitEnded)
	r.m.OnReset(r.p.Forget)
	t.Cleanup(r.p.Wait)
	return r
}

// draw opens the visit's drawing in Pieces with two strokes painted.
func (r *piecesRig) draw(t *testing.T) (*Open, *paint.Painter) {
	t.Helper()
	o, fresh := r.p.Open(r.m.Visit())
	if !fresh || o.Kind() != piece.Drawing {
		t.Fatalf("open: fresh %v kind %s", fresh, o.Kind())
	}
	pt := paint.New(paint.Options{Width: 320, Height: 200, Seed: 3})
	pt.SetBrush(paint.Brush{Kind: paint.Ink, Color: paint.Palette[16], Size: paint.SizeExtraLarge, Opacity: 1})
	pt.BeginStroke(20, 20, 0)
	pt.StrokeTo(300, 180, 50*time.Millisecond)
	pt.EndStroke()
	o.Drawing(func() DrawingResult { return drawing.Capture(pt, "", r.clock.Now()) }, pt.Log())
	if again, fresh := r.p.Open(r.m.Visit()); again != o || fresh {
		t.Fatal("opening the open piece again gave another")
	}
	return o, pt
}

// then returns a step to run after a save, and a wait for the save's
// report and the step (which runs after the report).
func (r *piecesRig) then(t *testing.T, step func() error) (func(), func()) {
	ran := make(chan error, 1)
	return func() { ran <- step() }, func() {
		t.Helper()
		for _, what := range []string{"report", "step"} {
			select {
			case s := <-r.report:
				if s.Err != nil {
					t.Fatalf("save reported %v", s.Err)
				}
			case err := <-ran:
				must(t, err)
			case <-time.After(60 * time.Second):
				t.Fatalf("no %s after 60 s", what)
			}
		}
	}
}

// spooled opens what the spool holds: pieces, and visit records apart.
func (r *piecesRig) spooled(t *testing.T) (pieces []*spool.Opened, visits []*piece.VisitRecord, carriers []*piece.Manifest) {
	t.Helper()
	r.p.Wait()
	entries, err := r.sp.Pieces()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		op, err := r.sp.OpenPiece(e.ID, r.o)
		if err != nil {
			t.Fatal(err)
		}
		if op.Manifest.Kind != piece.Visit {
			pieces = append(pieces, op)
			continue
		}
		data, err := op.ReadBlob(op.Manifest.Blobs[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := piece.DecodeVisitRecord(data)
		if err != nil {
			t.Fatal(err)
		}
		visits, carriers = append(visits, v), append(carriers, op.Manifest)
	}
	return pieces, visits, carriers
}

// TestTaggedPieceLeavesAtOnce: a finished, tagged drawing is saved, sealed
// and queued the moment tagging is done, complete and not unfinished,
// without moods (they belong to the visit); the check-out then writes the
// visit record, signed like a manifest, naming it.
func TestTaggedPieceLeavesAtOnce(t *testing.T) {
	r := newPiecesRig(t)
	code := newCode(t)
	toStudio(t, r.m, code, piece.Drawing)
	o, pt := r.draw(t)
	next, wait := r.then(t, r.m.StudioDone)
	o.DrawingDone(drawing.Capture(pt, "", r.clock.Now()), next)
	wait()
	wantScreen(t, r.m, Tag)
	if ps, _, _ := r.spooled(t); len(ps) != 0 {
		t.Fatal("the drawing became a piece before it was tagged")
	}
	next, wait = r.then(t, r.m.Tagged)
	o.Tagged(func(m *piece.Manifest) { m.Title = "Lighthouse" }, next)
	wait()
	ps, vs, _ := r.spooled(t)
	if len(ps) != 1 || len(vs) != 0 {
		t.Fatalf("after tagging: %d pieces, %d visit records; want the drawing alone", len(ps), len(vs))
	}
	mf := ps[0].Manifest
	if mf.Unfinished || mf.Title != "Lighthouse" || mf.MoodCheckIn != nil || mf.MoodCheckOut != nil ||
		mf.Blob("b1") == nil || mf.Blob("b1").MediaType != "image/png" || mf.PatientCode != string(code) {
		t.Fatalf("saved drawing: unfinished %v title ok %v moods %v %v blobs %+v", mf.Unfinished, mf.Title == "Lighthouse", mf.MoodCheckIn, mf.MoodCheckOut, mf.Blobs)
	}
	if d, _ := r.sp.Drafts(); len(d) != 0 || r.kicks.n.Load() == 0 || r.p.Current() != nil {
		t.Fatalf("after tagging: %d drafts, %d kicks, open %v; want none, a kick, nothing open", len(d), r.kicks.n.Load(), r.p.Current())
	}

	must(t, r.m.Finish())
	must(t, r.m.CheckedOut(&piece.Mood{Pleasantness: 8, Energy: 2}))
	_, vs, carriers := r.spooled(t)
	if len(vs) != 1 {
		t.Fatalf("%d visit records after check-out, want 1", len(vs))
	}
	v := vs[0]
	if !v.CheckedOut || v.CheckIn == nil || *v.CheckIn != (piece.Mood{Pleasantness: 6, Energy: 3}) || v.CheckOut == nil ||
		*v.CheckOut != (piece.Mood{Pleasantness: 8, Energy: 2}) || !slices.Equal(v.Pieces, []piece.ID{mf.ID}) ||
		v.VisitID != mf.VisitID || v.PatientCode != string(code) || v.KioskID != "lounge-1" || v.Ended.Before(v.Started) {
		t.Fatalf("visit record %+v", v)
	}
	if err := r.trust.Verify(carriers[0]); err != nil {
		t.Fatalf("the visit record is not signed by the kiosk: %v", err)
	}
	if carriers[0].ID <= mf.ID {
		t.Error("the visit record sorts before its piece: the outbox would commit it first")
	}
	// Goodbye ends the visit: no second record.
	must(t, r.m.GoodbyeDone())
	if _, vs, _ := r.spooled(t); len(vs) != 1 {
		t.Fatalf("%d visit records after Goodbye, want still 1", len(vs))
	}
}

// TestIdleResetSavesTheNoteAndRecordsTheVisit: a voice note being said
// when the visit is reset is saved with its piece, which is unfinished;
// the recorders are closed; the visit record lists the piece.
func TestIdleResetSavesTheNoteAndRecordsTheVisit(t *testing.T) {
	r := newPiecesRig(t)
	toStudio(t, r.m, newCode(t), piece.Voice)
	o, _ := r.p.Open(r.m.Visit())
	studio := &fakeRecorder{state: "review", clip: tone(2)}
	o.Recording(studio)
	next, wait := r.then(t, r.m.StudioDone)
	o.RecordingDone(tone(2), next)
	wait()
	note := &fakeRecorder{state: "recording", clip: tone(1.5)}
	o.NoteStarted(note)
	if !r.p.NoteRecording() || r.p.StudioRecording() {
		t.Fatal("the note recording is not seen, or the studio is")
	}
	r.ui.Store(0)
	r.m.Tick(r.clock.Add(4 * time.Minute))
	wantScreen(t, r.m, IdleWarning)
	r.m.Tick(r.clock.Add(61 * time.Second))
	wantScreen(t, r.m, Welcome)

	ps, vs, _ := r.spooled(t)
	if len(ps) != 1 || len(vs) != 1 {
		t.Fatalf("after the reset: %d pieces, %d visit records; want 1 and 1", len(ps), len(vs))
	}
	mf := ps[0].Manifest
	roles := map[string]int{}
	for _, b := range mf.Blobs {
		roles[b.Role]++
	}
	if !mf.Unfinished || roles[piece.RoleVoiceNote] != 1 || roles[piece.RoleOriginal] != 1 || roles[piece.RoleWaveform] != 1 {
		t.Fatalf("saved piece: unfinished %v roles %v; want unfinished with its recording and the note", mf.Unfinished, roles)
	}
	if v := vs[0]; v.CheckedOut || v.CheckOut != nil || !slices.Equal(v.Pieces, []piece.ID{mf.ID}) {
		t.Fatalf("visit record %+v", v)
	}
	if note.closes() == 0 || studio.closes() == 0 || r.ui.Load() == 0 {
		t.Fatalf("closed: note %d studio %d times, through the UI goroutine %d times", note.closes(), studio.closes(), r.ui.Load())
	}
	if r.p.Current() != nil {
		t.Fatal("the reset left a piece open")
	}
}

// TestEmptyVisitWritesNoRecord: a patient who typed a code and left
// (no mood, no piece) leaves no visit record; one who only checked in does.
func TestEmptyVisitWritesNoRecord(t *testing.T) {
	r := newPiecesRig(t)
	must(t, r.m.Begin())
	must(t, r.m.EnterCode(newCode(t).String()))
	must(t, r.m.Back())
	must(t, r.m.Back())
	wantScreen(t, r.m, Welcome)
	if ps, vs, _ := r.spooled(t); len(ps)+len(vs) != 0 {
		t.Fatalf("an empty visit left %d pieces and %d records", len(ps), len(vs))
	}
	must(t, r.m.Begin())
	must(t, r.m.EnterCode(newCode(t).String()))
	must(t, r.m.CheckedIn(&piece.Mood{Pleasantness: 1, Energy: 1}))
	r.m.Tick(r.clock.Add(4 * time.Minute))
	r.m.Tick(r.clock.Add(61 * time.Second))
	wantScreen(t, r.m, Welcome)
	if _, vs, _ := r.spooled(t); len(vs) != 1 || vs[0].CheckIn == nil || len(vs[0].Pieces) != 0 {
		t.Fatalf("a checked-in visit left %d records (%+v), want one with its mood", len(vs), vs)
	}
}

// TestLeavingAStudioKeepsAndListsThePiece: "keep it for later" saves the
// drawing unfinished through Pieces (the studio read through OnUI), and
// the visit lists it.
func TestLeavingAStudioKeepsAndListsThePiece(t *testing.T) {
	r := newPiecesRig(t)
	toStudio(t, r.m, newCode(t), piece.Drawing)
	o, _ := r.draw(t)
	if err := o.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !r.p.HasWork() {
		t.Fatal("a drawing with a stroke has no work")
	}
	must(t, r.m.Back())
	must(t, r.m.LeaveStudio(true))
	wantScreen(t, r.m, Choose)
	ps, _, _ := r.spooled(t)
	if len(ps) != 1 || !ps[0].Manifest.Unfinished || r.ui.Load() == 0 {
		t.Fatalf("%d pieces, captured on the UI goroutine %d times; want the unfinished drawing", len(ps), r.ui.Load())
	}
	if v := r.m.Visit(); !slices.Equal(v.Pieces, []piece.ID{ps[0].Manifest.ID}) {
		t.Fatalf("visit pieces %v", v.Pieces)
	}
	if d, _ := r.sp.Drafts(); len(d) != 0 {
		t.Fatalf("%d drafts left", len(d))
	}
}

// TestStaffExitRecordsTheVisit: the staff exit saves the open drawing,
// unfinished, and the visit record lists it.
func TestStaffExitRecordsTheVisit(t *testing.T) {
	hash, err := staffpin.HashWith("2468", staffpin.Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := newPiecesRig(t, func(c *Config) { c.StaffPINHash = hash })
	toStudio(t, r.m, newCode(t), piece.Drawing)
	r.draw(t)
	must(t, r.m.StaffGesture())
	must(t, r.m.StaffPIN("2468"))
	must(t, r.m.StaffExit(false))
	ps, vs, _ := r.spooled(t)
	if len(ps) != 1 || !ps[0].Manifest.Unfinished {
		t.Fatalf("%d pieces after the staff exit, want the unfinished drawing", len(ps))
	}
	if len(vs) != 1 || vs[0].CheckedOut || !slices.Equal(vs[0].Pieces, []piece.ID{ps[0].Manifest.ID}) {
		t.Fatalf("visit records after the staff exit: %+v, want one listing the drawing", vs)
	}
}

// TestBackFromTaggingKeepsWhatIsDrawnNext: a patient finishes a drawing,
// goes back from tagging into the studio, draws more and walks away: the
// reset saves the drawing with the later strokes (unfinished), not the
// output made when they first finished.
func TestBackFromTaggingKeepsWhatIsDrawnNext(t *testing.T) {
	r := newPiecesRig(t)
	code := newCode(t)
	toStudio(t, r.m, code, piece.Drawing)
	o, pt := r.draw(t)
	next, wait := r.then(t, r.m.StudioDone)
	o.DrawingDone(drawing.Capture(pt, "", r.clock.Now()), next)
	wait()
	must(t, r.m.Back()) // from tagging to the studio
	wantScreen(t, r.m, Studio)
	o.Resumed()
	pt.BeginStroke(300, 20, 0)
	pt.StrokeTo(20, 180, 50*time.Millisecond)
	pt.EndStroke()
	want := pt.Log().Len()
	r.m.Tick(r.clock.Add(4 * time.Minute))
	r.m.Tick(r.clock.Add(2 * time.Minute))
	ps, _, _ := r.spooled(t)
	if len(ps) != 1 || !ps[0].Manifest.Unfinished {
		t.Fatalf("after the reset: %d pieces; want the drawing, unfinished", len(ps))
	}
	var strokes []byte
	for _, b := range ps[0].Manifest.Blobs {
		if b.Role == piece.RoleStrokes {
			data, err := ps[0].ReadBlob(b.Name)
			if err != nil {
				t.Fatal(err)
			}
			strokes = data
		}
	}
	rec, err := paint.DecodeLog(strokes)
	if err != nil {
		t.Fatalf("saved stroke log: %v", err)
	}
	if len(rec.Actions) != want {
		t.Fatalf("the saved drawing has %d actions, want the %d drawn after going back", len(rec.Actions), want)
	}
}

// TestQuietSpaceIsRecorded: a visit in which the patient only used the
// quiet space leaves a visit record saying so, and nothing else.
func TestQuietSpaceIsRecorded(t *testing.T) {
	r := newPiecesRig(t)
	toChoose(t, r.m)
	must(t, r.m.OpenQuiet())
	must(t, r.m.StartQuiet(time.Minute))
	must(t, r.m.EndQuiet())
	must(t, r.m.Back()) // to check-in, the code, Welcome: the visit ends
	must(t, r.m.Back())
	must(t, r.m.Back())
	wantScreen(t, r.m, Welcome)
	ps, vs, _ := r.spooled(t)
	if len(ps) != 0 || len(vs) != 1 || vs[0].QuietSpaces != 1 || len(vs[0].Pieces) != 0 {
		t.Fatalf("%d pieces and records %+v, want one record of one quiet space", len(ps), vs)
	}
}
