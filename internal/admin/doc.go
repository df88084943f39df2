// Package admin is the admin CLI (cmd/afterimage): the commands a clinic's
// IT person runs and scripts (keys, kiosk provisioning and revocation,
// key rotation, checking the bucket, patient codes). Run takes the
// arguments after the program name and returns the exit status: 0 done,
// 1 failed, 2 wrong usage, 3 a check (verify, audit verify) found
// problems. `afterimage --help` lists the commands (help.go) and
// `afterimage COMMAND --help` says what one does.
//
// Secrets (passphrases, PINs, S3 secrets) are read from stdin or files,
// never from the command line, and never printed. Patient codes go to
// stdout, one per line, for printing; progress and errors go to stderr
// and never contain a code or a PIN.
//
// verify pulls every piece with the gallery's own library (internal/
// library) and trust (provenance.FromConfig), so it judges pieces exactly
// as the gallery does; status reads only the bucket's listing.
package admin
