package media

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

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
	got, _, err := DecodeFLAC(bytes.NewReader(roles[piece.RoleOriginal].Data))
	if err != nil || len(got) != len(pcm) {
		t.Fatalf("original: %d samples, %v", len(got), err)
	}
	var p Peaks
	if err := p.UnmarshalBinary(roles[piece.RolePeaks].Data); err != nil || p.Samples != len(pcm) {
		t.Fatalf("peaks: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(roles[piece.RoleWaveform].Data)); err != nil {
		t.Fatalf("waveform: %v", err)
	}
}
