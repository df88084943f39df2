package kiosk

// Screen names what the kiosk shows. The patient's screens form the visit;
// the overlays cover whichever patient screen is underneath.
type Screen string

// The patient's screens.
const (
	Welcome     Screen = "welcome"
	PatientCode Screen = "patient-code"
	CheckIn     Screen = "check-in"
	Choose      Screen = "choose"
	Studio      Screen = "studio" // Visit().OpenKind says which studio
	Tag         Screen = "tag"
	Another     Screen = "another"
	CheckOut    Screen = "check-out"
	Goodbye     Screen = "goodbye"
	// QuietChoose offers the quiet space's lengths (from Welcome or
	// Choose); Quiet is the quiet space running. Both return to where the
	// patient came from.
	QuietChoose Screen = "quiet-choose"
	Quiet       Screen = "quiet"
)

// The overlays.
const (
	IdleWarning Screen = "idle-warning"
	// HelpSending is shown while a help alert is on its way; HelpConfirm
	// once one was delivered (a webhook answered 2xx or the chime played);
	// HelpNotDelivered when none was, with the honest message to wave or
	// call out while delivery is retried.
	HelpSending      Screen = "help-sending"
	HelpConfirm      Screen = "help-confirm"
	HelpNotDelivered Screen = "help-not-delivered"
	// LeaveStudio asks, on Back from a studio, whether to keep the
	// unfinished piece for later or let it go.
	LeaveStudio Screen = "leave-studio"
	StaffUnlock Screen = "staff-unlock"
	StaffPanel  Screen = "staff-panel"
)

// IsOverlay reports whether s is an overlay rather than a screen of the visit.
func (s Screen) IsOverlay() bool {
	switch s {
	case IdleWarning, HelpSending, HelpConfirm, HelpNotDelivered, LeaveStudio, StaffUnlock, StaffPanel:
		return true
	}
	return false
}

func (s Screen) String() string { return string(s) }
