package galleryui

import (
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/afterimage-clinic/afterimage/internal/bodymap"
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/ui/theme"
)

// bodyFigure draws the front and the back of the body outline side by
// side with the heat given, as vectors into one raster at the screen's
// pixel size (crisp at any scale).
type bodyFigure struct {
	widget.BaseWidget
	o      *bodymap.Outline
	heat   func(side string) bodymap.Heat
	min    fyne.Size
	raster *canvas.Raster
}

func newBodyFigure(o *bodymap.Outline, min fyne.Size) *bodyFigure {
	f := &bodyFigure{o: o, min: min}
	f.raster = canvas.NewRaster(func(w, h int) image.Image {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		if f.heat == nil {
			return dst
		}
		gap := w / 20
		half := (w - gap) / 2
		o.Draw(dst, image.Rect(0, 0, half, h), "front", f.heat("front"), bodymap.DefaultStyle)
		o.Draw(dst, image.Rect(half+gap, 0, w, h), "back", f.heat("back"), bodymap.DefaultStyle)
		return dst
	})
	f.ExtendBaseWidget(f)
	return f
}

func (f *bodyFigure) MinSize() fyne.Size { return f.min }

func (f *bodyFigure) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(f.raster) }

func (f *bodyFigure) set(heat func(side string) bodymap.Heat) {
	f.heat = heat
	f.raster.Refresh()
}

// bodyMapPanel shows one piece's body map (the viewer) or a patient's body
// maps summed (the patient view): a caption, the figure, a legend and, for
// one piece, the regions by name. It hides itself when there is nothing
// to show.
type bodyMapPanel struct {
	content fyne.CanvasObject
	o       *bodymap.Outline
	caption *canvas.Text
	figure  *bodyFigure
	regions *widget.Label
}

func newBodyMapPanel(figure fyne.Size, withRegions bool) *bodyMapPanel {
	p := &bodyMapPanel{}
	o, err := bodymap.Load()
	if err != nil {
		p.content = container.NewStack() // the outline ships with the gallery
		p.content.Hide()
		return p
	}
	p.o = o
	p.caption = canvas.NewText("", theme.Ink)
	p.caption.TextStyle = fyne.TextStyle{Bold: true}
	p.caption.TextSize = 13
	legend := canvas.NewText(tr("gallery.body.legend"), theme.Disabled)
	legend.TextSize = 12
	p.figure = newBodyFigure(o, figure)
	box := container.NewVBox(p.caption, p.figure, legend)
	if withRegions {
		p.regions = widget.NewLabel("")
		p.regions.Wrapping = fyne.TextWrapWord
		box.Add(p.regions)
	}
	p.content = box
	p.content.Hide()
	return p
}

// setPiece shows a piece's body map, or hides the panel when it has none
// (or one the outline cannot read).
func (p *bodyMapPanel) setPiece(b *piece.BodyMap) {
	if p.o == nil {
		return
	}
	m, err := p.o.FromPiece(b)
	if b == nil || err != nil || m.Empty() {
		p.content.Hide()
		p.figure.set(nil)
		return
	}
	p.caption.Text = tr("gallery.body.piece")
	p.caption.Refresh()
	p.figure.set(m.Heat)
	if p.regions != nil {
		var names []string
		for _, r := range m.Regions() {
			side, id, _ := strings.Cut(r.ID, ".")
			reg := p.o.Side(side).Region(id)
			feel := tr("gallery.body.warm")
			if r.Feel == piece.FeelCool {
				feel = tr("gallery.body.cool")
			}
			names = append(names, trf("gallery.body.region", lang.X("body.region."+id, reg.Name), feel))
		}
		p.regions.SetText(strings.Join(names, ", "))
	}
	p.content.Show()
}

// setVisits shows the body maps of every piece of the visits summed, or
// hides the panel when none has one.
func (p *bodyMapPanel) setVisits(visits []index.Visit) {
	if p.o == nil {
		return
	}
	sum := p.o.NewSum()
	for _, v := range visits {
		for _, pc := range v.Pieces {
			sum.Add(pc.BodyMap)
		}
	}
	if sum.Maps == 0 {
		p.content.Hide()
		p.figure.set(nil)
		return
	}
	p.caption.Text = trn("gallery.body.patient", sum.Maps)
	p.caption.Refresh()
	p.figure.set(sum.Heat)
	p.content.Show()
}
