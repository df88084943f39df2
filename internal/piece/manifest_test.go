package piece

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

func sampleManifest() *Manifest {
	start := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	m := New(Drawing, "kiosk-1", "PX-4821", start)
	m.Finished = start.Add(7 * time.Minute)
	m.VisitID = "v-20250304-1"
	m.PromptID = "weather-inside"
	m.Title = "Sturm über dem Meer"
	m.Reflection = "It felt like\nfalling, then floating."
	m.Emotions = &Emotions{Quadrant: "unpleasant-high", X: 0.2, Y: 0.9, Words: []EmotionTag{{Word: "afraid", Intensity: 4}, {Word: "awe"}}}
	m.MoodCheckIn = &Mood{Pleasantness: 3, Energy: 7}
	m.MoodCheckOut = &Mood{Pleasantness: 6}
	m.BodyMap = &BodyMap{
		Regions: []BodyRegion{{ID: "front.chest", Feel: FeelWarm}, {ID: "back.lower-back", Feel: FeelCool}},
		Cols:    2, Rows: 2, Front: "ww..", Back: "..c.",
	}
	m.AppVersion = "0.1.0"
	m.Blobs = []Blob{{
		Name: "b1", Role: RoleOriginal, MediaType: "image/png",
		Size: 1500000, SHA256: strings.Repeat("ab", 32),
		SealedSize: 1500400, SealedSHA256: strings.Repeat("cd", 32),
	}}
	return m
}

func TestRoundTrip(t *testing.T) {
	m := sampleManifest()
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := got.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Fatalf("round trip changed the manifest:\n%s\n%s", data, again)
	}
	if !got.Started.Equal(m.Started) || got.Title != m.Title || got.Emotions.Words[0] != m.Emotions.Words[0] || *got.MoodCheckIn != *m.MoodCheckIn ||
		got.BodyMap.Regions[1] != m.BodyMap.Regions[1] || got.BodyMap.Back != "..c." {
		t.Fatalf("decoded manifest differs: %+v", got)
	}
}

func TestNewIDSortsAndValidates(t *testing.T) {
	prev := NewID()
	for range 1000 {
		id := NewID()
		if err := id.Validate(); err != nil {
			t.Fatal(err)
		}
		if id <= prev {
			t.Fatalf("ids not increasing: %s then %s", prev, id)
		}
		prev = id
	}
	for _, s := range []string{"", "not-a-uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", strings.ToUpper(string(NewID()))} {
		if _, err := ParseID(s); err == nil {
			t.Errorf("ParseID(%q) accepted", s)
		}
	}
}

func TestValidateNamesField(t *testing.T) {
	cases := []struct {
		field string
		edit  func(m *Manifest)
	}{
		{"schema", func(m *Manifest) { m.Schema = 3 }},
		{"schema", func(m *Manifest) { m.Schema = 0 }},
		{"bodyMap", func(m *Manifest) { m.Schema = 1 }},
		{"bodyMap.regions[0].id", func(m *Manifest) { m.BodyMap.Regions[0].ID = "side.chest" }},
		{"bodyMap.regions[1].id", func(m *Manifest) { m.BodyMap.Regions[1].ID = m.BodyMap.Regions[0].ID }},
		{"bodyMap.regions[0].feel", func(m *Manifest) { m.BodyMap.Regions[0].Feel = "hot" }},
		{"bodyMap.cols", func(m *Manifest) { m.BodyMap.Cols = 0 }},
		{"bodyMap.rows", func(m *Manifest) { m.BodyMap.Rows = MaxBodyMaskDim + 1 }},
		{"bodyMap.front", func(m *Manifest) { m.BodyMap.Front = "w" }},
		{"bodyMap.back", func(m *Manifest) { m.BodyMap.Back = "..x." }},
		{"id", func(m *Manifest) { m.ID = "x" }},
		{"kind", func(m *Manifest) { m.Kind = "sculpture" }},
		{"started", func(m *Manifest) { m.Started = time.Time{} }},
		{"finished", func(m *Manifest) { m.Finished = m.Started.Add(-time.Second) }},
		{"finished", func(m *Manifest) { m.Finished = time.Time{} }},
		{"kioskId", func(m *Manifest) { m.KioskID = "../etc" }},
		{"patientCode", func(m *Manifest) { m.PatientCode = "" }},
		{"visitId", func(m *Manifest) { m.VisitID = "a b" }},
		{"promptId", func(m *Manifest) { m.PromptID = "/" }},
		{"title", func(m *Manifest) { m.Title = strings.Repeat("x", MaxTitle+1) }},
		{"reflection", func(m *Manifest) { m.Reflection = "\xff" }},
		{"emotions.x", func(m *Manifest) { m.Emotions.X = 1.5 }},
		{"emotions.quadrant", func(m *Manifest) { m.Emotions.Quadrant = "Pleasant High" }},
		{"emotions.words[1].intensity", func(m *Manifest) { m.Emotions.Words[1].Intensity = 6 }},
		{"emotions.words[0].word", func(m *Manifest) { m.Emotions.Words[0].Word = "" }},
		{"moodCheckIn.pleasantness", func(m *Manifest) { m.MoodCheckIn.Pleasantness = 10 }},
		{"moodCheckOut.energy", func(m *Manifest) { m.MoodCheckOut.Energy = -1 }},
		{"blobs[0].name", func(m *Manifest) { m.Blobs[0].Name = "manifest" }},
		{"blobs[0].name", func(m *Manifest) { m.Blobs[0].Name = "Sturm" }},
		{"blobs[0].role", func(m *Manifest) { m.Blobs[0].Role = "secret" }},
		{"blobs[0].mediaType", func(m *Manifest) { m.Blobs[0].MediaType = "png" }},
		{"blobs[0].sha256", func(m *Manifest) { m.Blobs[0].SHA256 = "AB" }},
		{"blobs[0].sealedSize", func(m *Manifest) { m.Blobs[0].SealedSize = 1 }},
		{"blobs[0].sealedSha256", func(m *Manifest) { m.Blobs[0].SealedSHA256 = "" }},
		{"blobs[1].name", func(m *Manifest) { m.Blobs = append(m.Blobs, m.Blobs[0]) }},
	}
	for _, c := range cases {
		m := sampleManifest()
		c.edit(m)
		err := m.Validate()
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: want a ValidationError, got %v", c.field, err)
			continue
		}
		if ve.Field != c.field {
			t.Errorf("want field %s, got %v", c.field, err)
		}
		if strings.Contains(err.Error(), "PX-4821") || strings.Contains(err.Error(), "Sturm über") {
			t.Errorf("error quotes patient data: %v", err)
		}
		if _, err := m.Encode(); err == nil {
			t.Errorf("%s: Encode accepted an invalid manifest", c.field)
		}
	}
	m := sampleManifest()
	m.Finished = time.Time{}
	m.Unfinished = true
	if err := m.Validate(); err != nil {
		t.Errorf("unfinished piece without finish time: %v", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	good, err := sampleManifest().Encode()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":         nil,
		"not json":      []byte("hello"),
		"unknown field": bytes.Replace(good, []byte(`"schema":2`), []byte(`"schema":2,"ssn":"x"`), 1),
		"trailing":      append(append([]byte{}, good...), []byte(`{}`)...),
		"wrong type":    bytes.Replace(good, []byte(`"schema":2`), []byte(`"schema":"2"`), 1),
		"too big":       append(append([]byte{}, good...), bytes.Repeat([]byte(" "), MaxManifestSize)...),
		"null":          []byte("null"),
	}
	for name, data := range cases {
		if _, err := Decode(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestObjectKey(t *testing.T) {
	id := ID("01960a3e-7a2b-7c4d-8e9f-0123456789ab")
	if got := ObjectKey("kiosk-1", id, "b1"); got != "v1/pieces/kiosk-1/01960a3e-7a2b-7c4d-8e9f-0123456789ab/b1.age" {
		t.Fatal(got)
	}
}

func FuzzDecode(f *testing.F) {
	good, err := sampleManifest().Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`null`))
	f.Add(bytes.Replace(good, []byte(`"blobs":[`), []byte(`"blobs":[{},`), 1))
	signed := sampleManifest()
	signed.Signature = &Signature{Key: base64.StdEncoding.EncodeToString(make([]byte, 32)), Value: base64.StdEncoding.EncodeToString(make([]byte, 64))}
	if enc, err := signed.Encode(); err == nil {
		f.Add(enc)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			return
		}
		enc, err := m.Encode()
		if err != nil {
			t.Fatalf("decoded manifest does not encode: %v", err)
		}
		m2, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-encoded manifest does not decode: %v", err)
		}
		enc2, err := m2.Encode()
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable: %v\n%s\n%s", err, enc, enc2)
		}
		// What a signature covers must not change on the way through.
		sb1, err1 := m.SignedBytes()
		sb2, err2 := m2.SignedBytes()
		if err1 != nil || err2 != nil || !bytes.Equal(sb1, sb2) {
			t.Fatalf("signed bytes not stable: %v %v", err1, err2)
		}
	})
}
