// Package provenance says who made a piece. Each kiosk holds an Ed25519
// signing key (a PEM file in its data folder, mode 0600: created at first
// start in development, by provisioning in production) and signs every
// manifest it seals; the signature covers the manifest, which lists every
// sealed blob's size and SHA-256 (piece.Manifest.SignedBytes). The gallery
// trusts a list of kiosks and their public keys (Trust): a piece unsigned,
// from an unknown kiosk, or signed with another key is "origin not
// verified" and kept apart from patients' work.
//
// A lost or stolen kiosk is revoked (Trust.Revoke, from the gallery's
// revoked_kiosks, written by afterimage revoke-kiosk) from a time on: its
// pieces the storage received from then on are not trusted. The time
// judged is the storage's own upload time (S3 LastModified), which whoever
// holds the kiosk's key cannot forge, never a date in the manifest.
// FromConfig builds the Trust a gallery's config sets, for the gallery and
// the admin CLI alike.
//
// Public keys are written "ed25519:<base64>", as in the gallery's
// configuration.
package provenance
