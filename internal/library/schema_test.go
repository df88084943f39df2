package library

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// TestPullsSchema1AndSchema2: a signed schema 1 piece (as kiosks wrote
// them before the body map) and a signed schema 2 piece with a body map
// both come through verified and undamaged, each as it was written.
func TestPullsSchema1AndSchema2(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	save := func(title string, edit func(*piece.Manifest)) {
		m := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
		m.Title, m.Finished = title, time.Now()
		edit(m)
		if err := k.sp.Save(context.Background(), m, []spool.BlobSource{
			spool.Bytes("", piece.RoleOriginal, "image/png", []byte("PNG "+title)),
		}); err != nil {
			t.Fatal(err)
		}
		e, err := k.sp.Piece(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		k.upload(t, e, true)
	}
	save("old", func(m *piece.Manifest) { m.Schema = 1 })
	body := &piece.BodyMap{Regions: []piece.BodyRegion{{ID: "front.chest", Feel: piece.FeelWarm}}, Cols: 2, Rows: 1, Front: "w."}
	save("new", func(m *piece.Manifest) { m.BodyMap = body })

	l := openLib(t, t.TempDir(), r, o, func(op *Options) { op.Trust = trusting(t, k) })
	p := pull(t, l)
	if len(p.Damaged) != 0 || len(p.Unverified) != 0 || len(p.Pieces) != 2 {
		t.Fatalf("%d pieces, %d unverified, damaged %v", len(p.Pieces), len(p.Unverified), p.Damaged)
	}
	sort.Slice(p.Pieces, func(i, j int) bool { return p.Pieces[i].Manifest.Title > p.Pieces[j].Manifest.Title })
	old, newer := p.Pieces[0], p.Pieces[1]
	if old.Manifest.Title != "old" || old.Manifest.Schema != 1 || old.Manifest.BodyMap != nil || !old.Verified {
		t.Errorf("schema 1 piece: %+v verified %v", old.Manifest, old.Verified)
	}
	if newer.Manifest.Schema != 2 || newer.Manifest.BodyMap == nil || newer.Manifest.BodyMap.Regions[0] != body.Regions[0] || !newer.Verified {
		t.Errorf("schema 2 piece: %+v verified %v", newer.Manifest, newer.Verified)
	}
}
