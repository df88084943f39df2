// Package seal encrypts and decrypts Afterimage data with age
// (filippo.io/age, format age-encryption.org/v1).
//
// A Sealer encrypts to one or more clinic recipients: classic X25519
// ("age1...") or the post-quantum hybrid ML-KEM-768 + X25519 type that age 1.3
// introduced ("age1pq1..."); the two kinds cannot be mixed in one file. A
// Sealer with no recipients cannot be made: sealing fails closed, never
// falling back to plaintext. Sealing and opening stream, so blobs of any size
// pass through in 64 KiB chunks.
//
// Kiosks hold only recipients (public keys). The gallery holds the clinic's
// identity (private key) in an identity file protected by a passphrase: an
// age file encrypted with scrypt whose plaintext is an ordinary identity file,
// the same format the age command line tool reads with "age -d -i". Plain
// (unprotected) identity files are accepted too, for development.
//
// Development mode: DevIdentity generates, once, an unprotected hybrid
// identity in the data directory (file mode 0600) so that a kiosk and a
// gallery on one machine can exchange pieces without configuration. A Sealer
// made by NewDevSealer reports Development, and everything it seals is to be
// labelled as development data.
//
// Errors never contain key material and never echo the lines of key files.
package seal
