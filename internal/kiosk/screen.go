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
)

// The overlays.
const (
	IdleWarning Screen = "idle-warning"
	HelpConfirm Screen = "help-confirm"
	StaffUnlock Screen = "staff-unlock"
	StaffPanel  Screen = "staff-panel"
)

// IsOverlay reports whether s is an overlay rather than a screen of the visit.
func (s Screen) IsOverlay() bool {
	switch s {
	case IdleWarning, HelpConfirm, StaffUnlock, StaffPanel:
		return true
	}
	return false
}

func (s Screen) String() string { return string(s) }
