// Package audit is the gallery's audit log (HIPAA 45 CFR 164.312(b)): who
// unlocked, opened which patient, viewed or played which piece, wrote a
// note, made a report or an export, and when. Entries name piece ids and
// patient codes only, never content.
//
// Each gallery install keeps one chain: entry n carries the SHA-256 of
// entry n-1 and is signed with the install's Ed25519 key, whose public half
// the first entry carries. Entries are sealed to the clinic's recipients in
// batches and stored create-only under v1/audit/<install>/ (docs/SYNC.md);
// Verify reads every chain in the bucket and says exactly where one breaks
// (a gap, an edit, a reordering, a replay, another key, a truncation
// against the install's own record of its last entry).
package audit
