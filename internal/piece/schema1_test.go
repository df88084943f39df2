package piece

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/strictjson"
)

// manifestV1 is the schema 1 manifest exactly as schema 1 defined it (a
// frozen copy of Manifest before the body map): the migration tests decode
// into it to see what schema 1 made of a document.
type manifestV1 struct {
	Schema       int        `json:"schema"`
	ID           ID         `json:"id"`
	Kind         Kind       `json:"kind"`
	Started      time.Time  `json:"started"`
	Finished     time.Time  `json:"finished"`
	KioskID      string     `json:"kioskId"`
	PatientCode  string     `json:"patientCode"`
	VisitID      string     `json:"visitId,omitempty"`
	PromptID     string     `json:"promptId,omitempty"`
	Title        string     `json:"title,omitempty"`
	Reflection   string     `json:"reflection,omitempty"`
	Emotions     *Emotions  `json:"emotions,omitempty"`
	MoodCheckIn  *Mood      `json:"moodCheckIn,omitempty"`
	MoodCheckOut *Mood      `json:"moodCheckOut,omitempty"`
	Unfinished   bool       `json:"unfinished,omitempty"`
	Development  bool       `json:"development,omitempty"`
	Blobs        []Blob     `json:"blobs"`
	AppVersion   string     `json:"appVersion,omitempty"`
	Signature    *Signature `json:"signature,omitempty"`
}

// checkSchema1 holds the migration's promise for one document: if schema
// 1 read it as a schema 1 manifest, so does this version, to the same
// value, re-encoding to what schema 1 encoded and signing the same bytes;
// and this version never reads a schema 1 document schema 1 refused on
// its fields.
func checkSchema1(t *testing.T, data []byte) {
	var old manifestV1
	oldErr := strictjson.Decode(data, &old)
	m, err := Decode(data)
	if err == nil && m.Schema == 1 {
		if oldErr != nil {
			t.Fatalf("a schema 1 manifest decodes now but did not decode as schema 1: %v", oldErr)
		}
		if m.BodyMap != nil {
			t.Fatal("a schema 1 manifest has a body map")
		}
		// The same value, field by field.
		var now manifestV1
		enc, err := m.Encode()
		if err != nil {
			t.Fatalf("decoded schema 1 manifest does not encode: %v", err)
		}
		if err := strictjson.Decode(enc, &now); err != nil {
			t.Fatalf("re-encoded schema 1 manifest is not schema 1: %v", err)
		}
		if old.Blobs == nil {
			old.Blobs = []Blob{}
		}
		if now.Blobs == nil {
			now.Blobs = []Blob{}
		}
		if !reflect.DeepEqual(old, now) {
			t.Fatalf("schema 1 manifest changed:\n%+v\n%+v", old, now)
		}
		// Encoded as schema 1 encoded it (what a signature covers).
		old.Blobs = append([]Blob{}, old.Blobs...)
		want, err := json.Marshal(&old)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(enc, want) {
			t.Fatalf("schema 1 manifest re-encodes differently:\n%s\n%s", want, enc)
		}
		c := old
		c.Signature = nil
		want, _ = json.Marshal(&c)
		sb, err := m.SignedBytes()
		if err != nil || !bytes.Equal(sb, append([]byte(signaturePrefix), want...)) {
			t.Fatalf("schema 1 signed bytes changed (%v)", err)
		}
	}
	if oldErr == nil && old.Schema == 1 && err != nil {
		// Refused now: only for a reason schema 1 refused it too, never
		// for the schema.
		var ve *ValidationError
		if !asValidation(err, &ve) || ve.Field == "schema" || strings.HasPrefix(ve.Field, "bodyMap") {
			t.Fatalf("a schema 1 manifest is refused by the migration: %v", err)
		}
	}
}

func asValidation(err error, ve **ValidationError) bool {
	v, ok := err.(*ValidationError)
	*ve = v
	return ok
}

// TestSchema1Unchanged runs the migration check on schema 1 manifests:
// the committed fuzz corpus (all written before schema 2) and a sample.
func TestSchema1Unchanged(t *testing.T) {
	files, _ := filepath.Glob("testdata/fuzz/FuzzDecode/*")
	n := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range corpusValues(data) {
			checkSchema1(t, doc)
			if m, err := Decode(doc); err == nil && m.Schema == 1 {
				n++
			}
		}
	}
	m := sampleManifest()
	m.Schema, m.BodyMap = 1, nil
	enc, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	checkSchema1(t, enc)
	if !bytes.Contains(enc, []byte(`"schema":1,`)) || bytes.Contains(enc, []byte("bodyMap")) {
		t.Fatalf("schema 1 manifest encodes as %s", enc)
	}
	t.Logf("%d schema 1 manifests from the corpus decode as before", n)
}

// corpusValues pulls the []byte values out of a Go fuzz corpus file.
func corpusValues(file []byte) [][]byte {
	var out [][]byte
	for _, line := range strings.Split(string(file), "\n") {
		if s, ok := strings.CutPrefix(line, "[]byte("); ok {
			s = strings.TrimSuffix(s, ")")
			if u, err := strconv.Unquote(s); err == nil {
				out = append(out, []byte(u))
			}
		}
	}
	return out
}

// FuzzDecodeSchema1: the manifest schema 2 migration — any document that
// schema 1 decoded as a schema 1 manifest decodes to the same value now,
// re-encodes to the same bytes and signs the same bytes.
func FuzzDecodeSchema1(f *testing.F) {
	m := sampleManifest()
	m.Schema, m.BodyMap = 1, nil
	enc, err := m.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	m.Signature = &Signature{Key: strings.Repeat("A", 43) + "=", Value: strings.Repeat("A", 86) + "=="}
	if enc, err := m.Encode(); err == nil {
		f.Add(enc)
	}
	f.Add(bytes.Replace(enc, []byte(`"blobs":[`), []byte(`"bodyMap":{"cols":1,"rows":1},"blobs":[`), 1))
	f.Add([]byte(`{"schema":1}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkSchema1(t, data) })
}
