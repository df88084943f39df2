package staffpin

import "testing"

// BenchmarkVerify is the cost of one PIN try with DefaultParams, which is
// also what one guess costs an attacker holding the config.
func BenchmarkVerify(b *testing.B) {
	enc, err := Hash("482915")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Verify(enc, "000000")
	}
}
