package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // thumbnails are JPEG
	_ "image/png"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Report is everything one report shows.
type Report struct {
	Clinic    string // the clinic's name, for the header
	Clinician string // who made the report
	Patient   string // the patient's code
	Name      string // the clinic's display name for the patient, or ""
	From, To  time.Time
	Made      time.Time
	Visits    []Visit // oldest first
	// Words is the report's wording, in the gallery's language; empty
	// fields are said in English.
	Words Words
}

// Visit is one visit to the kiosk.
type Visit struct {
	Start    time.Time
	CheckIn  *piece.Mood // nil: not given
	CheckOut *piece.Mood
	Pieces   []Piece
	Notes    []Note // on the visit
}

// Piece is one piece of work.
type Piece struct {
	Kind       piece.Kind
	Title      string
	Reflection string
	Words      []piece.EmotionTag
	// Body is where the patient felt the piece, region by region, e.g.
	// "Chest (warm)" (nil: no body map).
	Body       []string
	Unfinished bool
	Damaged    bool
	Thumbnail  []byte // PNG or JPEG; nil when there is none (a sound, a damaged piece)
	// LoadThumbnail, when Thumbnail is nil, reads the thumbnail as the
	// piece is laid out, so only one piece's stored thumbnail is held at a
	// time (nil: none).
	LoadThumbnail func() []byte
	Notes         []Note
	// Text is a written piece's text, printed whole after the reflection;
	// LoadText, when Text is "", reads it as the piece is laid out (nil:
	// none).
	Text     string
	LoadText func() string
}

// Note is a therapist's note.
type Note struct {
	Author string
	Time   time.Time
	Text   string
}

// maxThumb bounds a thumbnail's side in pixels: the gallery's thumbnails
// are 320 px; anything far larger is not one.
const maxThumb = 2048

const (
	font     = "Noto"
	margin   = 18.0 // mm
	pageW    = 210.0
	contentW = pageW - 2*margin
	thumbW   = 38.0
)

// Write lays r out as a PDF on w. progress, if not nil, is called after
// each piece with how many of all pieces are done. Write stops with
// ctx.Err() when ctx is cancelled.
func Write(ctx context.Context, w io.Writer, r Report, progress func(done, total int)) error {
	words := r.Words.complete()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetCreationDate(r.Made)
	pdf.SetModificationDate(r.Made)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(words.Title+" "+r.Patient, true)
	pdf.SetCreator("Afterimage", true)
	pdf.AddUTF8FontFromBytes(font, "", assets.FontRegular)
	pdf.AddUTF8FontFromBytes(font, "B", assets.FontBold)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(font, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, clean(r.Clinic)+" · "+clean(r.Patient)+" · "+fmt.Sprintf(words.Page, pdf.PageNo(), "{nb}"), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	header(pdf, r, words)
	moodChart(pdf, r.Visits, words)

	total := 0
	for _, v := range r.Visits {
		total += len(v.Pieces)
	}
	done := 0
	for vi, v := range r.Visits {
		if err := ctx.Err(); err != nil {
			return err
		}
		visitHeading(pdf, vi+1, v, words)
		notes(pdf, v.Notes, words)
		for pi, p := range v.Pieces {
			if err := ctx.Err(); err != nil {
				return err
			}
			pieceBlock(pdf, fmt.Sprintf("v%dp%d", vi, pi), p, words)
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}

func header(pdf *fpdf.Fpdf, r Report, words Words) {
	pdf.SetTextColor(30, 30, 30)
	pdf.SetFont(font, "B", 16)
	pdf.CellFormat(0, 8, clean(r.Clinic), "", 1, "L", false, 0, "")
	pdf.SetFont(font, "", 12)
	pdf.CellFormat(0, 6, words.Title, "", 1, "L", false, 0, "")
	pdf.Ln(2)
	who := fmt.Sprintf(words.Patient, clean(r.Patient))
	if r.Name != "" {
		who += " — " + clean(r.Name)
	}
	pdf.SetFont(font, "B", 12)
	pdf.CellFormat(0, 6, who, "", 1, "L", false, 0, "")
	pdf.SetFont(font, "", 10)
	pieces := 0
	for _, v := range r.Visits {
		pieces += len(v.Pieces)
	}
	period := fmt.Sprintf(words.Period, words.Date(r.From, DateDay), words.Date(r.To, DateDay))
	pdf.CellFormat(0, 5, period+" · "+words.Visits(len(r.Visits))+" · "+words.Pieces(pieces), "", 1, "L", false, 0, "")
	pdf.CellFormat(0, 5, fmt.Sprintf(words.Made, words.Date(r.Made, DateMade), clean(r.Clinician)), "", 1, "L", false, 0, "")
	pdf.Ln(4)
}

// The mood chart's two scales, in their colours.
var (
	pleasantColor = [3]int{46, 110, 180}
	energyColor   = [3]int{214, 120, 40}
)

// moodChart draws each visit's check-in → check-out on both scales as
// arrows: the change within a visit is the arrow's length and direction.
func moodChart(pdf *fpdf.Fpdf, visits []Visit, words Words) {
	const h = 55.0
	x0, y0 := margin+10, pdf.GetY()+4
	w := contentW - 10
	pdf.SetFont(font, "B", 11)
	pdf.SetTextColor(30, 30, 30)
	pdf.CellFormat(0, 5, words.MoodChart, "", 1, "L", false, 0, "")
	y0 += 4
	// Axes: 1 (low) to 9 (high).
	pdf.SetDrawColor(180, 180, 180)
	pdf.SetLineWidth(0.2)
	pdf.Rect(x0, y0, w, h, "D")
	yOf := func(v int) float64 { return y0 + h - (float64(v)-1)/8*h }
	pdf.SetFont(font, "", 7)
	pdf.SetTextColor(110, 110, 110)
	for _, v := range []int{1, 5, 9} {
		pdf.Line(x0, yOf(v), x0+w, yOf(v))
		pdf.Text(x0-4, yOf(v)+1, fmt.Sprint(v))
	}
	n := len(visits)
	if n == 0 {
		pdf.Text(x0+4, y0+h/2, words.NoVisits)
	}
	step := w / float64(max(n, 1))
	for i, v := range visits {
		cx := x0 + step*(float64(i)+0.5)
		if n <= 16 || i%((n+15)/16) == 0 {
			pdf.Text(cx-6, y0+h+4, words.Date(v.Start, DateShort))
		}
		for k, c := range []struct {
			get func(*piece.Mood) int
			col [3]int
		}{
			{func(m *piece.Mood) int { return m.Pleasantness }, pleasantColor},
			{func(m *piece.Mood) int { return m.Energy }, energyColor},
		} {
			x := cx + float64(k*2-1)*min(step/6, 3)
			pdf.SetDrawColor(c.col[0], c.col[1], c.col[2])
			pdf.SetFillColor(c.col[0], c.col[1], c.col[2])
			pdf.SetLineWidth(0.5)
			switch {
			case v.CheckIn != nil && v.CheckOut != nil && c.get(v.CheckIn) > 0 && c.get(v.CheckOut) > 0:
				a, b := yOf(c.get(v.CheckIn)), yOf(c.get(v.CheckOut))
				pdf.Circle(x, a, 0.8, "F")
				pdf.Line(x, a, x, b)
				arrowHead(pdf, x, a, b)
			case v.CheckIn != nil && c.get(v.CheckIn) > 0:
				pdf.Circle(x, yOf(c.get(v.CheckIn)), 0.8, "F")
			case v.CheckOut != nil && c.get(v.CheckOut) > 0:
				pdf.Circle(x, yOf(c.get(v.CheckOut)), 0.8, "D")
			}
		}
	}
	// Legend.
	ly := y0 + h + 9
	for i, l := range []struct {
		name string
		col  [3]int
	}{{words.Pleasantness, pleasantColor}, {words.Energy, energyColor}} {
		lx := x0 + float64(i)*40
		pdf.SetFillColor(l.col[0], l.col[1], l.col[2])
		pdf.Rect(lx, ly-2.5, 6, 2.5, "F")
		pdf.SetTextColor(60, 60, 60)
		pdf.Text(lx+8, ly, l.name)
	}
	pdf.SetTextColor(110, 110, 110)
	// The key follows the legend on its line, or goes under it when a
	// language's words do not fit beside it.
	kx, ky := x0+80, ly
	if kx+pdf.GetStringWidth(words.ChartKey) > x0+w {
		kx, ky = x0, ly+4
	}
	pdf.Text(kx, ky, words.ChartKey)
	pdf.SetY(ky + 6)
}

// arrowHead draws a small filled head at (x, to), pointing from from.
func arrowHead(pdf *fpdf.Fpdf, x, from, to float64) {
	if from == to {
		pdf.Rect(x-0.9, to-0.9, 1.8, 1.8, "F")
		return
	}
	d := 1.6
	if to > from {
		d = -d
	}
	pdf.Polygon([]fpdf.PointType{{X: x, Y: to}, {X: x - 1.1, Y: to + d}, {X: x + 1.1, Y: to + d}}, "F")
}

func moodText(m *piece.Mood, words Words) string {
	if m == nil || (m.Pleasantness == 0 && m.Energy == 0) {
		return words.NoMood
	}
	part := func(v int) string {
		if v == 0 {
			return "–"
		}
		return fmt.Sprint(v)
	}
	return fmt.Sprintf(words.Mood, part(m.Pleasantness), part(m.Energy))
}

func visitHeading(pdf *fpdf.Fpdf, n int, v Visit, words Words) {
	if pdf.GetY() > 250 {
		pdf.AddPage()
	}
	pdf.Ln(3)
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(margin, pdf.GetY(), margin+contentW, pdf.GetY())
	pdf.Ln(2)
	pdf.SetTextColor(30, 30, 30)
	pdf.SetFont(font, "B", 12)
	pdf.CellFormat(0, 6, fmt.Sprintf(words.Visit, n, words.Date(v.Start, DateVisit)), "", 1, "L", false, 0, "")
	pdf.SetFont(font, "", 10)
	pdf.CellFormat(0, 5, fmt.Sprintf(words.Moods, moodText(v.CheckIn, words), moodText(v.CheckOut, words)), "", 1, "L", false, 0, "")
	pdf.Ln(1)
}

func pieceBlock(pdf *fpdf.Fpdf, name string, p Piece, wd Words) {
	if pdf.GetY() > 240 {
		pdf.AddPage()
	}
	top := pdf.GetY()
	textX := margin
	thumb := p.Thumbnail
	if thumb == nil && p.LoadThumbnail != nil {
		thumb = p.LoadThumbnail()
	}
	if img := thumbnail(pdf, name, thumb); img != "" {
		info := pdf.GetImageInfo(img)
		hgt := thumbW * info.Height() / info.Width()
		pdf.ImageOptions(img, margin, top, thumbW, hgt, false, fpdf.ImageOptions{}, 0, "")
		textX = margin + thumbW + 5
		defer func() { pdf.SetY(max(pdf.GetY(), top+hgt) + 3) }()
	} else {
		defer func() { pdf.SetY(pdf.GetY() + 3) }()
	}
	w := contentW - (textX - margin)
	line := func(style string, size float64, text string, col [3]int) {
		if text == "" {
			return
		}
		pdf.SetX(textX)
		pdf.SetFont(font, style, size)
		pdf.SetTextColor(col[0], col[1], col[2])
		pdf.MultiCell(w, size*0.45, text, "", "L", false)
	}
	ink, grey := [3]int{30, 30, 30}, [3]int{100, 100, 100}
	title := clean(p.Title)
	if title == "" {
		title = wd.Untitled
	}
	line("B", 11, title, ink)
	marks := []string{kindName(p.Kind, wd)}
	if p.Unfinished {
		marks = append(marks, wd.Unfinished)
	}
	if p.Damaged {
		marks = append(marks, wd.Damaged)
	}
	line("", 8.5, strings.Join(marks, " · "), grey)
	if len(p.Words) > 0 {
		words := make([]string, len(p.Words))
		for i, t := range p.Words {
			words[i] = clean(t.Word)
			if t.Intensity > 0 {
				words[i] += fmt.Sprintf(" (%d/5)", t.Intensity)
			}
		}
		line("", 9.5, fmt.Sprintf(wd.Feelings, strings.Join(words, ", ")), ink)
	}
	if len(p.Body) > 0 {
		body := make([]string, len(p.Body))
		for i, b := range p.Body {
			body[i] = clean(b)
		}
		line("", 9.5, fmt.Sprintf(wd.Body, strings.Join(body, ", ")), ink)
	}
	line("", 10, clean(p.Reflection), ink)
	text := p.Text
	if text == "" && p.LoadText != nil {
		text = p.LoadText()
	}
	if text != "" {
		line("B", 8.5, wd.Written, grey)
		line("", 10, clean(text), ink)
	}
	for _, n := range p.Notes {
		line("B", 8.5, fmt.Sprintf(wd.NoteOnPiece, clean(n.Author), wd.Date(n.Time, DateNote)), grey)
		line("", 9.5, clean(n.Text), ink)
	}
}

func notes(pdf *fpdf.Fpdf, ns []Note, words Words) {
	for _, n := range ns {
		pdf.SetFont(font, "B", 8.5)
		pdf.SetTextColor(100, 100, 100)
		pdf.MultiCell(contentW, 4, fmt.Sprintf(words.NoteOnVisit, clean(n.Author), words.Date(n.Time, DateNote)), "", "L", false)
		pdf.SetFont(font, "", 9.5)
		pdf.SetTextColor(30, 30, 30)
		pdf.MultiCell(contentW, 4.3, clean(n.Text), "", "L", false)
		pdf.Ln(1)
	}
}

func kindName(k piece.Kind, words Words) string {
	switch k {
	case piece.Drawing:
		return words.Drawing
	case piece.Music:
		return words.Music
	case piece.Voice:
		return words.Voice
	case piece.Writing:
		return words.Writing
	}
	return words.Piece
}

// thumbnail registers a piece's thumbnail and returns its name; "" when
// there is none or it is not a PNG of a thumbnail's size (it is left out,
// not allowed to fail the report).
func thumbnail(pdf *fpdf.Fpdf, name string, data []byte) string {
	if len(data) == 0 {
		return ""
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxThumb || cfg.Height > maxThumb {
		return ""
	}
	kind := map[string]string{"png": "PNG", "jpeg": "JPG"}[format]
	if kind == "" {
		return ""
	}
	pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if pdf.Err() {
		pdf.ClearError()
		return ""
	}
	return name
}

// clean drops control characters (a line break stays) so that text from
// storage cannot upset the layout.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}
