package piece

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func sampleVisit() *VisitRecord {
	start := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	return &VisitRecord{
		Schema: VisitSchemaVersion, VisitID: string(NewID()), KioskID: "kiosk-1", PatientCode: "PX-4821",
		Started: start, Ended: start.Add(25 * time.Minute), CheckedOut: true,
		CheckIn: &Mood{Pleasantness: 3, Energy: 7}, CheckOut: &Mood{Pleasantness: 6},
		Pieces: []ID{NewID(), NewID()},
	}
}

func TestVisitRecordRoundTrip(t *testing.T) {
	r := sampleVisit()
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeVisitRecord(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.VisitID != r.VisitID || *got.CheckIn != *r.CheckIn || *got.CheckOut != *r.CheckOut ||
		len(got.Pieces) != 2 || got.Pieces[1] != r.Pieces[1] || !got.Ended.Equal(r.Ended) {
		t.Fatalf("round trip: got %+v, want %+v", got, r)
	}
	// Its carrier is a valid manifest of kind visit, holding only the record.
	m := VisitManifest(r)
	m.Blobs = []Blob{{Name: "b1", Role: RoleVisit, MediaType: VisitMediaType, Size: int64(len(data)),
		SHA256: strings.Repeat("ab", 32), SealedSize: int64(len(data)) + 200, SealedSHA256: strings.Repeat("cd", 32)}}
	if _, err := m.Encode(); err != nil {
		t.Fatalf("visit manifest: %v", err)
	}
	m.Blobs[0].Role = RoleOriginal
	if err := m.Validate(); err == nil {
		t.Fatal("a visit manifest holding a drawing's role was accepted")
	}
}

// TestVisitRecordQuietSpaces: the count of quiet spaces survives a round
// trip and is left out when there were none, so records read as before.
func TestVisitRecordQuietSpaces(t *testing.T) {
	r := sampleVisit()
	plain, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain, []byte("quiet")) {
		t.Errorf("a visit without the quiet space mentions it: %s", plain)
	}
	r.QuietSpaces = 2
	data, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeVisitRecord(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.QuietSpaces != 2 {
		t.Errorf("round trip: %d quiet spaces, want 2", got.QuietSpaces)
	}
	old, err := DecodeVisitRecord(plain)
	if err != nil || old.QuietSpaces != 0 {
		t.Errorf("a record without the field: %v, %d quiet spaces", err, old.QuietSpaces)
	}
}

func TestVisitRecordRejects(t *testing.T) {
	cases := map[string]func(r *VisitRecord){
		"schema":          func(r *VisitRecord) { r.Schema = VisitSchemaVersion + 1 },
		"quietSpaces":     func(r *VisitRecord) { r.Schema, r.QuietSpaces = 1, 2 },
		"visit id":        func(r *VisitRecord) { r.VisitID = "../x" },
		"kiosk":           func(r *VisitRecord) { r.KioskID = "" },
		"no code":         func(r *VisitRecord) { r.PatientCode = "" },
		"ended before":    func(r *VisitRecord) { r.Ended = r.Started.Add(-time.Second) },
		"mood range":      func(r *VisitRecord) { r.CheckIn.Energy = 10 },
		"out not checked": func(r *VisitRecord) { r.CheckedOut = false },
		"bad piece id":    func(r *VisitRecord) { r.Pieces[0] = "nope" },
		"piece twice":     func(r *VisitRecord) { r.Pieces[1] = r.Pieces[0] },
		"quiet negative":  func(r *VisitRecord) { r.QuietSpaces = -1 },
		"too many pieces": func(r *VisitRecord) {
			r.Pieces = nil
			for range MaxVisitPieces + 1 {
				r.Pieces = append(r.Pieces, NewID())
			}
		},
	}
	for name, spoil := range cases {
		r := sampleVisit()
		spoil(r)
		_, err := r.Encode()
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: encode gave %v, want a validation error", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "PX-4821") {
			t.Errorf("%s: the error quotes the patient code", name)
		}
	}
	big := append([]byte(`{"schema":1,"pieces":[`), bytes.Repeat([]byte(" "), MaxVisitRecordSize)...)
	if _, err := DecodeVisitRecord(big); err == nil {
		t.Error("an oversized visit record was decoded")
	}
	good, _ := sampleVisit().Encode()
	if _, err := DecodeVisitRecord(bytes.Replace(good, []byte(`{`), []byte(`{"extra":1,`), 1)); err == nil {
		t.Error("a visit record with an unknown field was decoded")
	}
}

// TestOldManifestWithMoodsDecodes: pieces saved before moods moved to the
// visit record carry them in their manifests; they still decode.
func TestOldManifestWithMoodsDecodes(t *testing.T) {
	old := []byte(`{"schema":1,"id":"01960a3e-7a2b-7c4d-8e9f-0123456789ab","kind":"drawing",` +
		`"started":"2025-03-04T10:00:00Z","finished":"2025-03-04T10:07:00Z","kioskId":"kiosk-1",` +
		`"patientCode":"PX-4821","visitId":"v-1","moodCheckIn":{"pleasantness":3,"energy":7},` +
		`"moodCheckOut":{"pleasantness":6,"energy":0},"blobs":[]}`)
	m, err := Decode(old)
	if err != nil {
		t.Fatal(err)
	}
	if m.MoodCheckIn == nil || m.MoodCheckIn.Energy != 7 || m.MoodCheckOut == nil || m.MoodCheckOut.Pleasantness != 6 {
		t.Fatalf("old moods: %+v %+v", m.MoodCheckIn, m.MoodCheckOut)
	}
}

func FuzzDecodeVisitRecord(f *testing.F) {
	good, err := sampleVisit().Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"schema":1,"pieces":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeVisitRecord(data)
		if err != nil {
			return
		}
		enc, err := r.Encode()
		if err != nil {
			t.Fatalf("decoded visit record does not encode: %v", err)
		}
		r2, err := DecodeVisitRecord(enc)
		if err != nil {
			t.Fatalf("re-encoded visit record does not decode: %v", err)
		}
		enc2, err := r2.Encode()
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable: %v\n%s\n%s", err, enc, enc2)
		}
	})
}
