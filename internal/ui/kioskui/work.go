package kioskui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/drawing"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/spool"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/recorder"
)

// work is one piece of the visit while the kiosk still holds it in memory.
// Its manifest is changed only under UI.mu.
type work struct {
	m     *piece.Manifest
	blobs []spool.BlobSource // the finished output, once the studio is done

	studio *paintview.Studio  // drawing pieces
	auto   *drawing.Autosaver // checkpoints the stroke log as a draft
	rec    *recorder.Recorder // music and voice pieces
	screen fyne.CanvasObject  // the studio as shown
	cancel context.CancelFunc // stops the autosaver
	voice  *spool.BlobSource  // a voice note said in tagging
	note   *recorder.Recorder // the voice note's recorder while it is open
}

func (u *UI) openWork() *work {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.open
}

// newManifest starts the manifest of the visit's open piece.
func (u *UI) newManifest(v kiosk.Visit) *piece.Manifest {
	m := piece.New(v.OpenKind, u.deps.Config.KioskID, string(v.PatientCode), u.now())
	m.ID = v.Open
	m.VisitID = v.ID
	m.MoodCheckIn = v.CheckIn
	return m
}

func (u *UI) now() time.Time { return u.deps.Clock.Now() }

// studioScreen opens the studio for the visit's open piece (or shows the
// one already open).
func (u *UI) studioScreen() fyne.CanvasObject {
	v := u.m.Visit()
	u.mu.Lock()
	w := u.open
	if w != nil && w.m.ID == v.Open && w.screen != nil {
		u.mu.Unlock()
		return w.screen
	}
	w = &work{m: u.newManifest(v)}
	u.open = w
	u.mu.Unlock()

	switch v.OpenKind {
	case piece.Drawing:
		var prompt *paintview.Prompt
		if len(u.deps.Prompts) > 0 {
			p := u.deps.Prompts[int(u.now().UnixNano()/int64(time.Minute))%len(u.deps.Prompts)]
			prompt = &p
		}
		w.studio = paintview.NewStudio(paintview.Options{
			KeepClear: staffCornerSize,
			Prompt:    prompt,
			OnChange:  u.m.Activity,
			OnDone:    func(r drawing.Result) { u.m.Activity(); go u.drawingDone(w, r) },
		})
		ctx, cancel := context.WithCancel(context.Background())
		w.cancel = cancel
		w.auto = drawing.NewAutosaver(w.studio.Log(), draftSaver{u: u, w: w}, 0)
		w.auto.Start(ctx)
		w.screen = w.studio
	default:
		preset := audio.Music
		if v.OpenKind == piece.Voice {
			preset = audio.Voice
		}
		rec := recorder.New(recorder.Options{
			Preset: preset.Limited(u.deps.Config.Kiosk.MaxRecording()),
			Device: u.microphone(),
			Sink:   &segmentSink{u: u, w: w},
			Logger: u.log,
			OnKeep: func(c audio.Clip) { u.m.Activity(); go u.recordingDone(w, c) },
			OnDiscard: func() {
				u.m.Activity()
				go u.m.StudioBack()
			},
			OnUnavailable: func(err error) {
				u.log.Warn("microphone unavailable", "err", err)
			},
		})
		u.mu.Lock() // the idle clock reads it
		w.rec = rec
		u.mu.Unlock()
		// A recorder taller than the screen scrolls rather than growing the
		// window.
		w.screen = container.NewVScroll(rec)
	}
	return w.screen
}

// manifest is a copy of w's manifest, safe to hand to another goroutine.
func (w *work) manifest() *piece.Manifest { return w.m.Clone() }

// draftSaver checkpoints a drawing's stroke log in the spool.
type draftSaver struct {
	u *UI
	w *work
}

func (d draftSaver) SaveDraft(ctx context.Context, blobs []spool.BlobSource) error {
	d.u.mu.Lock()
	m := d.w.manifest()
	d.u.mu.Unlock()
	return d.u.deps.Station.Spool.SaveDraft(ctx, m, blobs)
}

// segmentSink checkpoints a recording's ~10 s segments in its draft: the
// first one starts the draft, each later one is appended to it, so a crash
// loses at most the segment being recorded.
type segmentSink struct {
	u       *UI
	w       *work
	started bool // the recorder calls from one goroutine
}

func (s *segmentSink) AppendSegment(ctx context.Context, index int, pcm []int16) error {
	data := audio.EncodeSegment(index, pcm)
	seg := spool.BlobSource{
		Name: fmt.Sprintf("s%04d", index+1), Role: piece.RoleSegment, MediaType: "application/vnd.afterimage.segment",
		Open: func() (io.Reader, error) { return bytes.NewReader(data), nil },
	}
	sp := s.u.deps.Station.Spool
	if s.started {
		return sp.AppendDraftSegment(ctx, s.w.m.ID, seg)
	}
	s.u.mu.Lock()
	m := s.w.manifest()
	s.u.mu.Unlock()
	if err := sp.SaveDraft(ctx, m, []spool.BlobSource{seg}); err != nil {
		return err
	}
	s.started = true
	return nil
}

// drawingDone checkpoints the finished drawing, then moves on to tagging.
func (u *UI) drawingDone(w *work, r drawing.Result) {
	enc, err := r.Encode()
	if err != nil {
		u.saveFailed(w, err, func() { u.drawingDone(w, r) })
		return
	}
	w.stopAutosave()
	u.finishStudio(w, enc.Blobs(), r.PromptID)
}

// recordingDone checkpoints the kept recording, then moves on to tagging.
func (u *UI) recordingDone(w *work, c audio.Clip) {
	blobs, err := recordingBlobs(c)
	if err != nil {
		u.saveFailed(w, err, func() { u.recordingDone(w, c) })
		return
	}
	u.finishStudio(w, blobs, "")
}

func recordingBlobs(c audio.Clip) ([]spool.BlobSource, error) {
	outs, err := media.RecordingOutputs(c.Samples, audio.SampleRate)
	if err != nil {
		return nil, fmt.Errorf("encode recording: %w", err)
	}
	blobs := make([]spool.BlobSource, len(outs))
	for i, o := range outs {
		blobs[i] = spool.Bytes("", o.Role, o.MediaType, o.Data)
	}
	return blobs, nil
}

func (u *UI) finishStudio(w *work, blobs []spool.BlobSource, promptID string) {
	u.mu.Lock()
	w.blobs = blobs
	w.m.PromptID = promptID
	w.m.Finished = u.now()
	m := w.manifest()
	u.mu.Unlock()
	if err := u.deps.Station.Spool.SaveDraft(context.Background(), m, blobs); err != nil {
		u.saveFailed(w, err, func() { u.finishStudio(w, blobs, promptID) })
		return
	}
	u.saved()
	fyne.Do(func() { u.m.StudioDone() })
}

// saveTagged checkpoints the tagged piece; it waits as a draft for the
// check-out mood, and becomes a piece at check-out or at the visit's end.
func (u *UI) saveTagged(w *work) {
	u.mu.Lock()
	blobs := w.allBlobs()
	m := w.manifest()
	u.mu.Unlock()
	if err := u.deps.Station.Spool.SaveDraft(context.Background(), m, blobs); err != nil {
		u.saveFailed(w, err, func() { u.saveTagged(w) })
		return
	}
	u.saved()
	u.mu.Lock()
	u.open = nil
	u.waiting = append(u.waiting, w)
	u.mu.Unlock()
	w.closeAudio(u)
	fyne.Do(func() { u.m.Tagged() })
}

func (w *work) allBlobs() []spool.BlobSource {
	blobs := append([]spool.BlobSource(nil), w.blobs...)
	if w.voice != nil {
		blobs = append(blobs, *w.voice)
	}
	return blobs
}

// checkOut stores the check-out mood with every piece of the visit and
// finishes them, then ends the visit.
func (u *UI) checkOut(mood *piece.Mood) {
	go func() {
		u.finishWaiting(mood)
		fyne.Do(func() { u.m.CheckedOut(mood) })
	}()
}

// finishWaiting turns the visit's tagged drafts into pieces. A piece that
// cannot be finished stays a draft on disk (the next start promotes it).
func (u *UI) finishWaiting(checkOut *piece.Mood) {
	u.mu.Lock()
	waiting := u.waiting
	u.waiting = nil
	u.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, w := range waiting {
		m := w.manifest()
		m.MoodCheckOut = checkOut
		if err := u.deps.Station.Spool.FinishDraft(ctx, m.ID, m, w.allBlobs()); err != nil {
			u.log.Error("finish piece; it stays a draft and is promoted at the next start", "piece", m.ID, "err", err)
		}
	}
	if len(waiting) > 0 && u.deps.Station.Outbox != nil {
		u.deps.Station.Outbox.Kick()
	}
}

// SaveUnfinished implements kiosk.Saver: the open piece is saved as it
// stands, marked unfinished, so that nothing a patient made is lost.
func (u *UI) SaveUnfinished(ctx context.Context, v kiosk.Visit) (bool, error) {
	u.mu.Lock()
	w := u.open
	u.mu.Unlock()
	if w == nil || w.m.ID != v.Open {
		return false, nil
	}
	blobs, unfinished, err := u.captureOpen(w)
	if err != nil {
		return false, err
	}
	sp := u.deps.Station.Spool
	if len(blobs) == 0 {
		// Nothing was made: drop the empty checkpoint.
		if err := sp.RemoveDraft(w.m.ID); err != nil && !errors.Is(err, spool.ErrNotFound) {
			u.log.Warn("remove empty draft", "piece", w.m.ID, "err", err)
		}
		u.dropOpen(w)
		return false, nil
	}
	u.mu.Lock()
	m := w.manifest()
	u.mu.Unlock()
	m.Unfinished = unfinished
	if m.Finished.IsZero() {
		m.Finished = u.now()
	}
	// ErrExists: an earlier try saved it and failed after (the machine retries).
	if err := sp.FinishDraft(ctx, m.ID, m, blobs); err != nil && !errors.Is(err, spool.ErrExists) {
		return false, err
	}
	u.dropOpen(w)
	u.saved()
	if u.deps.Station.Outbox != nil {
		u.deps.Station.Outbox.Kick()
	}
	return true, nil
}

// captureOpen takes what the open piece holds now: its finished output if
// the studio was done (only the tags are missing), else the studio's
// current state, marked unfinished.
func (u *UI) captureOpen(w *work) ([]spool.BlobSource, bool, error) {
	noteCut, err := u.captureNote(w)
	if err != nil {
		return nil, true, err
	}
	u.mu.Lock()
	done := w.blobs != nil
	blobs := w.allBlobs()
	u.mu.Unlock()
	if done {
		return blobs, noteCut, nil
	}
	switch {
	case w.studio != nil:
		var r drawing.Result
		u.ui.run(func() { r = w.studio.Result() })
		w.stopAutosave()
		if r.Empty() {
			return nil, true, nil
		}
		enc, err := r.Encode()
		if err != nil {
			return nil, true, err
		}
		u.mu.Lock()
		w.m.PromptID = r.PromptID
		u.mu.Unlock()
		return enc.Blobs(), true, nil
	case w.rec != nil:
		var c audio.Clip
		u.ui.run(func() { c = w.rec.Close() })
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
func (u *UI) captureNote(w *work) (bool, error) {
	u.mu.Lock()
	note := w.note
	w.note = nil
	u.mu.Unlock()
	if note == nil {
		return false, nil
	}
	var c audio.Clip
	u.ui.run(func() { c = note.Close() })
	if len(c.Samples) == 0 {
		return false, nil
	}
	blob, err := voiceNoteBlob(c)
	if err != nil {
		return true, err
	}
	u.mu.Lock()
	w.voice = &blob
	u.mu.Unlock()
	return true, nil
}

func voiceNoteBlob(c audio.Clip) (spool.BlobSource, error) {
	var buf bytes.Buffer
	if err := media.EncodeFLAC(&buf, c.Samples, audio.SampleRate); err != nil {
		return spool.BlobSource{}, fmt.Errorf("encode voice note: %w", err)
	}
	return spool.Bytes("", piece.RoleVoiceNote, "audio/flac", buf.Bytes()), nil
}

// Discard implements kiosk.Discarder: the patient let the open piece go on
// leaving its studio. Recording and autosaving stop, and its draft is
// deleted; nothing is saved or uploaded.
func (u *UI) Discard(ctx context.Context, v kiosk.Visit) error {
	u.mu.Lock()
	w := u.open
	u.mu.Unlock()
	if w == nil || w.m.ID != v.Open {
		return nil
	}
	w.stopAutosave()
	w.closeAudio(u)
	if err := u.deps.Station.Spool.RemoveDraft(w.m.ID); err != nil && !errors.Is(err, spool.ErrNotFound) {
		return fmt.Errorf("let piece go: %w", err)
	}
	u.dropOpen(w)
	return nil
}

// openHasWork reports whether the open studio holds anything the patient
// made, so that leaving it is worth a question.
func (u *UI) openHasWork() bool {
	w := u.openWork()
	switch {
	case w == nil:
		return false
	case w.studio != nil:
		return w.studio.Log().Len() > 0
	case w.rec != nil:
		return w.rec.State() != "idle"
	}
	return false
}

func (w *work) stopAutosave() {
	if w.auto != nil {
		w.auto.Stop()
	}
	if w.cancel != nil {
		w.cancel()
	}
}

// closeAudio closes the piece's recorders, the studio's and the voice
// note's, and lets go of what they held; from any goroutine.
func (w *work) closeAudio(u *UI) {
	u.mu.Lock()
	rec, note := w.rec, w.note
	w.note = nil
	u.mu.Unlock()
	if rec == nil && note == nil {
		return
	}
	u.ui.run(func() {
		if rec != nil {
			rec.Close()
		}
		if note != nil {
			note.Close()
		}
	})
}

// dropOpen lets go of the open piece once it is saved or let go, closing
// its recorders.
func (u *UI) dropOpen(w *work) {
	u.mu.Lock()
	if u.open == w {
		u.open = nil
	}
	u.mu.Unlock()
	w.closeAudio(u)
}

// forget runs when a visit ends for any reason: pieces still waiting are
// finished, and everything of the visit is dropped from memory.
func (u *UI) forget() {
	u.finishWaiting(nil)
	u.mu.Lock()
	w := u.open
	u.open = nil
	u.mu.Unlock()
	if w != nil {
		w.stopAutosave()
		w.closeAudio(u) // no microphone or buffer outlives the visit
	}
	fyne.Do(func() {
		u.page = page{} // rebuilt fresh: no text, canvas or colour of the last visit survives
		u.idle, u.staff = nil, nil
		u.failure = nil // the piece was saved unfinished or left in the spool; staff have the log
	})
}

// saveFailure is the calm card saying a piece could not be saved. It
// stays over the patient's screens, through every render, until the piece
// is saved (the card's retry, or a later save) or staff open their panel.
type saveFailure struct {
	retry    func()      // tries the failed save again; nil: the card only closes
	retrying atomic.Bool // a retry is under way
}

// saveFailed keeps the piece on screen and says so calmly, with a way to
// try again; staff find the cause in the log.
func (u *UI) saveFailed(w *work, err error, retry func()) {
	u.log.Error("save piece; it stays on screen", "piece", w.m.ID, "err", err)
	u.showFailure(retry)
}

// showFailure puts up the save-failed card; from any goroutine.
func (u *UI) showFailure(retry func()) {
	fyne.Do(func() {
		u.failure = &saveFailure{retry: retry}
		u.render(u.m.Screen())
	})
}

// saved takes the save-failed card down, if it is up: the piece is saved.
// From any goroutine.
func (u *UI) saved() {
	fyne.Do(func() {
		if u.failure != nil {
			u.failure = nil
			u.render(u.m.Screen())
		}
	})
}

// failureCard is the save-failed card as shown. Fyne thread only.
func (u *UI) failureCard(f *saveFailure) fyne.CanvasObject {
	if f.retry == nil {
		return messageOverlay(tr("kiosk.save.failed"), u.act(func() {
			if u.failure == f {
				u.failure = nil
				u.render(u.m.Screen())
			}
		}))
	}
	return card(nil, hint(tr("kiosk.save.failed")), tr("kiosk.save.retry"), u.act(func() {
		if !f.retrying.CompareAndSwap(false, true) {
			return
		}
		go func() {
			defer f.retrying.Store(false)
			f.retry()
		}()
	}))
}

// keepAliveWhileRecording counts a running recording as activity: a patient
// singing is not idle.
func (u *UI) keepAliveWhileRecording() {
	u.mu.Lock()
	var rec, note *recorder.Recorder
	if w := u.open; w != nil {
		rec, note = w.rec, w.note
	}
	u.mu.Unlock()
	switch u.m.Screen() { // the recorders guard their state
	case kiosk.Studio:
		if rec != nil && rec.State() == "recording" {
			u.m.Activity()
		}
	case kiosk.Tag: // a voice note
		if note != nil && note.State() == "recording" {
			u.m.Activity()
		}
	}
}

// showVoiceNote swaps the tagging flow for a voice recorder; the kept note
// is attached to the piece and the flow comes back.
func (u *UI) showVoiceNote(w *work, flow fyne.CanvasObject, done func(kept bool)) {
	var rec *recorder.Recorder
	back := func(kept bool) {
		u.mu.Lock()
		if w.note == rec {
			w.note = nil
		}
		u.mu.Unlock()
		fyne.Do(func() {
			u.page = page{body: flow, back: u.act(func() { u.m.Back() })}
			u.render(u.m.Screen())
			done(kept)
		})
	}
	rec = recorder.New(recorder.Options{
		Preset: audio.Voice.Limited(u.deps.Config.Kiosk.MaxRecording()),
		Device: u.microphone(),
		Logger: u.log,
		OnKeep: func(c audio.Clip) {
			go func() {
				note, err := voiceNoteBlob(c)
				if err != nil {
					u.log.Error("voice note", "piece", w.m.ID, "err", err)
					back(false)
					return
				}
				u.mu.Lock()
				w.voice = &note
				u.mu.Unlock()
				back(true)
			}()
		},
		OnDiscard:     func() { back(false) },
		OnUnavailable: func(err error) { u.log.Warn("microphone unavailable for a voice note", "err", err) },
	})
	// The note belongs to its piece: the idle clock sees it recording, and
	// a reset saves what it holds with the piece and closes it.
	u.mu.Lock()
	w.note = rec
	u.mu.Unlock()
	u.page = page{body: container.NewVScroll(rec), back: func() { rec.Close(); back(false) }}
	u.render(u.m.Screen())
}
