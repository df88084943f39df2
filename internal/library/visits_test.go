package library

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/provenance"
	"github.com/afterimage-clinic/afterimage/internal/remote/dir"
	"github.com/afterimage-clinic/afterimage/internal/spool"
)

// visitRecord is a record of a visit of code at kiosk k, with moods.
func (k *kiosk) visitRecord(visitID, code string, pieces ...piece.ID) *piece.VisitRecord {
	start := time.Now().Add(-time.Hour).UTC().Round(time.Second)
	return &piece.VisitRecord{Schema: piece.VisitSchemaVersion, VisitID: visitID, KioskID: k.id, PatientCode: code,
		Started: start, Ended: start.Add(30 * time.Minute), CheckedOut: true,
		CheckIn: &piece.Mood{Pleasantness: 2, Energy: 8}, CheckOut: &piece.Mood{Pleasantness: 7, Energy: 3}, Pieces: pieces}
}

// saveVisit saves r's carrier holding data (r encoded, unless the test
// forges something else), as a kiosk does at the end of a visit.
func (k *kiosk) saveVisit(t *testing.T, r *piece.VisitRecord, data []byte) spool.Entry {
	t.Helper()
	if data == nil {
		var err error
		if data, err = r.Encode(); err != nil {
			t.Fatal(err)
		}
	}
	m := piece.VisitManifest(r)
	if err := k.sp.Save(context.Background(), m, []spool.BlobSource{spool.Bytes("", piece.RoleVisit, piece.VisitMediaType, data)}); err != nil {
		t.Fatal(err)
	}
	e, err := k.sp.Piece(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestVisitRecordsGiveMoods: the gallery reads a visit's moods from its
// record, handed over apart from the pieces; a piece saved before moods
// moved to the record still has its own.
func TestVisitRecordsGiveMoods(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	libDir := t.TempDir()
	lib := openLib(t, libDir, r, o, func(op *Options) { op.Trust = trusting(t, k) })

	visitID := string(piece.NewID())
	m := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
	m.VisitID, m.Finished, m.Title = visitID, time.Now(), "new"
	fresh := k.saveManifest(t, m)
	old := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
	old.VisitID, old.Finished, old.Title = "v-old", time.Now(), "old"
	old.MoodCheckIn, old.MoodCheckOut = &piece.Mood{Pleasantness: 4, Energy: 4}, &piece.Mood{Pleasantness: 5, Energy: 5}
	oldE := k.saveManifest(t, old)
	rec := k.visitRecord(visitID, "K7Q4M2X", fresh.ID)
	visit := k.saveVisit(t, rec, nil)
	for _, e := range []spool.Entry{fresh, oldE, visit} {
		k.upload(t, e, true)
	}

	check := func(p Pull, when string) {
		t.Helper()
		if len(p.Pieces) != 2 || len(p.Visits) != 1 || len(p.Damaged) != 0 {
			t.Fatalf("%s: %d pieces, %d visits, %d problems (%+v); want 2, 1, 0", when, len(p.Pieces), len(p.Visits), len(p.Damaged), p.Damaged)
		}
		for _, pc := range p.Pieces {
			if pc.Manifest.Kind == piece.Visit {
				t.Fatalf("%s: a visit record was handed over as a piece", when)
			}
			in, out, ok := Moods(p.Visits, pc)
			want := map[string][2]piece.Mood{"new": {*rec.CheckIn, *rec.CheckOut}, "old": {*old.MoodCheckIn, *old.MoodCheckOut}}[pc.Manifest.Title]
			if !ok || in == nil || out == nil || *in != want[0] || *out != want[1] {
				t.Errorf("%s: piece %q moods %v → %v (found %v), want %v → %v", when, pc.Manifest.Title, in, out, ok, want[0], want[1])
			}
		}
		if v := p.Visits[0]; !v.Verified || len(v.Record.Pieces) != 1 || v.Record.Pieces[0] != fresh.ID {
			t.Errorf("%s: visit verified %v, pieces %v", when, v.Verified, v.Record.Pieces)
		}
	}
	check(pull(t, lib), "pull")
	lib2 := openLib(t, libDir, r, o, func(op *Options) { op.Trust = trusting(t, k) })
	c, err := lib2.Cached()
	if err != nil {
		t.Fatal(err)
	}
	check(c, "after a restart")
	if vs, err := lib2.Visits(); err != nil || len(vs) != 1 {
		t.Fatalf("Visits: %d, %v", len(vs), err)
	}
}

// TestHostileVisitRecords: a visit record is hostile input like every
// object. One that disagrees with its signed manifest, is not a record,
// is too large or sits in a manifest with more than a record is damaged and
// gives no moods; one from an impostor never gives moods to a verified
// piece; the pull goes on.
func TestHostileVisitRecords(t *testing.T) {
	r, err := dir.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, o := keys(t)
	k := newKiosk(t, "lounge-1", s, r)
	sg, err := provenance.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	impostor := newKioskSigner(t, "lounge-1", s, r, sg) // same id, a key the clinic does not trust
	lib := openLib(t, t.TempDir(), r, o, func(op *Options) { op.Trust = trusting(t, k) })

	visitID := string(piece.NewID())
	m := piece.New(piece.Drawing, k.id, "K7Q4M2X", time.Now())
	m.VisitID, m.Finished, m.Title = visitID, time.Now(), "p"
	p := k.saveManifest(t, m)
	k.upload(t, p, true)

	other := k.visitRecord(visitID, "K7Q4M2X")
	other.PatientCode = "M2X7Q4K"
	otherData, err := other.Encode()
	if err != nil {
		t.Fatal(err)
	}
	forged := map[string]spool.Entry{
		"another code":  k.saveVisit(t, k.visitRecord(visitID, "K7Q4M2X"), otherData),
		"not a record":  k.saveVisit(t, k.visitRecord(visitID, "K7Q4M2X"), []byte(`{"schema":1,"moods":"all good"}`)),
		"too large":     k.saveVisit(t, k.visitRecord(visitID, "K7Q4M2X"), bytes.Repeat([]byte(" "), piece.MaxVisitRecordSize+1)),
		"trailing data": k.saveVisit(t, k.visitRecord(visitID, "K7Q4M2X"), append(mustEncode(t, k.visitRecord(visitID, "K7Q4M2X")), "{}"...)),
	}
	two := piece.VisitManifest(k.visitRecord(visitID, "K7Q4M2X"))
	data := mustEncode(t, k.visitRecord(visitID, "K7Q4M2X"))
	if err := k.sp.Save(context.Background(), two, []spool.BlobSource{
		spool.Bytes("", piece.RoleVisit, piece.VisitMediaType, data), spool.Bytes("", piece.RoleVisit, piece.VisitMediaType, data)}); err != nil {
		t.Fatal(err)
	}
	if forged["two records"], err = k.sp.Piece(two.ID); err != nil {
		t.Fatal(err)
	}
	for _, e := range forged {
		k.upload(t, e, true)
	}
	fake := impostor.saveVisit(t, impostor.visitRecord(visitID, "K7Q4M2X"), nil)
	impostor.upload(t, fake, true)

	got := pull(t, lib)
	if len(got.Pieces) != 1 {
		t.Fatalf("%d pieces handed over, want the drawing", len(got.Pieces))
	}
	damaged := map[string]bool{}
	for _, d := range got.Damaged {
		damaged[d.Piece] = true
	}
	for name, e := range forged {
		if !damaged[string(e.ID)] {
			t.Errorf("%s: the visit record was not recorded as damaged", name)
		}
	}
	if len(got.Visits) != 1 || got.Visits[0].Verified {
		t.Fatalf("%d visits handed over (want the impostor's alone, unverified)", len(got.Visits))
	}
	if in, out, ok := Moods(got.Visits, got.Pieces[0]); ok || in != nil || out != nil {
		t.Errorf("a verified piece took moods %v → %v from an unverified visit record", in, out)
	}
}

func mustEncode(t *testing.T, r *piece.VisitRecord) []byte {
	t.Helper()
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// FuzzDecodeVisitRecord: whatever a visit record's plaintext holds, the
// library either records it as damaged or hands over a record that agrees
// with its signed manifest and encodes again.
func FuzzDecodeVisitRecord(f *testing.F) {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	good := &piece.VisitRecord{Schema: piece.VisitSchemaVersion, VisitID: "0193c8a1-2b3c-7d4e-8f90-a1b2c3d4e5f6",
		KioskID: "lounge-1", PatientCode: "K7Q4M2X", Started: start, Ended: start.Add(30 * time.Minute), CheckedOut: true,
		CheckIn: &piece.Mood{Pleasantness: 2, Energy: 8}, Pieces: []piece.ID{"0193c8a1-2b3c-7d4e-8f90-a1b2c3d4e5f7"}}
	m := piece.VisitManifest(good)
	data, err := good.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{}`))
	f.Add(bytes.Replace(data, []byte(`K7Q4M2X`), []byte(`k7q-4m2x`), 1))
	f.Fuzz(func(t *testing.T, plain []byte) {
		r, fail := decodeVisitRecord(plain, m)
		if fail != nil {
			if fail.kind != KindDamaged || fail.reason == "" {
				t.Fatalf("a bad record gave %+v", fail)
			}
			return
		}
		if r.VisitID != m.VisitID || r.KioskID != m.KioskID || !r.Started.Equal(m.Started) || !r.Ended.Equal(m.Finished) {
			t.Fatalf("a record that disagrees with its manifest was taken: %+v", r)
		}
		if _, err := r.Encode(); err != nil {
			t.Fatalf("a taken record does not encode: %v", err)
		}
	})
}
