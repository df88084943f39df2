package galleryui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/emotion"
	"github.com/afterimage-clinic/afterimage/internal/gallery"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/takehome"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// takeHomeText is the take-home screen's and page's text (merged into
// english; assets/i18n/gallery.en.json holds the same).
var takeHomeText = map[string]string{
	"gallery.takehome.open":           "Take-home copy…",
	"gallery.takehome.title":          "Take-home copy for %s",
	"gallery.takehome.intro":          "Choose the pieces the patient wants to keep. Their copy holds the pictures, recordings, titles, words and reflections, and a page that opens in any browser — never the clinic's notes.",
	"gallery.takehome.all":            "All pieces",
	"gallery.takehome.piece":          "%s · %s · %s",
	"gallery.takehome.consent":        "The patient has agreed to take these pieces home",
	"gallery.takehome.folder":         "A folder",
	"gallery.takehome.zip":            "A zip file",
	"gallery.takehome.dest":           "Save in %s",
	"gallery.takehome.choose":         "Choose where…",
	"gallery.takehome.make":           "Make the copy",
	"gallery.takehome.cancel":         "Cancel",
	"gallery.takehome.close":          "Close",
	"gallery.takehome.progress":       "Copying piece %d of %d…",
	"gallery.takehome.done":           "The copy is ready: %s",
	"gallery.takehome.cancelled":      "Cancelled. Nothing was written.",
	"gallery.takehome.exists":         "Something with that name is already there. Nothing was written.",
	"gallery.takehome.failed":         "The copy could not be made, and nothing was written. The gallery's log says why.",
	"gallery.takehome.name":           "Afterimage take-home %s",
	"gallery.takehome.page.title":     "Your pieces from Afterimage",
	"gallery.takehome.page.about":     "Afterimage is the quiet corner of the recovery lounge where you drew, played and spoke after your sessions. These are the pieces you chose to take home. They belong to you: keep them, share them, or simply let them rest. This page needs no internet connection.",
	"gallery.takehome.page.made":      "Copied for you on %s",
	"gallery.takehome.page.felt":      "Felt:",
	"gallery.takehome.page.voicenote": "Your voice note",
	"gallery.takehome.page.download":  "Save this file",
	"gallery.takehome.page.noplayer":  "This browser cannot play the recording here; open the file with a music player.",
}

func init() { maps.Copy(english, takeHomeText) }

// takeHome is the take-home screen: the patient's pieces to choose, the
// consent, the format and place, and the export's progress.
type takeHome struct {
	b       *browser
	code    string
	pieces  []index.Piece
	content fyne.CanvasObject

	all     *widget.Check
	checks  []*widget.Check
	consent *widget.Check
	format  *widget.RadioGroup
	dir     string
	where   *widget.Label
	choose  *widget.Button
	make    *widget.Button
	cancel  *widget.Button
	bar     *widget.ProgressBar
	status  *widget.Label

	running func() // cancels the running export; nil when none
	done    bool
	now     func() time.Time // the copy's date in its name
}

// takeHomeButton is the patient header's button that opens the screen.
func (v *patientView) takeHomeButton() *widget.Button {
	return widget.NewButton(tr("gallery.takehome.open"), func() {
		v.b.u.s.Touch()
		if v.code == "" || v.code == unverifiedRow {
			return
		}
		v.takeHomeScreen = v.b.openTakeHome(v.code, v.visits)
	})
}

// openTakeHome shows the take-home screen for code's pieces (undamaged,
// oldest first) in place of the patients.
func (b *browser) openTakeHome(code string, visits []index.Visit) *takeHome {
	var pieces []index.Piece
	for _, vis := range slices.Backward(visits) {
		for _, p := range slices.Backward(vis.Pieces) {
			if p.Damage == "" && p.Patient == code {
				pieces = append(pieces, p)
			}
		}
	}
	th := newTakeHome(b, code, pieces, defaultTakeHomeDir())
	b.body.Objects = []fyne.CanvasObject{th.content}
	b.body.Refresh()
	b.u.log.Info("screen shown", "screen", "take-home", "pieces", len(pieces))
	return th
}

// defaultTakeHomeDir is where a copy goes unless the clinician chooses:
// the desktop, else the home folder.
func defaultTakeHomeDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	if st, err := os.Stat(filepath.Join(home, "Desktop")); err == nil && st.IsDir() {
		return filepath.Join(home, "Desktop")
	}
	return home
}

func newTakeHome(b *browser, code string, pieces []index.Piece, dir string) *takeHome {
	th := &takeHome{b: b, code: code, pieces: pieces, dir: dir, now: time.Now}
	title := canvas.NewText(trf("gallery.takehome.title", formatCode(code)), theme.Ink)
	title.TextSize = 24
	intro := widget.NewLabel(tr("gallery.takehome.intro"))
	intro.Wrapping = fyne.TextWrapWord

	list := container.NewVBox()
	for _, p := range pieces {
		name := p.Title
		if name == "" {
			name = tr("gallery.piece.untitled")
		}
		c := widget.NewCheck(trf("gallery.takehome.piece", kindText(p.Kind), name, dateText(p.Created.Local(), "2 Jan 2006")), func(bool) { th.changed() })
		th.checks = append(th.checks, c)
		list.Add(c)
	}
	th.all = widget.NewCheck(tr("gallery.takehome.all"), func(on bool) {
		for _, c := range th.checks {
			c.Checked = on
			c.Refresh()
		}
		th.changed()
	})
	th.consent = widget.NewCheck(tr("gallery.takehome.consent"), func(bool) { th.changed() })
	th.format = widget.NewRadioGroup([]string{tr("gallery.takehome.folder"), tr("gallery.takehome.zip")}, nil)
	th.format.Horizontal = true
	th.format.Required = true
	th.format.SetSelected(tr("gallery.takehome.folder"))
	th.format.OnChanged = func(string) { th.changed() }
	th.where = widget.NewLabel("")
	th.where.Wrapping = fyne.TextWrapBreak
	th.choose = widget.NewButton(tr("gallery.takehome.choose"), th.chooseDir)
	th.make = widget.NewButton(tr("gallery.takehome.make"), th.start)
	th.make.Importance = widget.HighImportance
	th.cancel = widget.NewButton(tr("gallery.takehome.cancel"), th.stop)
	th.bar = widget.NewProgressBar()
	th.bar.Hide()
	th.status = widget.NewLabel("")
	th.status.Wrapping = fyne.TextWrapWord
	th.status.Hide() // shown with something to say

	// Left, the pieces to choose; right, the consent, the format, the
	// place, the progress and the buttons.
	pieceList := container.NewBorder(container.NewVBox(th.all, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(list))
	// The choices scroll when the window is short (a screen never grows
	// the window past it); the progress, what happened and the buttons
	// stay in sight.
	choices := container.NewBorder(nil, container.NewVBox(th.bar, th.status, container.NewHBox(layout.NewSpacer(), th.cancel, th.make)), nil, nil,
		container.NewVScroll(container.NewVBox(th.consent, widget.NewSeparator(), th.format,
			container.NewBorder(nil, nil, container.NewVBox(th.choose), nil, th.where))))
	top := container.NewVBox(container.NewPadded(title), intro)
	th.content = container.NewPadded(container.NewBorder(top, nil, nil, nil,
		container.NewGridWithColumns(2, container.NewPadded(pieceList), container.NewPadded(choices))))
	th.changed()
	return th
}

// chosen is the ids of the checked pieces.
func (th *takeHome) chosen() []piece.ID {
	var ids []piece.ID
	for i, c := range th.checks {
		if c.Checked {
			ids = append(ids, th.pieces[i].ID)
		}
	}
	return ids
}

// changed updates what the choices allow.
func (th *takeHome) changed() {
	th.b.u.s.Touch()
	n := len(th.chosen())
	th.all.Checked = n == len(th.checks) && n > 0
	th.all.Refresh()
	th.where.SetText(trf("gallery.takehome.dest", filepath.Join(th.dir, th.name())))
	if th.running == nil && !th.done && n > 0 && th.consent.Checked && th.dir != "" {
		th.make.Enable()
	} else {
		th.make.Disable()
	}
}

func (th *takeHome) zip() bool { return th.format.Selected == tr("gallery.takehome.zip") }

// name is the copy's file or folder name: dated, and not one already
// there.
func (th *takeHome) name() string {
	base := trf("gallery.takehome.name", th.now().Format("2006-01-02"))
	ext := ""
	if th.zip() {
		ext = ".zip"
	}
	name := base + ext
	for n := 2; n < 100; n++ {
		if _, err := os.Lstat(filepath.Join(th.dir, name)); errors.Is(err, os.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s (%d)%s", base, n, ext)
	}
	return name
}

// chooseDir opens the folder picker.
func (th *takeHome) chooseDir() {
	th.b.u.s.Touch()
	d := dialog.NewFolderOpen(func(uri fyne.ListableURI, err error) {
		if err != nil || uri == nil {
			return
		}
		th.dir = uri.Path()
		th.changed()
	}, th.b.u.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// start runs the export off the UI goroutine.
func (th *takeHome) start() {
	ids := th.chosen()
	if th.running != nil || len(ids) == 0 || !th.consent.Checked {
		return
	}
	format := takehome.Folder
	if th.zip() {
		format = takehome.Zip
	}
	dest := filepath.Join(th.dir, th.name())
	ctx, cancel := context.WithCancel(context.Background())
	th.running = cancel
	for _, c := range append([]*widget.Check{th.all, th.consent}, th.checks...) {
		c.Disable()
	}
	th.format.Disable()
	th.choose.Disable()
	th.make.Disable()
	th.bar.SetValue(0)
	th.bar.Show()
	th.status.SetText(trf("gallery.takehome.progress", 0, len(ids)))
	th.status.Show()
	req := gallery.TakeHomeRequest{Patient: th.code, Pieces: ids, Consent: true, Dest: dest, Format: format, Text: pageText(),
		Word: func(w string) string { return lang.X(emotion.WordKey(w), w) },
		Progress: func(done, total int) {
			th.b.u.do(func() {
				if total > 0 {
					th.bar.SetValue(float64(done) / float64(total))
				}
				th.status.SetText(trf("gallery.takehome.progress", min(done+1, total), total))
			})
		}}
	s := th.b.u.s
	go func() {
		_, err := s.TakeHome(ctx, req)
		th.b.u.do(func() { th.finished(dest, err) })
	}()
}

// finished shows how the export ended.
func (th *takeHome) finished(dest string, err error) {
	th.running = nil
	th.bar.Hide()
	switch {
	case err == nil:
		th.done = true
		th.status.SetText(trf("gallery.takehome.done", dest))
		th.cancel.SetText(tr("gallery.takehome.close"))
	case errors.Is(err, context.Canceled):
		th.status.SetText(tr("gallery.takehome.cancelled"))
	case errors.Is(err, takehome.ErrExists):
		th.status.SetText(tr("gallery.takehome.exists"))
	default:
		th.b.u.log.Error("gallery: take-home copy not made", "err", err)
		th.status.SetText(tr("gallery.takehome.failed"))
	}
	if !th.done {
		for _, c := range append([]*widget.Check{th.all, th.consent}, th.checks...) {
			c.Enable()
		}
		th.format.Enable()
		th.choose.Enable()
	}
	th.changed()
}

// stop cancels a running export, or closes the screen.
func (th *takeHome) stop() {
	th.b.u.s.Touch()
	if th.running != nil {
		th.running()
		return
	}
	th.b.body.Objects = []fyne.CanvasObject{th.b.split}
	th.b.body.Refresh()
	th.b.u.log.Info("screen shown", "screen", "patients")
}

// pageText is the take-home page's text in the gallery's language.
func pageText() takehome.Text {
	return takehome.Text{
		Lang: lang.SystemLocale().LanguageString(), Title: tr("gallery.takehome.page.title"), About: tr("gallery.takehome.page.about"),
		MadeOn: tr("gallery.takehome.page.made"), Untitled: tr("gallery.piece.untitled"),
		Drawing: tr("gallery.kind.drawing"), Music: tr("gallery.kind.music"), Voice: tr("gallery.kind.voice"), Writing: tr("gallery.kind.writing"),
		Felt: tr("gallery.takehome.page.felt"), VoiceNote: tr("gallery.takehome.page.voicenote"),
		Download: tr("gallery.takehome.page.download"), NoPlayer: tr("gallery.takehome.page.noplayer"),
	}
}
