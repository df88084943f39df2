package index

import (
	"github.com/afterimage-clinic/afterimage/internal/patientname"
	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// AddName keeps one version of a patient's display name and shows the
// newest version (latest written; the larger id between versions written
// in the same millisecond) as the patient's display name.
func (ix *Index) AddName(n patientname.Name) error {
	if err := n.Validate(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.conn == nil {
		return ErrClosed
	}
	s, err := ix.stmt(`INSERT INTO names (id, patient, name, written) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return ix.wrap("add name", err)
	}
	s.BindText(1, string(n.ID))
	s.BindText(2, n.Patient)
	s.BindText(3, CleanText(n.Name))
	s.BindInt64(4, ms(n.Written))
	if err := s.Exec(); err != nil {
		return ix.wrap("add name", err)
	}
	s, err = ix.stmt(`INSERT INTO patients (code, display_name)
		VALUES (?1, (SELECT name FROM names WHERE patient = ?1 ORDER BY written DESC, id DESC LIMIT 1))
		ON CONFLICT (code) DO UPDATE SET display_name = excluded.display_name`)
	if err != nil {
		return ix.wrap("add name", err)
	}
	s.BindText(1, n.Patient)
	return ix.wrap("add name", s.Exec())
}

// HasName reports whether the index keeps the version id.
func (ix *Index) HasName(id piece.ID) (bool, error) {
	return ix.exists("has name", `SELECT 1 FROM names WHERE id = ?1`, id)
}
