package media

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestThumbnailKeepsAspectAndColour(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	for y := range 1080 {
		for x := range 1920 {
			c := color.RGBA{0, 0, 255, 255}
			if x < 960 {
				c = color.RGBA{255, 0, 0, 255}
			}
			src.SetRGBA(x, y, c)
		}
	}
	b, err := ThumbnailPNG(src)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != (image.Point{320, 180}) {
		t.Fatalf("thumbnail size %v, want 320x180", got)
	}
	if r, _, bl, _ := img.At(10, 90).RGBA(); r>>8 < 250 || bl>>8 > 5 {
		t.Fatalf("left side not red: r=%d b=%d", r>>8, bl>>8)
	}
	if small := Thumbnail(image.NewRGBA(image.Rect(0, 0, 10, 10)), 320, 240); small.Bounds().Dx() != 10 {
		t.Fatalf("small image was resized to %v", small.Bounds())
	}
}

func TestRecordingOutputs(t *testing.T) {
	pcm := testSignal(48000*2, 11)
	outs, err := RecordingOutputs(pcm, 48000)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]Output{}
	for _, o := range outs {
		roles[o.Role] = o
	}
	got, _, err := DecodeFLAC(bytes.NewReader(roles[RoleOriginal].Data))
	if err != nil || len(got) != len(pcm) {
		t.Fatalf("original: %d samples, %v", len(got), err)
	}
	var p Peaks
	if err := p.UnmarshalBinary(roles[RolePeaks].Data); err != nil || p.Samples != len(pcm) {
		t.Fatalf("peaks: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(roles[RoleWaveform].Data)); err != nil {
		t.Fatalf("waveform: %v", err)
	}
}
