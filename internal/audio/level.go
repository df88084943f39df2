package audio

import "math"

// SampleRate is the rate, in Hz, of every clip this package produces.
const SampleRate = 48000

// SilenceDBFS is the floor reported for digital silence.
const SilenceDBFS = -96.0

// Level is a meter reading in dBFS (0 = full scale, SilenceDBFS = silence).
type Level struct {
	Peak float64 // highest absolute sample
	RMS  float64 // root mean square
}

// MeasureLevel returns the peak and RMS level of pcm. It allocates nothing
// and costs one pass over the samples.
func MeasureLevel(pcm []int16) Level {
	var m meterAcc
	m.add(pcm)
	return m.level()
}

// meterAcc accumulates a level over several blocks.
type meterAcc struct {
	peak  int32
	sumSq uint64
	n     int
}

func (m *meterAcc) add(pcm []int16) {
	peak := m.peak
	var sum uint64
	for _, s := range pcm {
		v := int32(s)
		if v < 0 {
			v = -v
		}
		if v > peak {
			peak = v
		}
		sum += uint64(v * v)
	}
	m.peak = peak
	m.sumSq += sum
	m.n += len(pcm)
}

func (m *meterAcc) level() Level {
	if m.n == 0 {
		return Level{Peak: SilenceDBFS, RMS: SilenceDBFS}
	}
	rms := math.Sqrt(float64(m.sumSq)/float64(m.n)) / 32768
	return Level{Peak: toDBFS(float64(m.peak) / 32768), RMS: toDBFS(rms)}
}

func (m *meterAcc) reset() { *m = meterAcc{} }

func toDBFS(v float64) float64 {
	if v <= 0 {
		return SilenceDBFS
	}
	return max(20*math.Log10(v), SilenceDBFS)
}

// dbToGain converts decibels to a linear factor.
func dbToGain(db float64) float64 { return math.Pow(10, db/20) }
