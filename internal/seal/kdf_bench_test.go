package seal

import (
	"bytes"
	"testing"

	"filippo.io/age"
)

// BenchmarkIdentityFileKDF reads a passphrase-protected clinic identity
// file as the gallery's unlock does (ReadIdentityFile: scrypt at age's
// default work factor 2^18, then the hybrid identity parsed): the
// deliberate cost a passphrase adds before the gallery opens its index.
func BenchmarkIdentityFileKDF(b *testing.B) {
	id, _, err := GenerateIdentity(Hybrid)
	if err != nil {
		b.Fatal(err)
	}
	var file bytes.Buffer
	if err := WriteIdentityFile(&file, []age.Identity{id}, "a long clinic passphrase", nil); err != nil {
		b.Fatal(err)
	}
	pass := func() (string, error) { return "a long clinic passphrase", nil }
	for b.Loop() {
		if _, err := ReadIdentityFile(bytes.NewReader(file.Bytes()), pass); err != nil {
			b.Fatal(err)
		}
	}
}
