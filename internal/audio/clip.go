package audio

import (
	"math"
	"time"
)

// Clip is a mono recording: 16-bit samples at SampleRate.
type Clip struct {
	Samples []int16
}

// Duration is the clip's playing time.
func (c Clip) Duration() time.Duration { return samplesToDuration(len(c.Samples)) }

func samplesToDuration(n int) time.Duration {
	return time.Duration(int64(n) * int64(time.Second) / SampleRate)
}

func durationToSamples(d time.Duration) int {
	return int(int64(d) * SampleRate / int64(time.Second))
}

// Normalise returns a copy of pcm scaled so that its highest peak sits at
// targetDBFS (e.g. -1). Silence is returned unchanged. The gain applied, in dB,
// is returned too.
func Normalise(pcm []int16, targetDBFS float64) ([]int16, float64) {
	out := make([]int16, len(pcm))
	copy(out, pcm)
	var peak int32
	for _, s := range pcm {
		v := int32(s)
		if v < 0 {
			v = -v
		}
		peak = max(peak, v)
	}
	if peak == 0 {
		return out, 0
	}
	gain := dbToGain(targetDBFS) * 32768 / float64(peak)
	applyGain(out, gain)
	return out, 20 * math.Log10(gain)
}

// applyGain scales pcm in place by a linear factor, clipping at full scale.
func applyGain(pcm []int16, gain float64) {
	if gain == 1 {
		return
	}
	g := int64(math.Round(gain * 65536))
	for i, s := range pcm {
		v := (int64(s)*g + 32768) >> 16
		if v > math.MaxInt16 {
			v = math.MaxInt16
		} else if v < math.MinInt16 {
			v = math.MinInt16
		}
		pcm[i] = int16(v)
	}
}
