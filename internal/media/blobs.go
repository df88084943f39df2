package media

import (
	"bytes"
	"fmt"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Output is one plaintext file of a piece, ready to hand to the spool
// (spool.BlobSource{Role, MediaType, Open: bytes.NewReader(Data)}).
type Output struct {
	Role      string
	MediaType string
	Data      []byte
}

// RecordingOutputs encodes a kept recording into the files stored with a
// music or voice piece: the FLAC original, the waveform PNG and the peaks.
func RecordingOutputs(pcm []int16, rate int) ([]Output, error) {
	var fl bytes.Buffer
	if err := EncodeFLAC(&fl, pcm, rate); err != nil {
		return nil, fmt.Errorf("media: recording outputs: %w", err)
	}
	wave, peaks, err := WaveformPNG(pcm, rate)
	if err != nil {
		return nil, fmt.Errorf("media: recording outputs: %w", err)
	}
	pk, err := peaks.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("media: recording outputs: %w", err)
	}
	return []Output{
		{Role: piece.RoleOriginal, MediaType: FLACMediaType, Data: fl.Bytes()},
		{Role: piece.RoleWaveform, MediaType: PNGMediaType, Data: wave},
		{Role: piece.RolePeaks, MediaType: PeaksMediaType, Data: pk},
	}, nil
}
