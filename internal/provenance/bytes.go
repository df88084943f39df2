package provenance

import (
	"crypto/ed25519"
	"errors"
)

// SignBytes signs msg with s's key. Callers put a domain string of their
// own at the start of msg, so that a signature made for one use (an audit
// entry) can never pass for another (a manifest).
func (s *Signer) SignBytes(msg []byte) []byte { return ed25519.Sign(s.key, msg) }

// VerifyBytes checks a SignBytes signature against a public key
// "ed25519:<base64>".
func VerifyBytes(publicKey string, msg, sig []byte) error {
	k, err := ParsePublicKey(publicKey)
	if err != nil {
		return err
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(k, msg, sig) {
		return errors.New("provenance: the signature does not match")
	}
	return nil
}
