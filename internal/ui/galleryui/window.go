package galleryui

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/library"
	"github.com/afterimage-clinic/afterimage/internal/media"
	"github.com/afterimage-clinic/afterimage/internal/patientcode"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// Options configure the gallery's window.
type Options struct {
	Development bool
	Library     *library.Library
	Logger      *slog.Logger
	// PullEvery is how often Start pulls new pieces (default 15 s).
	PullEvery time.Duration
}

// UI is the gallery's main window: patients on the left, the chosen
// patient's pieces across visits on the right.
type UI struct {
	win  fyne.Window
	opts Options
	log  *slog.Logger

	mu         sync.Mutex                  // guards pieces, unverified, damaged and thumbs (pulls run off the UI goroutine)
	pieces     map[string][]*library.Piece // by patient code; origin verified only
	unverified []*library.Piece            // origin not verified: never in a patient's work
	damaged    []library.Damaged           // every problem not resolved
	thumbs     map[piece.ID]image.Image    // decoded off the UI goroutine
	notice     string                      // a standing warning for staff (storage not versioned)
	indexNote  string                      // what opening the index did ("index rebuilt (…)"), if worth saying
	patients   *widget.List
	codes      []string // Fyne thread only: the list's rows
	selected   string
	detail     *fyne.Container
	status     *widget.Label
}

// New builds the gallery window in a.
func New(a fyne.App, opts Options) *UI {
	a.Settings().SetTheme(theme.New())
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PullEvery <= 0 {
		opts.PullEvery = 15 * time.Second
	}
	u := &UI{opts: opts, log: opts.Logger.With("component", "galleryui"), pieces: map[string][]*library.Piece{}, thumbs: map[piece.ID]image.Image{}}
	u.win = a.NewWindow("Afterimage Gallery")
	u.win.Resize(fyne.NewSize(1280, 800))

	title := canvas.NewText("Gallery", theme.Ink)
	title.TextSize = 40
	u.status = widget.NewLabel("Looking for new pieces…")
	header := container.NewBorder(nil, nil, container.NewPadded(title), u.status)
	if opts.Development {
		note := canvas.NewText("Development mode — reading the local development folder", theme.Ink)
		header = container.NewBorder(container.NewStack(canvas.NewRectangle(theme.Banner), container.NewPadded(note)), nil, nil, nil, header)
	}
	u.patients = widget.NewList(
		func() int { return len(u.codes) },
		func() fyne.CanvasObject { return widget.NewLabel("XXX-XXXX (000)") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			code := u.codes[i]
			u.mu.Lock()
			n := len(u.pieces[code])
			if code == unverifiedRow {
				n = len(u.unverified)
			}
			u.mu.Unlock()
			o.(*widget.Label).SetText(fmt.Sprintf("%s (%d)", rowName(code), n))
		})
	u.patients.OnSelected = func(i widget.ListItemID) {
		u.selected = u.codes[i]
		u.showPatient()
	}
	u.detail = container.NewVBox(widget.NewLabel("Pieces appear here as kiosks sync them.\nChoose a patient code to review their pieces across visits."))
	split := container.NewHSplit(u.patients, container.NewVScroll(container.NewPadded(u.detail)))
	split.Offset = 0.22
	u.win.SetContent(container.NewStack(canvas.NewRectangle(theme.Paper), container.NewBorder(header, nil, nil, nil, split)))
	return u
}

// Progress shows how far a pull is; give it to library.Options.Progress.
// Safe from any goroutine.
func (u *UI) Progress(done, total int) {
	if done != total && done%25 != 0 {
		return
	}
	text := fmt.Sprintf("Fetching new pieces: %d of %d", done, total)
	fyne.Do(func() { u.status.SetText(text) })
}

// SetNotice shows a standing warning for staff in the status line (safe
// from any goroutine).
func (u *UI) SetNotice(text string) {
	u.mu.Lock()
	u.notice = text
	u.mu.Unlock()
	fyne.Do(func() {
		if text != "" && !strings.Contains(u.status.Text, text) {
			u.status.SetText(u.status.Text + " · " + text)
		}
	})
}

// SetIndexNote shows, in the status line, what opening the gallery's index
// did (for example that it was rebuilt, and why). Safe from any goroutine.
func (u *UI) SetIndexNote(text string) {
	u.mu.Lock()
	u.indexNote = text
	u.mu.Unlock()
	fyne.Do(func() {
		if text != "" && !strings.Contains(u.status.Text, text) {
			u.status.SetText(text + " · " + u.status.Text)
		}
	})
}

// Window is the gallery's main window.
func (u *UI) Window() fyne.Window { return u.win }

// Start pulls now and then every PullEvery until ctx ends.
func (u *UI) Start(ctx context.Context) {
	if u.opts.Library == nil {
		return
	}
	go func() {
		cached, err := u.opts.Library.Cached()
		if err != nil {
			u.log.Error("read the gallery's cache", "err", err)
		}
		u.add(cached)
		t := time.NewTicker(u.opts.PullEvery)
		defer t.Stop()
		for {
			u.Pull(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Pull fetches new pieces from the library and shows them.
func (u *UI) Pull(ctx context.Context) {
	p, err := u.opts.Library.Pull(ctx)
	u.add(p)
	if err != nil {
		u.log.Warn("pull failed; will try again", "err", err)
		fyne.Do(func() { u.status.SetText("Can't reach the clinic's storage right now — trying again soon") })
	}
}

// add shows pieces (and problems) found by a pull or in the cache. It runs
// off the UI goroutine: thumbnails are decoded here.
func (u *UI) add(p library.Pull) {
	thumbs := map[piece.ID]image.Image{}
	for _, pc := range append(append([]*library.Piece(nil), p.Pieces...), p.Unverified...) {
		if img := u.thumbnail(pc); img != nil {
			thumbs[pc.Manifest.ID] = img
		}
	}
	u.mu.Lock()
	for _, pc := range p.Pieces {
		code := pc.Manifest.PatientCode
		u.pieces[code] = append(u.pieces[code], pc)
	}
	for id, img := range thumbs {
		u.thumbs[id] = img
	}
	u.unverified = append(u.unverified, p.Unverified...)
	if u.opts.Library != nil {
		u.damaged = u.opts.Library.Problems()
	} else {
		u.damaged = p.Damaged
	}
	total, damaged, unverified := 0, len(u.damaged), len(u.unverified)
	for _, ps := range u.pieces {
		total += len(ps)
	}
	u.mu.Unlock()
	noun := "pieces"
	if total == 1 {
		noun = "piece"
	}
	status := fmt.Sprintf("%d %s · last looked %s", total, noun, time.Now().Format("15:04"))
	u.mu.Lock()
	if u.indexNote != "" {
		status = u.indexNote + " · " + status
	}
	u.mu.Unlock()
	if damaged > 0 {
		status += fmt.Sprintf(" · %d damaged (not shown)", damaged)
	}
	if unverified > 0 {
		status += fmt.Sprintf(" · %d origin not verified (kept apart)", unverified)
	}
	u.mu.Lock()
	if u.notice != "" {
		status += " · " + u.notice
	}
	u.mu.Unlock()
	fyne.Do(func() {
		u.status.SetText(status)
		u.refreshPatients()
		if u.selected != "" {
			u.showPatient()
		}
	})
}

// thumbnail decodes a piece's thumbnail or waveform, refusing decode bombs.
// Slow: never on the UI goroutine.
func (u *UI) thumbnail(p *library.Piece) image.Image {
	for _, b := range p.Manifest.Blobs {
		if b.Role != piece.RoleThumbnail && b.Role != piece.RoleWaveform {
			continue
		}
		data, err := p.ReadBlob(b.Name)
		if err != nil {
			u.log.Warn("piece damaged in the gallery cache", "piece", p.Manifest.ID, "err", err)
			return nil
		}
		img, _, err := media.DecodeImage(data, media.ThumbnailPixels)
		if err != nil {
			u.log.Warn("piece's picture not shown", "piece", p.Manifest.ID, "err", err)
			return nil
		}
		return img
	}
	return nil
}

// unverifiedRow is the patient list's last row, apart from every patient:
// pieces whose origin is not verified.
const unverifiedRow = "\x00unverified"

func rowName(code string) string {
	if code == unverifiedRow {
		return "Origin not verified"
	}
	return formatCode(code)
}

func (u *UI) refreshPatients() {
	u.mu.Lock()
	codes := make([]string, 0, len(u.pieces)+1)
	for c := range u.pieces {
		codes = append(codes, c)
	}
	unverified := len(u.unverified) > 0
	u.mu.Unlock()
	sort.Strings(codes)
	if unverified {
		codes = append(codes, unverifiedRow)
	}
	u.codes = codes
	u.patients.Refresh()
}

// showPatient lists the chosen patient's pieces, newest visit first.
func (u *UI) showPatient() {
	u.mu.Lock()
	ps := append([]*library.Piece(nil), u.pieces[u.selected]...)
	if u.selected == unverifiedRow {
		ps = append([]*library.Piece(nil), u.unverified...)
	}
	u.mu.Unlock()
	sort.Slice(ps, func(i, j int) bool { return ps[i].Manifest.Started.After(ps[j].Manifest.Started) })
	u.detail.Objects = []fyne.CanvasObject{headingText(rowName(u.selected))}
	if u.selected == unverifiedRow {
		note := widget.NewLabel("These pieces did not come from one of the clinic's trusted kiosks, or were changed after a kiosk made them. They are not part of any patient's work. Ask the clinic's IT person to check the kiosks' keys.")
		note.Wrapping = fyne.TextWrapWord
		u.detail.Add(note)
	}
	for _, p := range ps {
		u.detail.Add(u.card(p))
	}
	u.detail.Refresh()
}

// card shows one piece: its picture (or waveform), and what was said about it.
func (u *UI) card(p *library.Piece) fyne.CanvasObject {
	m := p.Manifest
	var pic fyne.CanvasObject = layout.NewSpacer()
	u.mu.Lock()
	img := u.thumbs[m.ID]
	u.mu.Unlock()
	if img != nil {
		ci := canvas.NewImageFromImage(img)
		ci.FillMode = canvas.ImageFillContain
		ci.SetMinSize(fyne.NewSize(320, 180))
		pic = ci
	}
	lines := []string{fmt.Sprintf("%s · %s", kindName(m.Kind), m.Started.Local().Format("Mon 2 Jan 2006, 15:04"))}
	if m.Title != "" {
		lines = append(lines, "“"+m.Title+"”")
	}
	if m.Emotions != nil {
		words := make([]string, len(m.Emotions.Words))
		for i, w := range m.Emotions.Words {
			words[i] = fmt.Sprintf("%s (%d/5)", w.Word, w.Intensity)
		}
		lines = append(lines, "Felt: "+strings.ReplaceAll(m.Emotions.Quadrant, "-", ", ")+" energy  "+strings.Join(words, ", "))
	}
	if m.MoodCheckIn != nil || m.MoodCheckOut != nil {
		lines = append(lines, "Mood arriving "+mood(m.MoodCheckIn)+" → leaving "+mood(m.MoodCheckOut))
	}
	if m.Unfinished {
		lines = append(lines, "Unfinished (saved when the visit ended)")
	}
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(text)
	if m.Reflection != "" {
		r := widget.NewLabel(m.Reflection)
		r.Wrapping = fyne.TextWrapWord
		r.TextStyle = fyne.TextStyle{Italic: true}
		body.Add(r)
	}
	return container.NewStack(canvas.NewRectangle(theme.Sand), container.NewPadded(container.NewBorder(nil, nil, pic, nil, body)))
}

func headingText(s string) fyne.CanvasObject {
	t := canvas.NewText(s, theme.Ink)
	t.TextSize = 32
	return t
}

func kindName(k piece.Kind) string {
	switch k {
	case piece.Drawing:
		return "Drawing"
	case piece.Music:
		return "Music"
	case piece.Voice:
		return "Voice"
	}
	return string(k)
}

func mood(m *piece.Mood) string {
	if m == nil {
		return "—"
	}
	return fmt.Sprintf("pleasant %d/9, energy %d/9", m.Pleasantness, m.Energy)
}

func formatCode(c string) string {
	if code, err := patientcode.Parse(c); err == nil {
		return code.String()
	}
	return c
}
