package kioskui

// DevStaffPIN is the staff PIN of a development-mode kiosk whose
// configuration sets no staff_pin_hash, so that the staff corner, panel and
// quit can be tried out (development mode is not protected anyway). A
// production kiosk has no default: without a hash its staff panel stays
// locked.
const DevStaffPIN = "2468"

// devStaffPINHash is DevStaffPIN as made by `afterimage pin hash` (hashed
// ahead of time: hashing is slow on purpose).
const devStaffPINHash = "$argon2id$v=19$m=65536,t=3,p=2$gH3T5pNa5YKNlATWc4uQkA$V+WQwT17x066pnpVZ0jeCT7CnMJsPE4Od0mZBPoDZPA"

// staffPINHash is the configured staff PIN hash, or in development mode
// without one, DevStaffPIN's.
func (u *UI) staffPINHash() string {
	if h := u.deps.Config.Kiosk.StaffPINHash; h != "" || !u.deps.Station.Development() {
		return h
	}
	u.log.Info("development mode: the staff PIN is " + DevStaffPIN + " (set kiosk.staff_pin_hash to change it)")
	return devStaffPINHash
}
