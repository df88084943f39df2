package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// Waveform sizes used for stored pieces.
const (
	WaveformWidth  = 1024
	WaveformHeight = 256
)

// PNGMediaType is the media type of PNG outputs.
const PNGMediaType = "image/png"

// WaveformStyle holds the two colours of a waveform image.
type WaveformStyle struct {
	Background, Wave color.Color
}

// DefaultWaveformStyle matches the calm theme: a soft blue wave on
// transparent ground.
var DefaultWaveformStyle = WaveformStyle{
	Background: color.NRGBA{},
	Wave:       color.NRGBA{R: 0x5b, G: 0x8d, B: 0xb8, A: 0xff},
}

// WaveformImage draws p as a two-colour paletted image of the given size;
// each column spans from its minimum to its maximum, centred on zero.
func WaveformImage(p Peaks, width, height int, st WaveformStyle) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, width, height), color.Palette{st.Background, st.Wave})
	cols := len(p.Min)
	if cols == 0 || width <= 0 || height <= 0 {
		return img
	}
	mid := float64(height) / 2
	for x := range width {
		// Merge the peak columns that fall into pixel column x.
		c0 := x * cols / width
		c1 := max((x+1)*cols/width, c0+1)
		lo, hi := p.Min[c0], p.Max[c0]
		for c := c0 + 1; c < c1 && c < cols; c++ {
			lo, hi = min(lo, p.Min[c]), max(hi, p.Max[c])
		}
		top := int(mid - float64(hi)/32768*mid)
		bot := int(mid - float64(lo)/32768*mid)
		top, bot = max(top, 0), min(bot, height-1)
		if bot < top {
			continue
		}
		for y := top; y <= bot; y++ {
			img.Pix[y*img.Stride+x] = 1
		}
	}
	return img
}

// WaveformPNG computes peaks for pcm and encodes the stored waveform image
// (WaveformWidth × WaveformHeight).
func WaveformPNG(pcm []int16, rate int) ([]byte, Peaks, error) {
	p := ComputePeaks(pcm, rate, WaveformWidth)
	img := WaveformImage(p, WaveformWidth, WaveformHeight, DefaultWaveformStyle)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, Peaks{}, fmt.Errorf("media: waveform png: %w", err)
	}
	return buf.Bytes(), p, nil
}
