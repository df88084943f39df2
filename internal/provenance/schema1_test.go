package provenance

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// TestSchema1ManifestsStillVerify: manifests written and signed by the
// schema 1 kiosk (testdata/schema1-*, made by the code before schema 2)
// decode as schema 1, re-encode to exactly their own bytes, and their
// signatures still verify; any change still breaks them.
func TestSchema1ManifestsStillVerify(t *testing.T) {
	key, err := os.ReadFile("testdata/schema1-key.txt")
	if err != nil {
		t.Fatal(err)
	}
	trust := NewTrust()
	if err := trust.Add("lounge-1", strings.TrimSpace(string(key))); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/schema1-signed-*.json")
	if len(files) < 3 {
		t.Fatalf("%d schema 1 manifests in testdata, want 3", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := piece.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Schema != 1 || m.BodyMap != nil {
			t.Errorf("%s: decoded as schema %d, body map %v", name, m.Schema, m.BodyMap)
		}
		again, err := m.Encode()
		if err != nil || !bytes.Equal(again, data) {
			t.Errorf("%s: re-encoded differently (%v):\n%s\n%s", name, err, data, again)
		}
		if err := trust.Verify(m); err != nil {
			t.Errorf("%s: signature no longer verifies: %v", name, err)
		}
		c := m.Clone()
		c.Title += "!"
		if err := trust.Verify(c); err == nil {
			t.Errorf("%s: a changed title still verifies", name)
		}
		// A body map cannot be slipped into a schema 1 manifest.
		c = m.Clone()
		c.BodyMap = &piece.BodyMap{Cols: 1, Rows: 1, Front: "w"}
		if err := trust.Verify(c); err == nil {
			t.Errorf("%s: schema 1 with a body map verifies", name)
		}
	}
}

// TestSignVerifySchema2BodyMap: a schema 2 manifest's body map is covered
// by its signature.
func TestSignVerifySchema2BodyMap(t *testing.T) {
	s, _ := NewSigner()
	trust := NewTrust()
	if err := trust.Add("lounge-1", s.PublicKey()); err != nil {
		t.Fatal(err)
	}
	m := manifest()
	m.BodyMap = &piece.BodyMap{Regions: []piece.BodyRegion{{ID: "front.chest", Feel: piece.FeelWarm}}, Cols: 2, Rows: 2, Front: "w..."}
	if err := s.Sign(m); err != nil {
		t.Fatal(err)
	}
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := piece.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := trust.Verify(back); err != nil {
		t.Fatal(err)
	}
	back.BodyMap.Regions[0].Feel = piece.FeelCool
	if err := trust.Verify(back); err == nil {
		t.Fatal("a changed body map still verifies")
	}
}
