package index

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
	"github.com/afterimage-clinic/afterimage/internal/seal"
)

func TestRoundTrip(t *testing.T) {
	ix, path := openNew(t)

	a1 := manifest("K7Q-4M2X", "visit-a1", piece.Drawing, base, "The river at dawn", "I felt the water carry me.")
	a1.Emotions = &piece.Emotions{Quadrant: "pleasant-low", X: 0.7, Y: 0.2,
		Words: []piece.EmotionTag{{Word: "calm", Intensity: 4}, {Word: "tender"}}}
	a1.MoodCheckIn = &piece.Mood{Pleasantness: 3, Energy: 2}
	a1.PromptID = "river"
	a1.BodyMap = &piece.BodyMap{Regions: []piece.BodyRegion{{ID: "front.chest", Feel: piece.FeelWarm}}, Cols: 2, Rows: 1, Front: "w."}
	a2 := manifest("K7Q-4M2X", "visit-a1", piece.Music, base.Add(20*time.Minute), "Hum", "")
	a2.MoodCheckOut = &piece.Mood{Pleasantness: 7, Energy: 4}
	a3 := manifest("K7Q-4M2X", "visit-a2", piece.Voice, base.Add(7*24*time.Hour), "", "A week later")
	a3.Finished = time.Time{}
	a3.Unfinished = true
	b1 := manifest("ZZ9-PLRL", "", piece.Drawing, base.Add(24*time.Hour), "Storm", "")
	stranger := manifest("K7Q-4M2X", "visit-a1", piece.Drawing, base.Add(30*24*time.Hour), "Injected", "")
	stranger.MoodCheckIn = &piece.Mood{Pleasantness: 9, Energy: 9}

	err := ix.AddPieces(slices.Values([]Entry{
		verified(a1), verified(a2), verified(a3), verified(b1),
		{Manifest: stranger, ProvenanceDetail: "signed by an unknown key"}, // zero provenance: not verified
	}))
	if err != nil {
		t.Fatal(err)
	}

	got, err := ix.Piece(a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Piece{
		ID: a1.ID, Kiosk: "lounge-1", Kind: piece.Drawing, Created: base, Finished: base.Add(10 * time.Minute),
		Patient: "K7Q-4M2X", Visit: "visit-a1", Prompt: "river", Title: a1.Title, Reflection: a1.Reflection,
		Quadrant: "pleasant-low", Words: []Word{{"calm", "pleasant-low", 4}, {"tender", "pleasant-low", 0}},
		CheckIn: &piece.Mood{Pleasantness: 3, Energy: 2}, Schema: piece.SchemaVersion, Provenance: Verified,
		BodyMap: a1.BodyMap,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Piece:\n got %+v\nwant %+v", got, want)
	}
	if p, err := ix.Piece(stranger.ID); err != nil || p.Provenance != OriginNotVerified || p.ProvenanceDetail != "signed by an unknown key" {
		t.Fatalf("unverified piece: %+v, %v", p, err)
	}
	if _, err := ix.Piece(piece.NewID()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Piece of an unknown id: %v, want ErrNotFound", err)
	}

	// Patients: by last visit, counting only verified pieces (the stranger's
	// later piece moves nothing).
	pats, err := ix.Patients(PatientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	wantPats := []Patient{
		{Code: "K7Q-4M2X", LastVisit: base.Add(7 * 24 * time.Hour), Pieces: 3},
		{Code: "ZZ9-PLRL", LastVisit: base.Add(24 * time.Hour), Pieces: 1},
	}
	if !reflect.DeepEqual(pats, wantPats) {
		t.Fatalf("Patients:\n got %+v\nwant %+v", pats, wantPats)
	}

	// Timeline: visits newest first, pieces newest first, moods from the
	// verified pieces only.
	tl, err := ix.Timeline("K7Q-4M2X")
	if err != nil {
		t.Fatal(err)
	}
	if len(tl) != 2 || tl[0].ID != "visit-a2" || tl[1].ID != "visit-a1" {
		t.Fatalf("Timeline visits: %+v", tl)
	}
	v := tl[1]
	if ids := pieceIDs(v.Pieces); !slices.Equal(ids, []piece.ID{a2.ID, a1.ID}) {
		t.Fatalf("visit-a1 pieces %v, want a2, a1", ids)
	}
	if *v.CheckIn != (piece.Mood{Pleasantness: 3, Energy: 2}) || *v.CheckOut != (piece.Mood{Pleasantness: 7, Energy: 4}) {
		t.Fatalf("visit-a1 moods %+v -> %+v", v.CheckIn, v.CheckOut)
	}
	if !v.Started.Equal(base) || !v.Ended.Equal(base.Add(30*time.Minute)) {
		t.Fatalf("visit-a1 span %v..%v", v.Started, v.Ended)
	}
	if !tl[0].Pieces[0].Unfinished || tl[0].CheckIn != nil {
		t.Fatalf("visit-a2: %+v", tl[0])
	}
	// A piece without a visit id gets a visit per day.
	if tl, _ := ix.Timeline("ZZ9-PLRL"); len(tl) != 1 || tl[0].ID != "day-2026-11-03" {
		t.Fatalf("Timeline of a piece without a visit: %+v", tl)
	}

	un, err := ix.Unverified(Filter{})
	if err != nil || len(un) != 1 || un[0].ID != stranger.ID {
		t.Fatalf("Unverified: %v, %v", pieceIDs(un), err)
	}

	// A visit record's moods win over the manifests'.
	if err := ix.UpsertVisit(Visit{Patient: "K7Q-4M2X", ID: "visit-a1", Started: base.Add(-5 * time.Minute), Ended: base,
		CheckOut: &piece.Mood{Pleasantness: 8, Energy: 5}}); err != nil {
		t.Fatal(err)
	}
	tl, _ = ix.Timeline("K7Q-4M2X")
	if v := tl[1]; *v.CheckOut != (piece.Mood{Pleasantness: 8, Energy: 5}) || *v.CheckIn != (piece.Mood{Pleasantness: 3, Energy: 2}) ||
		!v.Started.Equal(base.Add(-5*time.Minute)) {
		t.Fatalf("visit-a1 with a record: %+v", v)
	}

	// Provenance, damage, names, cursors.
	if err := ix.SetProvenance(stranger.ID, Verified, ""); err != nil {
		t.Fatal(err)
	}
	if pats, _ := ix.Patients(PatientFilter{}); pats[0].Pieces != 4 || !pats[0].LastVisit.Equal(stranger.Started) {
		t.Fatalf("after verifying: %+v", pats[0])
	}
	if err := ix.SetProvenance(stranger.ID, OriginNotVerified, "key revoked"); err != nil {
		t.Fatal(err)
	}
	if pats, _ := ix.Patients(PatientFilter{}); pats[0].Pieces != 3 || !pats[0].LastVisit.Equal(base.Add(7*24*time.Hour)) {
		t.Fatalf("after un-verifying: %+v", pats[0])
	}
	if err := ix.SetProvenance(piece.NewID(), Verified, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("SetProvenance of an unknown id: %v", err)
	}
	gone := piece.NewID()
	if err := ix.MarkDamaged("lounge-1", a1.ID, "thumbnail: sealed SHA-256 mismatch"); err != nil {
		t.Fatal(err)
	}
	if err := ix.MarkDamaged("lounge-1", gone, "manifest: cannot decrypt"); err != nil {
		t.Fatal(err)
	}
	if p, _ := ix.Piece(a1.ID); p.Damage != "thumbnail: sealed SHA-256 mismatch" || p.DamagedSince.IsZero() {
		t.Fatalf("damaged piece: %+v", p)
	}
	if err := ix.SetDisplayName("ZZ9-PLRL", "Robin\u202e evil"); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetCursor("lounge-1", string(a3.ID)); err != nil {
		t.Fatal(err)
	}

	// Re-adding a piece replaces it, without counting it twice.
	a1b := a1.Clone()
	a1b.Title = "The river at noon"
	a1b.Emotions.Words = a1b.Emotions.Words[:1]
	if err := ix.AddPiece(verified(a1b)); err != nil {
		t.Fatal(err)
	}

	// Everything survives closing and opening again.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Patients(PatientFilter{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v, want ErrClosed", err)
	}
	a, _ := secrets(t)
	ix, rep, err := Open(path, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if rep.Created || rep.Rebuilt {
		t.Fatalf("reopen: %+v", rep)
	}
	pats, _ = ix.Patients(PatientFilter{})
	if pats[0].Pieces != 3 || pats[1].DisplayName != "Robin evil" {
		t.Fatalf("after reopen: %+v", pats)
	}
	if p, _ := ix.Piece(a1.ID); p.Title != "The river at noon" || len(p.Words) != 1 || p.Damage == "" {
		t.Fatalf("replaced piece: %+v", p)
	}
	if c, err := ix.Cursor("lounge-1"); err != nil || c != string(a3.ID) {
		t.Fatalf("Cursor: %q, %v", c, err)
	}
	if c, err := ix.Cursor("lounge-2"); err != nil || c != "" {
		t.Fatalf("Cursor of a kiosk without one: %q, %v", c, err)
	}
	dmg, err := ix.Damaged()
	if err != nil || len(dmg) != 2 || dmg[gone] != "manifest: cannot decrypt" {
		t.Fatalf("Damaged: %v, %v", dmg, err)
	}
	if err := ix.ClearDamaged(a1.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := ix.Piece(a1.ID); p.Damage != "" {
		t.Fatalf("after ClearDamaged: %+v", p)
	}

	// Patients filter: code prefix (any case) or part of the name; LIKE
	// wildcards typed are plain text.
	for q, want := range map[string][]string{
		"k7q": {"K7Q-4M2X"}, "obin": {"ZZ9-PLRL"}, "%": nil, "_": nil, "": {"K7Q-4M2X", "ZZ9-PLRL"},
	} {
		ps, err := ix.Patients(PatientFilter{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range ps {
			codes = append(codes, p.Code)
		}
		if !slices.Equal(codes, want) {
			t.Errorf("Patients(%q) = %v, want %v", q, codes, want)
		}
	}

	// Rebuild: manifests are the truth; names and visit records stay,
	// damage records and cursors go.
	n, err := ix.Rebuild(slices.Values([]Entry{verified(a1), verified(b1)}))
	if err != nil || n != 2 {
		t.Fatalf("Rebuild: %d, %v", n, err)
	}
	pats, _ = ix.Patients(PatientFilter{})
	if len(pats) != 2 || pats[0].Code != "ZZ9-PLRL" || pats[0].DisplayName != "Robin evil" || pats[1].Pieces != 1 {
		t.Fatalf("after Rebuild: %+v", pats)
	}
	if c, _ := ix.Cursor("lounge-1"); c != "" {
		t.Fatalf("cursor after Rebuild: %q", c)
	}
	if dmg, _ := ix.Damaged(); len(dmg) != 0 {
		t.Fatalf("damage after Rebuild: %v", dmg)
	}
	if tl, _ := ix.Timeline("K7Q-4M2X"); len(tl) != 1 || *tl[0].CheckOut != (piece.Mood{Pleasantness: 8, Energy: 5}) {
		t.Fatalf("timeline after Rebuild: %+v", tl)
	}
	if hits, err := ix.Search("river", Filter{}); err != nil || len(hits) != 1 {
		t.Fatalf("search after Rebuild: %v, %v", hits, err)
	}
	if hits, _ := ix.Search("hum", Filter{}); len(hits) != 0 {
		t.Fatalf("search after Rebuild finds a piece no longer indexed: %v", hits)
	}
}

func TestAddPiecesRefusesInvalid(t *testing.T) {
	ix, _ := openNew(t)
	good := manifest("P1", "v1", piece.Drawing, base, "ok", "")
	bad := manifest("P1", "v1", piece.Drawing, base, "bad", "")
	bad.Kind = "sculpture"
	err := ix.AddPieces(slices.Values([]Entry{verified(good), verified(bad)}))
	var verr *piece.ValidationError
	if !errors.As(err, &verr) || verr.Field != "kind" {
		t.Fatalf("AddPieces with an invalid manifest: %v", err)
	}
	if err := ix.AddPiece(Entry{Manifest: good, Provenance: "trusted-enough"}); err == nil {
		t.Fatal("AddPiece with an unknown provenance: no error")
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"line\nnext\ttab":        "line\nnext\ttab",
		"a\x00b\x1bc\x7fd\u0085": "abcd",
		"\u202eevil\u202c":       "evil",
		"\u2066iso\u2069\u200f":  "iso",
		"\x02mark\x03":           "mark",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func pieceIDs(ps []Piece) []piece.ID {
	var ids []piece.ID
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestOpenNeedsKey(t *testing.T) {
	if _, _, err := Open(filepath.Join(t.TempDir(), "i.db"), nil, nil); err == nil {
		t.Fatal("Open without key material: no error")
	}
}

func TestSaltFile(t *testing.T) {
	_, path := openNew(t)
	salt, err := os.ReadFile(path + ".salt")
	if err != nil || len(salt) != saltSize {
		t.Fatalf("salt: %d bytes, %v", len(salt), err)
	}
	if st, _ := os.Stat(path + ".salt"); st.Mode().Perm() != 0o600 {
		t.Fatalf("salt file mode %v", st.Mode())
	}
}

// TestKeyMaterialFromIdentity: the gallery unlocks its identity afresh at
// every start; the material (and so the key) must be the same each time, or
// every start would rebuild the index.
func TestKeyMaterialFromIdentity(t *testing.T) {
	for _, kt := range []seal.KeyType{seal.Hybrid, seal.X25519} {
		id, _, err := seal.GenerateIdentity(kt)
		must(t, err)
		file, err := seal.FormatIdentities(id)
		must(t, err)
		path := filepath.Join(t.TempDir(), "index.db")
		for i := range 2 {
			// Parse the identity file again each time, as an unlock does.
			ids, err := seal.ParseIdentities(bytes.NewReader(file))
			must(t, err)
			km, err := KeyMaterial(ids...)
			must(t, err)
			ix, rep, err := Open(path, km, nil)
			must(t, err)
			if i == 1 && (rep.Rebuilt || rep.Created) {
				t.Fatalf("%s: second unlock: %+v", kt, rep)
			}
			ix.Close()
		}
	}
	if _, err := KeyMaterial(); err == nil {
		t.Fatal("KeyMaterial of no identity: no error")
	}
}

func TestRequestRebuild(t *testing.T) {
	path, ms := filled(t)
	if err := RequestRebuild(path + ".missing"); err == nil {
		t.Fatal("RequestRebuild of a missing index: no error")
	}
	must(t, RequestRebuild(path))
	a, _ := secrets(t)
	reopenRebuilt(t, path, a, ms, "")
}
