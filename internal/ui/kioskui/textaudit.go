package kioskui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/afterimage-clinic/afterimage/internal/ui/textaudit"
)

// auditLoop audits the screen five times a second until ctx ends.
func (u *UI) auditLoop(ctx context.Context) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fyne.Do(u.auditText)
		}
	}
}

// auditText looks for text that does not fit on the screen as it is now
// (Deps.TextAudit). A view is reported once two audits in a row found it
// the same, so layouts in passing are not: a "text audit" line
// for every view (screen, texts, problems), and a "text does not fit"
// warning for each problem. Fyne thread only.
func (u *UI) auditText() {
	r := textaudit.Audit(u.win.Canvas())
	if r.Digest != u.audit.digest {
		u.audit.digest, u.audit.logged = r.Digest, false
		return
	}
	if u.audit.logged {
		return
	}
	u.audit.logged = true
	screen := u.Rendered()
	for _, p := range r.Problems {
		u.log.Warn("text does not fit", "screen", screen, "text", p.Text, "why", p.Why)
	}
	u.log.Info("text audit", "screen", screen, "texts", r.Checked, "problems", len(r.Problems), "under-scroll-edge", r.Clipped)
}

// textAuditState is the last view auditText saw. Fyne thread only.
type textAuditState struct {
	digest uint64
	logged bool // its report is in the log
}
