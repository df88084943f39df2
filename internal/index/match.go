package index

import "slices"

// Match reports whether p passes the filter, as Pieces and Search decide
// it in SQL (a test keeps the two equal): for narrowing pieces already
// read, such as a patient's timeline. Limit plays no part.
func (f Filter) Match(p Piece) bool {
	if f.Patient != "" && p.Patient != f.Patient {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, p.Kind) {
		return false
	}
	if f.Word != "" && !slices.ContainsFunc(p.Words, func(w Word) bool { return w.Word == f.Word }) {
		return false
	}
	if f.Quadrant != "" && p.Quadrant != f.Quadrant {
		return false
	}
	created := ms(p.Created)
	if !f.From.IsZero() && created < f.From.UnixMilli() {
		return false
	}
	if !f.To.IsZero() && created >= f.To.UnixMilli() {
		return false
	}
	return true
}

// Narrows reports whether the filter leaves out anything (Limit aside).
func (f Filter) Narrows() bool {
	return f.Patient != "" || len(f.Kinds) > 0 || f.Word != "" || f.Quadrant != "" || !f.From.IsZero() || !f.To.IsZero()
}
