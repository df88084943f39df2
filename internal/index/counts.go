package index

// Counts is what the gallery's status line says about the index.
type Counts struct {
	Pieces     int // pieces that count for their patient (verified or tampered)
	Unverified int // pieces whose origin is not verified
	Damaged    int // damage records (a damaged manifest has no indexed piece)
}

// Counts counts the indexed pieces by provenance, and the damage records.
func (ix *Index) Counts() (Counts, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.stmt(`SELECT (SELECT count(*) FROM pieces WHERE counts), (SELECT count(*) FROM pieces WHERE NOT counts),
		(SELECT count(*) FROM damage)`)
	if err != nil {
		return Counts{}, ix.wrap("count", err)
	}
	var c Counts
	if s.Step() {
		c = Counts{Pieces: s.ColumnInt(0), Unverified: s.ColumnInt(1), Damaged: s.ColumnInt(2)}
	}
	return c, ix.wrap("count", s.Reset())
}
