package strictjson

import (
	"errors"
	"testing"
)

func TestDecode(t *testing.T) {
	type doc struct{ A int }
	var d doc
	if err := Decode([]byte(` {"A": 2} `), &d); err != nil || d.A != 2 {
		t.Fatalf("good document: %+v, %v", d, err)
	}
	if err := Decode([]byte(`{"A": 2, "B": 3}`), &d); err == nil {
		t.Fatal("an unknown field was accepted")
	}
	if err := Decode([]byte(`{"A": 2} {"A": 3}`), &d); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("a second document: %v, want ErrTrailingData", err)
	}
	if err := Decode([]byte(`{"A": 2} x`), &d); !errors.Is(err, ErrTrailingData) {
		t.Fatalf("trailing garbage: %v, want ErrTrailingData", err)
	}
	if err := Decode([]byte(`{"A": `), &d); err == nil {
		t.Fatal("a truncated document was accepted")
	}
}
