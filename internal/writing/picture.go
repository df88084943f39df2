package writing

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/afterimage-clinic/afterimage/assets"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// The picture of a page: its first lines in dark ink on warm paper, at
// twice the thumbnail's width.
const (
	pictureW, pictureH = 1024, 768
	margin             = 64
	fontSize           = 44
	lineHeight         = 64
)

var (
	paper = color.RGBA{0xfa, 0xf6, 0xee, 0xff}
	ink   = color.RGBA{0x33, 0x30, 0x2c, 0xff}
	rule  = color.RGBA{0xe6, 0xdf, 0xd2, 0xff}
)

var (
	faceOnce sync.Once
	face     font.Face
	faceErr  error
)

func pageFace() (font.Face, error) {
	faceOnce.Do(func() {
		f, err := opentype.Parse(assets.FontRegular)
		if err != nil {
			faceErr = err
			return
		}
		face, faceErr = opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
	})
	return face, faceErr
}

// Picture draws the first lines of text, wrapped at words, on paper: a
// written piece's thumbnail, so cards and reports have a picture. Text
// that does not fit is left out (the page ends in "…").
func Picture(text string) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, pictureW, pictureH))
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	for y := margin + lineHeight; y < pictureH-margin/2; y += lineHeight {
		draw.Draw(img, image.Rect(margin, y+14, pictureW-margin, y+16), image.NewUniform(rule), image.Point{}, draw.Src)
	}
	f, err := pageFace()
	if err != nil {
		return img // a blank page rather than no picture
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: f}
	maxLines := (pictureH - margin) / lineHeight
	lines := Wrap(piece.DisplayText(text, true), func(s string) int { return d.MeasureString(s).Round() }, pictureW-2*margin, maxLines)
	for i, l := range lines {
		d.Dot = fixed.P(margin, margin+lineHeight*(i+1))
		d.DrawString(l)
	}
	return img
}

// Wrap breaks text into at most maxLines lines no wider than width (as
// measure says), at spaces where it can; when text does not fit, the last
// line ends in "…".
func Wrap(text string, measure func(string) int, width, maxLines int) []string {
	var lines []string
	more := false
	for _, para := range strings.Split(text, "\n") {
		if len(lines) == maxLines {
			more = true
			break
		}
		line := ""
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if measure(try) <= width {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
				if len(lines) == maxLines {
					more = true
					break
				}
			}
			// a word wider than the page is cut into pieces that fit
			line = ""
			for w != "" {
				n := fitPrefix(w, measure, width)
				if n == len(w) {
					line = w
					break
				}
				lines = append(lines, w[:n])
				if len(lines) == maxLines {
					more = true
					break
				}
				w = w[n:]
			}
			if more {
				break
			}
		}
		if more {
			break
		}
		lines = append(lines, line)
	}
	if more && len(lines) > 0 {
		last := lines[len(lines)-1]
		for last != "" && measure(last+" …") > width {
			_, size := utf8.DecodeLastRuneInString(last)
			last = last[:len(last)-size]
		}
		lines[len(lines)-1] = strings.TrimRight(last, " ") + " …"
	}
	return lines
}

// fitPrefix is the longest prefix of w (in bytes, at a letter's boundary)
// that fits width; at least one letter.
func fitPrefix(w string, measure func(string) int, width int) int {
	n := 0
	for i := range w {
		if i > 0 && measure(w[:i]) > width {
			return n
		}
		n = i
	}
	if measure(w) <= width {
		return len(w)
	}
	if n == 0 {
		_, size := utf8.DecodeRuneInString(w)
		return size
	}
	return n
}
