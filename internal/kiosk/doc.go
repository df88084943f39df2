// Package kiosk is the patient's visit as a state machine, with no Fyne in
// it: which screen is showing, what may happen next, the idle timer and the
// reset that follows it, the help call and the staff lock.
//
// The visit:
//
//	Welcome → PatientCode → CheckIn → Choose → Studio → Tag → Another ─┐
//	                                    ▲                       │      │
//	                                    └───────── Another() ───┘      │
//	          Finish() from Choose or Another → CheckOut → Goodbye → Welcome
//
// The quiet space: OpenQuiet from Welcome or Choose shows QuietChoose;
// StartQuiet(length) runs it (Quiet), and no idle warning comes while it
// runs; EndQuiet (or Back from QuietChoose) returns to the screen the
// patient came from, with the idle timer started afresh. Should the UI not
// end it, Tick does a moment after its length. The visit counts its uses
// (Visit.QuietSpaces); nothing else of it is kept.
//
// Back goes to the previous screen from PatientCode, CheckIn, Choose, Tag and
// CheckOut. Back from a Studio asks first (the LeaveStudio overlay):
// LeaveStudio(true) keeps the unfinished piece (saved through the Saver,
// marked unfinished), LeaveStudio(false) lets it go (deleted through the
// Saver's Discarder, nothing saved or uploaded), both returning to Choose;
// StayInStudio closes the question. StudioBack leaves a studio without
// asking, saving what there is (the UI uses it when nothing was made).
// Welcome, Another and Goodbye have no Back: a piece once tagged is saved
// and cannot be reopened.
//
// Overlays cover any screen: IdleWarning (the "Are you still here?"
// countdown), the help overlays, LeaveStudio, StaffUnlock (the PIN pad) and
// StaffPanel. While an overlay is up, the screen's own events are refused.
//
// Help: RequestHelp shows HelpSending and hands the request to the HelpDesk,
// which tells staff through every help channel (the chime, a webhook) and
// retries with backoff on Tick. HelpConfirm shows only once a channel
// delivered; otherwise HelpNotDelivered asks the patient to wave or call
// out. A request stays open, lighting the UI's beacon, until staff clear it
// (HelpDesk.Clear); an idle reset does not touch it.
//
// Time never passes on its own: the UI calls Activity on every touch and Tick
// regularly; tests use a fake Clock and call Tick with the times
// they want. After IdleAfter without activity IdleWarning counts down
// IdleCountdown; at zero the open piece, if any, is saved by the Saver as a
// piece marked unfinished, then the visit is forgotten, the Back history is
// cleared, the OnReset listeners run (the UI clears its canvases, fields and
// audio buffers there) and Welcome is shown.
//
// Pieces owns the life of a visit's pieces, with no Fyne in it: the open
// piece and its draft checkpoints, the voice note said in tagging, the
// finished output, saving a tagged piece at once (sealed and queued, not
// held for check-out), and saving the open piece unfinished when the visit
// ends without it (it is the machine's Saver and Discarder). The UI hands it
// a capture per studio and shows what it reports. When a visit ends
// (OnVisitEnd: at check-out, or at the reset otherwise) Pieces writes its
// visit record: the moods and the pieces of the visit, sealed and signed
// like a piece (see piece.VisitRecord and docs/SYNC.md).
//
// Nothing here logs or returns patient data: logs carry screen names, visit
// and piece IDs only.
package kiosk
