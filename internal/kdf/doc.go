// Package kdf is the one place Afterimage's argon2id costs live: the
// parameter type, the limits a stored hash or registry may ask for, and the
// costs the staff PIN (internal/staffpin) and the patient-code registry
// (internal/patientcode) hash with.
//
// The costs of a hash are stored with it (in the PIN's encoded string, in
// the registry's argon2id line), so changing PIN or Code changes only what
// new hashes cost; every stored hash within the limits still verifies.
package kdf
