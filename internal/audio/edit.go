package audio

import "time"

// Span is a range of samples [Start, End) of a clip.
type Span struct{ Start, End int }

// Len is the number of samples in the span.
func (s Span) Len() int { return s.End - s.Start }

// SuggestTrim finds the part of pcm between leading and trailing silence:
// the first and last 10 ms window whose peak reaches thresholdDBFS, widened
// by pad on each side. If everything is silent the whole clip is kept.
func SuggestTrim(pcm []int16, thresholdDBFS float64, pad time.Duration) Span {
	const win = SampleRate / 100
	limit := int32(dbToGain(thresholdDBFS) * 32768)
	loud := func(w []int16) bool {
		for _, s := range w {
			v := int32(s)
			if v >= limit || -v >= limit {
				return true
			}
		}
		return false
	}
	n := len(pcm)
	first := -1
	for i := 0; i < n; i += win {
		if loud(pcm[i:min(i+win, n)]) {
			first = i
			break
		}
	}
	if first < 0 {
		return Span{0, n}
	}
	last := first
	for i := (n - 1) / win * win; i >= first; i -= win {
		if loud(pcm[i:min(i+win, n)]) {
			last = min(i+win, n)
			break
		}
	}
	p := durationToSamples(pad)
	return Span{max(first-p, 0), min(last+p, n)}
}

// Edit is the patient's trimming of one recording. The original samples are
// never changed; every trim can be undone.
type Edit struct {
	orig    []int16
	span    Span
	history []Span
}

// NewEdit starts editing clip with nothing trimmed.
func NewEdit(c Clip) *Edit {
	return &Edit{orig: c.Samples, span: Span{0, len(c.Samples)}}
}

// Original is the untrimmed clip.
func (e *Edit) Original() Clip { return Clip{Samples: e.orig} }

// Span is the part of the original currently kept.
func (e *Edit) Span() Span { return e.span }

// Trim keeps only s (clamped to the clip; an empty or inverted span is
// ignored). It can be undone.
func (e *Edit) Trim(s Span) {
	s.Start = min(max(s.Start, 0), len(e.orig))
	s.End = min(max(s.End, 0), len(e.orig))
	if s.End <= s.Start || s == e.span {
		return
	}
	e.history = append(e.history, e.span)
	e.span = s
}

// TrimTimes is Trim with times from the start of the original.
func (e *Edit) TrimTimes(start, end time.Duration) {
	e.Trim(Span{durationToSamples(start), durationToSamples(end)})
}

// ApplySuggestion trims leading and trailing silence as the preset suggests
// and returns the suggested span. Undo restores the previous span.
func (e *Edit) ApplySuggestion(p Preset) Span {
	s := SuggestTrim(e.orig, p.SilenceDBFS, p.TrimPad)
	e.Trim(s)
	return s
}

// CanUndo reports whether there is a trim to undo.
func (e *Edit) CanUndo() bool { return len(e.history) > 0 }

// Undo reverts the last trim.
func (e *Edit) Undo() {
	if n := len(e.history); n > 0 {
		e.span = e.history[n-1]
		e.history = e.history[:n-1]
	}
}

// Result is the kept part of the recording, peak-normalised to targetDBFS
// when normalise is true. It is a new slice.
func (e *Edit) Result(normalise bool, targetDBFS float64) Clip {
	part := e.orig[e.span.Start:e.span.End]
	if normalise {
		out, _ := Normalise(part, targetDBFS)
		return Clip{Samples: out}
	}
	out := make([]int16, len(part))
	copy(out, part)
	return Clip{Samples: out}
}
