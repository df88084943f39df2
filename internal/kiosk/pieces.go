package kiosk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/paint"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// DrawingResult is what a drawing studio hands over when the patient is
// done (or when the piece is captured as it stands). An alias, so that the
// UI can name it without reaching into internal/drawing.
type DrawingResult = drawing.Result

// StrokeLog is a drawing's stroke log, checkpointed while the patient
// draws.
type StrokeLog = paint.Log

// Recorder is a recorder as Pieces sees it (the recorder widget is one).
type Recorder interface {
	// State is "idle", "recording", … as the widget names it.
	State() string
	// Close stops recording, lets go of the microphone and returns what was
	// recorded. Pieces calls it through PiecesConfig.OnUI.
	Close() audio.Clip
}

// Kicker starts an upload pass at once (*outbox.Outbox is one).
type Kicker interface{ Kick() }

// SaveReport says how saving a piece went, for the UI to show: Err nil is
// "saved" (a save-failed card can come down); otherwise the piece stays on
// screen and Retry tries the failed step again (blocking: call it off the
// UI goroutine).
type SaveReport struct {
	Piece piece.ID
	Err   error
	Retry func()
}

// PiecesConfig sets up Pieces. Spool is required.
type PiecesConfig struct {
	Spool   *spool.Spool
	Outbox  Kicker // nil: saved pieces wait in the spool
	KioskID string
	Clock   Clock // nil: SystemClock
	Logger  *slog.Logger
	// OnUI runs fn on the UI goroutine and returns once it ran, from any
	// goroutine including that one (a studio's state is read and a recorder
	// closed through it). nil: fn is called where Pieces is.
	OnUI func(fn func())
	// OnReport receives every report of a save started by the UI (a
	// studio's output, tags, a voice note); nil: none.
	OnReport func(SaveReport)
	// AutosaveEvery is how often a drawing in progress is checkpointed;
	// 0: drawing.DefaultAutosaveEvery.
	AutosaveEvery time.Duration
}

// Pieces owns the life of a visit's pieces, with no Fyne in it: the open
// piece and its manifest, the drawing's draft checkpoints, the recording's
// segment checkpoints, the voice note said in tagging, the finished output
// (made through internal/media), saving a tagged piece at once, saving the
// open piece unfinished when the visit ends without it (it is the
// machine's Saver and Discarder), and the visit record.
//
// The UI hands it a capture per studio (the drawing's result, the
// recorder) and shows what it reports. Every method that writes to disk
// either runs its I/O on a goroutine of its own (the studio's and the
// tags' saves, the visit record) or is one the machine calls off the UI
// goroutine (SaveUnfinished, Discard). Safe for concurrent use.
type Pieces struct {
	cfg PiecesConfig
	log *slog.Logger
	wg  sync.WaitGroup // saves and visit records under way

	mu   sync.Mutex
	open *Open
}

// NewPieces returns the owner of a kiosk's pieces.
func NewPieces(cfg PiecesConfig) (*Pieces, error) {
	if cfg.Spool == nil {
		return nil, errors.New("kiosk: new pieces: a spool is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnUI == nil {
		cfg.OnUI = func(fn func()) { fn() }
	}
	return &Pieces{cfg: cfg, log: cfg.Logger}, nil
}

// Open is the visit's open piece: in its studio, or being tagged. Its
// fields are guarded by the owning Pieces' lock.
type Open struct {
	p    *Pieces
	id   piece.ID
	kind piece.Kind

	m     *piece.Manifest
	blobs []spool.BlobSource // the finished output, once the studio is done
	voice *spool.BlobSource  // a voice note said in tagging

	result  func() DrawingResult // drawing pieces: the studio's state now
	strokes *StrokeLog
	auto    *drawing.Autosaver
	rec     Recorder           // music and voice pieces
	pads    *musicpad.Session  // music pieces played on the pads
	page    *writing.Page      // written pieces: the page as typed
	wauto   *writing.Autosaver // a written piece's checkpoints
	note    Recorder           // the voice note's recorder while it is open
	started bool               // the recording's draft exists (the sink's goroutine only)

	// saving serialises making the piece a piece: the tags' save and a
	// visit ending meanwhile (SaveUnfinished) never write it at once.
	saving sync.Mutex
	saved  bool // it is a piece in the spool (guarded by saving)

	// View is what the UI shows for this piece (its studio); Pieces never
	// looks at it. UI goroutine only.
	View any
}

// ID is the piece's ID (the visit's Open).
func (o *Open) ID() piece.ID { return o.id }

// Kind is the piece's kind.
func (o *Open) Kind() piece.Kind { return o.kind }

// Open returns the visit's open piece (v.Open, of kind v.OpenKind),
// starting it when it is new: fresh is true then, and the UI builds its
// studio and attaches it (Drawing, Recording). A piece left open from
// before is let go of first (its checkpoints stay in the spool).
func (p *Pieces) Open(v Visit) (o *Open, fresh bool) {
	m := piece.New(v.OpenKind, p.cfg.KioskID, string(v.PatientCode), p.cfg.Clock.Now())
	m.ID = v.Open
	m.VisitID = v.ID
	p.mu.Lock()
	old := p.open
	if old != nil && old.id == v.Open {
		p.mu.Unlock()
		return old, false
	}
	p.open = &Open{p: p, id: v.Open, kind: v.OpenKind, m: m}
	o = p.open
	p.mu.Unlock()
	if old != nil {
		p.log.Warn("kiosk: a new piece opened while another was open; the other is left in the spool", "piece", old.id)
		p.letGo(old)
	}
	return o, true
}

// Current is the open piece, or nil.
func (p *Pieces) Current() *Open {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.open
}

// Drawing attaches a drawing studio: result captures its state (called on
// the UI goroutine), strokes is its log, checkpointed as a draft every few
// seconds until the drawing is done or let go.
func (o *Open) Drawing(result func() DrawingResult, strokes *StrokeLog) {
	p := o.p
	auto := drawing.NewAutosaver(strokes, draftSaver{o}, p.cfg.AutosaveEvery)
	auto.Start(context.Background()) // before anyone can Stop it
	p.mu.Lock()
	o.result, o.strokes, o.auto = result, strokes, auto
	p.mu.Unlock()
}

// Resumed: the patient went back into the piece's studio from tagging. The
// output made when they finished no longer stands (they may change the
// piece), so a reset saves what the studio holds then; a drawing's
// checkpoints start again.
func (o *Open) Resumed() {
	p := o.p
	p.mu.Lock()
	if o.blobs == nil {
		p.mu.Unlock()
		return
	}
	o.blobs = nil
	var auto *drawing.Autosaver
	if o.strokes != nil {
		auto = drawing.NewAutosaver(o.strokes, draftSaver{o}, p.cfg.AutosaveEvery)
		o.auto = auto
	}
	wauto := o.resumeWriting()
	p.mu.Unlock()
	if auto != nil {
		auto.Start(context.Background())
	}
	if wauto != nil {
		wauto.Start(context.Background())
	}
}

// Checkpoint writes the drawing's draft now (tests; the autosaver does it
// on its own).
func (o *Open) Checkpoint(ctx context.Context) error {
	o.p.mu.Lock()
	auto := o.auto
	o.p.mu.Unlock()
	if auto == nil {
		return errors.New("kiosk: checkpoint: not a drawing")
	}
	return auto.Flush(ctx)
}

// Segments is the sink a recorder checkpoints the piece's ~10 s segments
// into: the first starts the piece's draft, each later one is appended, so
// a crash loses at most the segment being recorded.
func (o *Open) Segments() audio.SegmentSink { return segmentSink{o} }

// Recording attaches the studio's recorder.
func (o *Open) Recording(r Recorder) {
	o.p.mu.Lock()
	o.rec = r
	o.p.mu.Unlock()
}

// Pads attaches the pad studio's session: the music piece is played on the
// pads.
func (o *Open) Pads(s *musicpad.Session) {
	o.p.mu.Lock()
	o.pads = s
	o.p.mu.Unlock()
}

// manifest is a copy of o's manifest; the caller holds p.mu.
func (o *Open) manifest() *piece.Manifest { return o.m.Clone() }

// draftSaver checkpoints a drawing's stroke log in the spool.
type draftSaver struct{ o *Open }

func (d draftSaver) SaveDraft(ctx context.Context, blobs []spool.BlobSource) error {
	p := d.o.p
	p.mu.Lock()
	m := d.o.manifest()
	p.mu.Unlock()
	return p.cfg.Spool.SaveDraft(ctx, m, blobs)
}

type segmentSink struct{ o *Open }

// AppendSegment implements audio.SegmentSink; the recorder calls it from
// one goroutine.
func (s segmentSink) AppendSegment(ctx context.Context, index int, pcm []int16) error {
	o, p := s.o, s.o.p
	data := audio.EncodeSegment(index, pcm)
	seg := spool.BlobSource{
		Name: fmt.Sprintf("s%04d", index+1), Role: piece.RoleSegment, MediaType: "application/vnd.afterimage.segment",
		Open: func() (io.Reader, error) { return bytes.NewReader(data), nil },
	}
	if o.started {
		return p.cfg.Spool.AppendDraftSegment(ctx, o.id, seg)
	}
	p.mu.Lock()
	m := o.manifest()
	p.mu.Unlock()
	if err := p.cfg.Spool.SaveDraft(ctx, m, []spool.BlobSource{seg}); err != nil {
		return err
	}
	o.started = true
	return nil
}

// --- the patient's steps ---

// attempt runs a save step and reports it; on success then runs.
func (p *Pieces) attempt(id piece.ID, step func() error, then func()) {
	if err := step(); err != nil {
		p.log.Error("kiosk: save piece; it stays on screen", "piece", id, "err", err)
		p.report(SaveReport{Piece: id, Err: err, Retry: func() { p.attempt(id, step, then) }})
		return
	}
	p.report(SaveReport{Piece: id})
	if then != nil {
		then()
	}
}

// background runs a save step on a goroutine of its own (see attempt).
func (p *Pieces) background(id piece.ID, step func() error, then func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.attempt(id, step, then)
	}()
}

func (p *Pieces) report(r SaveReport) {
	if p.cfg.OnReport != nil {
		p.cfg.OnReport(r)
	}
}

// Wait waits for the saves and visit records under way (a kiosk shutting
// down, tests).
func (p *Pieces) Wait() { p.wg.Wait() }

// DrawingDone: the patient finished drawing. The drawing (PNG, thumbnail,
// stroke log) is made and checkpointed off the calling goroutine; then
// runs once it is on disk (the UI moves on to tagging there).
func (o *Open) DrawingDone(r DrawingResult, then func()) {
	o.p.background(o.id, func() error {
		enc, err := r.Encode()
		if err != nil {
			return fmt.Errorf("kiosk: make drawing: %w", err)
		}
		o.stopAutosave()
		return o.studioDone(enc.Blobs(), r.PromptID)
	}, then)
}

// RecordingDone: the patient kept a recording. Its FLAC, waveform and peaks
// are made and checkpointed off the calling goroutine; then runs once they
// are on disk.
func (o *Open) RecordingDone(c audio.Clip, then func()) {
	o.p.background(o.id, func() error {
		blobs, err := recordingBlobs(c)
		if err != nil {
			return err
		}
		return o.studioDone(blobs, "")
	}, then)
}

// PadsDone: the patient finished playing the pads. The performance is
// rendered to the piece's audio (FLAC, waveform, peaks) and kept with its
// log, checkpointed off the calling goroutine; then runs once they are on
// disk.
func (o *Open) PadsDone(perf synth.Performance, then func()) {
	o.p.background(o.id, func() error {
		blobs, err := padBlobs(&perf)
		if err != nil {
			return err
		}
		return o.studioDone(blobs, "")
	}, then)
}

func (o *Open) studioDone(blobs []spool.BlobSource, promptID string) error {
	p := o.p
	p.mu.Lock()
	o.blobs = blobs
	o.m.PromptID = promptID
	o.m.Finished = p.cfg.Clock.Now()
	m := o.manifest()
	p.mu.Unlock()
	return p.cfg.Spool.SaveDraft(context.Background(), m, blobs)
}

// Tagged: the patient finished tagging the piece (apply writes the tags
// into its manifest). The piece leaves at once: saved, sealed and queued
// for upload off the calling goroutine, not held for check-out; then runs
// once it is saved (the UI tells the machine). The piece is no longer open
// afterwards.
func (o *Open) Tagged(apply func(*piece.Manifest), then func()) {
	p := o.p
	p.mu.Lock()
	if apply != nil {
		apply(o.m)
	}
	p.mu.Unlock()
	p.background(o.id, func() error {
		o.saving.Lock()
		defer o.saving.Unlock()
		if !o.saved {
			p.mu.Lock()
			m, blobs := o.manifest(), o.allBlobs()
			p.mu.Unlock()
			if len(blobs) == 0 {
				return fmt.Errorf("kiosk: save tagged piece %s: nothing was made", o.id)
			}
			// ErrExists: an earlier try saved it and failed after.
			if err := p.cfg.Spool.FinishDraft(context.Background(), o.id, m, blobs); err != nil && !errors.Is(err, spool.ErrExists) {
				return err
			}
			o.saved = true
			p.kick()
		}
		p.drop(o)
		return nil
	}, then)
}

func (p *Pieces) kick() {
	if p.cfg.Outbox != nil {
		p.cfg.Outbox.Kick()
	}
}

// allBlobs is the finished output and the voice note; the caller holds
// p.mu.
func (o *Open) allBlobs() []spool.BlobSource {
	blobs := append([]spool.BlobSource(nil), o.blobs...)
	if o.voice != nil {
		blobs = append(blobs, *o.voice)
	}
	return blobs
}

// NoteStarted: a voice note about the piece is open in tagging, in r. It
// belongs to the piece: StudioRecording's twin NoteRecording sees it
// recording, and a visit that ends meanwhile saves what it holds with the
// piece and closes it.
func (o *Open) NoteStarted(r Recorder) {
	o.p.mu.Lock()
	o.note = r
	o.p.mu.Unlock()
}

// NoteKept: the patient kept the voice note r recorded (c). It is encoded
// off the calling goroutine and attached to the piece; then runs with
// whether it was (false: it could not be encoded; the piece goes on
// without it).
func (o *Open) NoteKept(r Recorder, c audio.Clip, then func(kept bool)) {
	p := o.p
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		blob, err := voiceNoteBlob(c)
		p.mu.Lock()
		if o.note == r {
			o.note = nil
		}
		if err == nil {
			o.voice = &blob
		}
		p.mu.Unlock()
		if err != nil {
			p.log.Error("kiosk: voice note", "piece", o.id, "err", err)
		}
		if then != nil {
			then(err == nil)
		}
	}()
}

// NoteEnded: the voice note r was let go or closed without keeping it.
func (o *Open) NoteEnded(r Recorder) {
	o.p.mu.Lock()
	if o.note == r {
		o.note = nil
	}
	o.p.mu.Unlock()
}

// --- what the UI asks ---

// HasWork reports whether the open studio holds anything the patient made,
// so that leaving it is worth a question.
func (p *Pieces) HasWork() bool {
	p.mu.Lock()
	o := p.open
	var strokes *StrokeLog
	var rec Recorder
	var pads *musicpad.Session
	var page *writing.Page
	if o != nil {
		strokes, rec, pads, page = o.strokes, o.rec, o.pads, o.page
	}
	p.mu.Unlock()
	switch {
	case page != nil:
		return !page.Result().Empty()
	case pads != nil:
		return pads.Played()
	case strokes != nil:
		return strokes.Len() > 0
	case rec != nil:
		return rec.State() != "idle"
	}
	return false
}

// StudioRecording reports whether the open piece's studio is recording.
func (p *Pieces) StudioRecording() bool {
	p.mu.Lock()
	var rec Recorder
	if p.open != nil {
		rec = p.open.rec
	}
	p.mu.Unlock()
	return rec != nil && rec.State() == "recording" // the recorder guards its state
}

// NoteRecording reports whether a voice note about the open piece is being
// recorded.
func (p *Pieces) NoteRecording() bool {
	p.mu.Lock()
	var note Recorder
	if p.open != nil {
		note = p.open.note
	}
	p.mu.Unlock()
	return note != nil && note.State() == "recording"
}

// --- the machine's Saver and Discarder ---

// SaveUnfinished implements Saver: the open piece is saved as it stands,
// marked unfinished (unless the studio was done and only tags were
// missing, and no voice note was cut short), so that nothing a patient
// made is lost. Called by the machine off the UI goroutine.
func (p *Pieces) SaveUnfinished(ctx context.Context, v Visit) (bool, error) {
	p.mu.Lock()
	o := p.open
	p.mu.Unlock()
	if o == nil || o.id != v.Open {
		return false, nil
	}
	o.saving.Lock()
	defer o.saving.Unlock()
	if o.saved { // the tags' save got there first
		p.drop(o)
		return true, nil
	}
	blobs, unfinished, err := o.capture()
	if err != nil {
		return false, err
	}
	sp := p.cfg.Spool
	if len(blobs) == 0 {
		// Nothing was made: drop the empty checkpoint.
		if err := sp.RemoveDraft(o.id); err != nil && !errors.Is(err, spool.ErrNotFound) {
			p.log.Warn("kiosk: remove empty draft", "piece", o.id, "err", err)
		}
		p.drop(o)
		return false, nil
	}
	p.mu.Lock()
	m := o.manifest()
	p.mu.Unlock()
	m.Unfinished = unfinished
	if m.Finished.IsZero() {
		m.Finished = p.cfg.Clock.Now()
	}
	// ErrExists: an earlier try saved it and failed after (the machine retries).
	if err := sp.FinishDraft(ctx, m.ID, m, blobs); err != nil && !errors.Is(err, spool.ErrExists) {
		return false, err
	}
	o.saved = true
	p.drop(o)
	p.report(SaveReport{Piece: o.id})
	p.kick()
	return true, nil
}

// capture takes what the open piece holds now: its finished output if the
// studio was done (only the tags are missing), else the studio's current
// state, marked unfinished. Whichever goroutine calls it, the studio is read
// and the recorders closed on the UI goroutine (PiecesConfig.OnUI).
func (o *Open) capture() ([]spool.BlobSource, bool, error) {
	p := o.p
	noteCut, err := o.captureNote()
	if err != nil {
		return nil, true, err
	}
	p.mu.Lock()
	done := o.blobs != nil
	blobs := o.allBlobs()
	result, rec, pads, page := o.result, o.rec, o.pads, o.page
	p.mu.Unlock()
	if done {
		return blobs, noteCut, nil
	}
	switch {
	case page != nil:
		return o.captureWriting(page)
	case pads != nil:
		perf := pads.Stop()
		if len(perf.Events) == 0 {
			return nil, true, nil
		}
		b, err := padBlobs(&perf)
		return b, true, err
	case result != nil:
		var r DrawingResult
		p.cfg.OnUI(func() { r = result() })
		o.stopAutosave()
		if r.Empty() {
			return nil, true, nil
		}
		enc, err := r.Encode()
		if err != nil {
			return nil, true, fmt.Errorf("kiosk: make drawing: %w", err)
		}
		p.mu.Lock()
		o.m.PromptID = r.PromptID
		p.mu.Unlock()
		return enc.Blobs(), true, nil
	case rec != nil:
		var c audio.Clip
		p.cfg.OnUI(func() { c = rec.Close() })
		if len(c.Samples) == 0 {
			return nil, true, nil
		}
		b, err := recordingBlobs(c)
		return b, true, err
	}
	return nil, true, nil
}

// captureNote closes the voice note being said in tagging, if any, and
// attaches what it holds to the piece; it reports whether a note was cut
// short (the piece is then unfinished).
func (o *Open) captureNote() (bool, error) {
	p := o.p
	p.mu.Lock()
	note := o.note
	o.note = nil
	p.mu.Unlock()
	if note == nil {
		return false, nil
	}
	var c audio.Clip
	p.cfg.OnUI(func() { c = note.Close() })
	if len(c.Samples) == 0 {
		return false, nil
	}
	blob, err := voiceNoteBlob(c)
	if err != nil {
		return true, err
	}
	p.mu.Lock()
	o.voice = &blob
	p.mu.Unlock()
	return true, nil
}

// Discard implements Discarder: the patient let the open piece go on
// leaving its studio. Recording and autosaving stop and its draft is
// deleted; nothing is saved or uploaded.
func (p *Pieces) Discard(ctx context.Context, v Visit) error {
	p.mu.Lock()
	o := p.open
	p.mu.Unlock()
	if o == nil || o.id != v.Open {
		return nil
	}
	o.stopAutosave()
	o.closeAudio()
	if err := p.cfg.Spool.RemoveDraft(o.id); err != nil && !errors.Is(err, spool.ErrNotFound) {
		return fmt.Errorf("kiosk: let piece go: %w", err)
	}
	p.drop(o)
	return nil
}

// Forget lets go of everything of the visit held in memory: the open
// piece's recorders close before it returns (no microphone or buffer
// outlives the visit) and its autosaver stops (in the background: it may be
// writing a checkpoint). Its checkpoints stay in the spool. Call it when the
// visit is forgotten (the machine's OnReset), after the Saver ran; from any
// goroutine.
func (p *Pieces) Forget() {
	p.mu.Lock()
	o := p.open
	p.open = nil
	p.mu.Unlock()
	if o != nil {
		p.letGo(o)
	}
}

// letGo closes o's recorders and stops its autosaver off the calling
// goroutine.
func (p *Pieces) letGo(o *Open) {
	o.closeAudio()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		o.stopAutosave()
	}()
}

func (o *Open) stopAutosave() {
	o.p.mu.Lock()
	auto, wauto := o.auto, o.wauto
	o.p.mu.Unlock()
	if auto != nil {
		auto.Stop()
	}
	if wauto != nil {
		wauto.Stop()
	}
}

// closeAudio closes the piece's recorders, the studio's and the voice
// note's, on the UI goroutine, from any goroutine.
func (o *Open) closeAudio() {
	p := o.p
	p.mu.Lock()
	rec, note, pads := o.rec, o.note, o.pads
	o.note = nil
	p.mu.Unlock()
	if pads != nil {
		pads.Stop() // the speaker closes; the performance stays with the session
	}
	if rec == nil && note == nil {
		return
	}
	p.cfg.OnUI(func() {
		if rec != nil {
			rec.Close()
		}
		if note != nil {
			note.Close()
		}
	})
}

// drop lets go of o once it is saved or let go, closing its recorders.
func (p *Pieces) drop(o *Open) {
	p.mu.Lock()
	if p.open == o {
		p.open = nil
	}
	p.mu.Unlock()
	o.stopAutosave()
	o.closeAudio()
}

// --- outputs, made through internal/media ---

func recordingBlobs(c audio.Clip) ([]spool.BlobSource, error) {
	outs, err := media.RecordingOutputs(c.Samples, audio.SampleRate)
	if err != nil {
		return nil, fmt.Errorf("kiosk: encode recording: %w", err)
	}
	return blobsOf(outs), nil
}

// blobsOf hands a studio's outputs to the spool.
func blobsOf(outs []media.Output) []spool.BlobSource {
	blobs := make([]spool.BlobSource, len(outs))
	for i, o := range outs {
		blobs[i] = spool.Bytes("", o.Role, o.MediaType, o.Data)
	}
	return blobs
}

func padBlobs(perf *synth.Performance) ([]spool.BlobSource, error) {
	outs, err := musicpad.Outputs(context.Background(), perf)
	if err != nil {
		return nil, fmt.Errorf("kiosk: make pad piece: %w", err)
	}
	return blobsOf(outs), nil
}

func voiceNoteBlob(c audio.Clip) (spool.BlobSource, error) {
	var buf bytes.Buffer
	if err := media.EncodeFLAC(&buf, c.Samples, audio.SampleRate); err != nil {
		return spool.BlobSource{}, fmt.Errorf("kiosk: encode voice note: %w", err)
	}
	return spool.Bytes("", piece.RoleVoiceNote, "audio/flac", buf.Bytes()), nil
}
