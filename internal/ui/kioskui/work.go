package kioskui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/afterimage-clinic/afterimage/internal/audio"
	"github.com/afterimage-clinic/afterimage/internal/kiosk"
	"github.com/afterimage-clinic/afterimage/internal/musicpad"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/synth"
	"github.com/afterimage-clinic/afterimage/internal/ui/padview"
	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
	"github.com/afterimage-clinic/afterimage/internal/ui/recorder"
	"github.com/afterimage-clinic/afterimage/internal/ui/tagging"
	"github.com/afterimage-clinic/afterimage/internal/ui/writeview"
	"github.com/afterimage-clinic/afterimage/internal/writing"
)

// The life of a piece belongs to kiosk.Pieces (u.pieces): this file builds
// the studios and the voice note, hands their captures to it and shows what
// it reports.

func (u *UI) now() time.Time { return u.deps.Clock.Now() }

// studioScreen opens the studio for the visit's open piece (or shows the
// one already open).
func (u *UI) studioScreen() fyne.CanvasObject {
	v := u.m.Visit()
	if v.Open == "" {
		return container.NewStack() // the visit moved on meanwhile; a new render follows
	}
	o, fresh := u.pieces.Open(v)
	if s, ok := o.View.(fyne.CanvasObject); ok && !fresh {
		o.Resumed() // back from tagging: the studio is the piece again
		if st := padStudioIn(s); st != nil {
			st.Resume()
		}
		if ws, ok := s.(*writeview.Studio); ok {
			ws.Resume()
		}
		return s
	}
	switch v.OpenKind {
	case piece.Drawing:
		var prompt *paintview.Prompt
		if len(u.deps.Prompts) > 0 {
			p := u.deps.Prompts[int(u.now().UnixNano()/int64(time.Minute))%len(u.deps.Prompts)]
			prompt = &p
		}
		studio := paintview.NewStudio(paintview.Options{
			KeepClear: staffCornerSize,
			Prompt:    prompt,
			OnChange:  u.m.Activity,
			OnDone: func(r kiosk.DrawingResult) {
				u.m.Activity()
				o.DrawingDone(r, u.toTagging)
			},
		})
		o.Drawing(studio.Result, studio.Log())
		o.View = studio
	case piece.Writing:
		o.View = u.writingStudio(o)
	case piece.Music:
		// Music is made on the pads or recorded; the patient says which.
		holder := container.NewStack()
		show := func(obj fyne.CanvasObject) {
			holder.Objects = []fyne.CanvasObject{obj}
			holder.Refresh()
		}
		show(padview.Chooser(
			func() { u.m.Activity(); u.openPads(o, show) },
			func() { u.m.Activity(); show(u.recorderStudio(o, audio.Music)) }))
		o.View = holder
	default:
		o.View = u.recorderStudio(o, audio.Voice)
	}
	return o.View.(fyne.CanvasObject)
}

// padStudioIn is the pad studio a music piece's studio shows, or nil.
func padStudioIn(view fyne.CanvasObject) *padview.Studio {
	if c, ok := view.(*fyne.Container); ok && len(c.Objects) == 1 {
		st, _ := c.Objects[0].(*padview.Studio)
		return st
	}
	return nil
}

// openPads starts the instrument off the UI goroutine (opening the
// speaker can take a moment) and shows the pads.
func (u *UI) openPads(o *kiosk.Open, show func(fyne.CanvasObject)) {
	go func() {
		s, err := musicpad.Start(musicpad.Options{Logger: u.log})
		if err != nil {
			u.log.Error("music pad unavailable", "err", err)
			return
		}
		o.Pads(s)
		fyne.Do(func() {
			show(padview.NewStudio(s, padview.Options{
				KeepClear:  staffCornerSize,
				OnActivity: u.m.Activity,
				OnDone: func(perf synth.Performance) {
					u.m.Activity()
					o.PadsDone(perf, u.toTagging)
				},
			}))
			if u.padsShown != nil {
				u.padsShown()
			}
		})
	}()
}

// recorderStudio is the sound studio, recording with preset.
func (u *UI) recorderStudio(o *kiosk.Open, preset audio.Preset) fyne.CanvasObject {
	rec := recorder.New(recorder.Options{
		Preset: preset.Limited(u.deps.Config.Kiosk.MaxRecording()),
		Device: u.microphone(),
		Sink:   o.Segments(),
		Logger: u.log,
		OnKeep: func(c audio.Clip) {
			u.m.Activity()
			o.RecordingDone(c, u.toTagging)
		},
		OnDiscard: func() {
			u.m.Activity()
			go u.m.StudioBack()
		},
		OnUnavailable: func(err error) {
			u.log.Warn("microphone unavailable", "err", err)
		},
	})
	o.Recording(rec)
	// A recorder taller than the screen scrolls rather than growing the
	// window.
	return container.NewVScroll(rec)
}

// toTagging moves on from a studio whose piece is checkpointed; from any
// goroutine.
func (u *UI) toTagging() { fyne.Do(func() { u.m.StudioDone() }) }

// tagScreen asks how the open piece feels; when the patient is done the
// piece is saved and queued at once.
func (u *UI) tagScreen() fyne.CanvasObject {
	o := u.pieces.Current()
	if o == nil {
		return container.NewStack()
	}
	var flow *tagging.Flow
	flow = tagging.New(u.deps.Vocabulary, tagging.Options{
		Music:      o.Kind() == piece.Music,
		OnActivity: u.m.Activity,
		RecordVoiceNote: func(done func(kept bool)) {
			u.m.Activity()
			u.showVoiceNote(o, flow, done)
		},
		OnDone: func(r tagging.Result) {
			u.m.Activity()
			o.Tagged(r.Apply, func() { fyne.Do(func() { u.m.Tagged() }) })
		},
	})
	return flow
}

// checkOut records the check-out mood; the visit record is written as the
// visit ends (kiosk.Pieces.VisitEnded).
func (u *UI) checkOut(mood *piece.Mood) { u.m.CheckedOut(mood) }

// openHasWork reports whether the open studio holds anything the patient
// made, so that leaving it is worth a question.
func (u *UI) openHasWork() bool { return u.pieces.HasWork() }

// forget runs when a visit ends for any reason: everything of the visit is
// dropped from memory (its pieces were saved by then).
func (u *UI) forget() {
	u.pieces.Forget() // no microphone or buffer outlives the visit
	fyne.Do(func() {
		u.page = page{} // rebuilt fresh: no text, canvas or colour of the last visit survives
		u.idle, u.staff = nil, nil
		u.failure = nil // the piece was saved unfinished or left in the spool; staff have the log
		// The next patient starts in the kiosk's language.
		if u.resetLanguage() {
			u.render(u.m.Screen())
		}
	})
}

// report shows what kiosk.Pieces says of a save; from any goroutine.
func (u *UI) report(r kiosk.SaveReport) {
	if r.Err != nil {
		u.showFailure(r.Retry)
		return
	}
	u.saved()
}

// saveFailure is the calm card saying a piece could not be saved. It
// stays over the patient's screens, through every render, until the piece
// is saved (the card's retry, or a later save) or staff open their panel.
type saveFailure struct {
	retry    func()      // tries the failed save again; nil: the card only closes
	retrying atomic.Bool // a retry is under way
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
// singing, or saying a voice note, is not idle.
func (u *UI) keepAliveWhileRecording() {
	switch u.m.Screen() {
	case kiosk.Studio:
		if u.pieces.StudioRecording() {
			u.m.Activity()
		}
	case kiosk.Tag: // a voice note
		if u.pieces.NoteRecording() {
			u.m.Activity()
		}
	}
}

// showVoiceNote swaps the tagging flow for a voice recorder; the kept note
// is attached to the piece and the flow comes back.
func (u *UI) showVoiceNote(o *kiosk.Open, flow fyne.CanvasObject, done func(kept bool)) {
	back := func(kept bool) {
		fyne.Do(func() {
			u.page = page{body: flow, back: u.act(func() { u.m.Back() })}
			u.render(u.m.Screen())
			done(kept)
		})
	}
	var rec *recorder.Recorder
	rec = recorder.New(recorder.Options{
		Preset: audio.Voice.Limited(u.deps.Config.Kiosk.MaxRecording()),
		Device: u.microphone(),
		Logger: u.log,
		OnKeep: func(c audio.Clip) { o.NoteKept(rec, c, back) },
		OnDiscard: func() {
			o.NoteEnded(rec)
			back(false)
		},
		OnUnavailable: func(err error) { u.log.Warn("microphone unavailable for a voice note", "err", err) },
	})
	// The note belongs to its piece: the idle clock sees it recording, and
	// a reset saves what it holds with the piece and closes it.
	o.NoteStarted(rec)
	u.page = page{body: container.NewVScroll(rec), back: func() {
		rec.Close()
		o.NoteEnded(rec)
		back(false)
	}}
	u.render(u.m.Screen())
}

// writingStudio is the writing studio for o: every letter goes to o's
// page, checkpointed while the patient writes; "I'm finished" makes the
// piece's files and moves on to tagging.
func (u *UI) writingStudio(o *kiosk.Open) fyne.CanvasObject {
	page := &writing.Page{}
	o.Writing(page)
	return writeview.NewStudio(writeview.Options{
		Page:       page,
		Prompts:    u.deps.WritingPrompts,
		First:      int(u.now().UnixNano() / int64(time.Minute)),
		KeepClear:  staffCornerSize,
		OnActivity: u.m.Activity,
		OnDone: func() {
			u.m.Activity()
			o.WritingDone(u.toTagging)
		},
	})
}
