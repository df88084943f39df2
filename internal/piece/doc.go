// Package piece defines a piece — one thing a patient made (a drawing, a
// music recording, a voice recording) with everything said about it — and its
// manifest, schema version 2 (it reads schema 1 too: see SchemaVersion).
//
// The manifest is JSON. It is health data: it is only ever written to disk or
// sent anywhere sealed (see package seal). Decode is strict (unknown fields,
// trailing data and invalid values are rejected) and Validate names the field
// that is wrong, so a damaged or hostile manifest never reaches the gallery.
//
// Blobs are named opaquely ("b1", "b2", ... or "s0001" for audio segments):
// names end up in object keys (see ObjectKey), which must never carry patient
// data. Each blob records the size and SHA-256 of its plaintext and of its
// sealed (age-encrypted) bytes, so storage and transfer can be verified
// without decrypting and the plaintext can be verified after decrypting.
package piece
