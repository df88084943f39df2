// Package spool is the kiosk's durable local store of sealed pieces and
// drafts. Nothing in it is plaintext patient data: every blob and manifest
// is sealed (package seal) before it touches disk, and the only unencrypted
// files are receipts holding ids, times, opaque blob names and the sizes and
// SHA-256 of the sealed files.
//
// # Layout
//
//	<dir>/pieces/<piece-id>/b1.age ... manifest.age receipt.json
//	<dir>/drafts/<piece-id>/g00000007.b1.age g00000007.manifest.age
//	                        g00000003.s0001.age ... receipt-00000007.json
//	<dir>/staging/          pieces being written, things being removed
//
// # Pieces
//
// Save seals each blob into its own file in a fresh directory under
// staging/, then the manifest (which lists every blob's plaintext and sealed
// size and SHA-256, so the gallery can check downloaded bytes before
// decrypting them and the plaintext after), then the receipt; each file is
// fsynced, then the directory, which is renamed into pieces/ and pieces/ is
// fsynced. The rename is the commit point: a piece is in pieces/ whole or
// not at all. Open empties staging/, so leftovers of interrupted writes
// vanish, and Pieces lists only committed pieces, oldest first. Remove
// renames a piece into staging/ before deleting it, so it is atomic too.
//
// The kiosk holds only public recipients and cannot decrypt. Entry gives
// each sealed file's path, size and SHA-256 from the receipt, which is all
// an uploader needs; Verify checks the files against it and names the
// damaged ones. DeepVerify and OpenPiece, given an identity (gallery,
// development), also decrypt and check plaintext sizes and hashes.
//
// # Drafts
//
// A draft is a piece in progress, checkpointed so that a crash, a power cut
// or an idle reset loses at most the time since the last checkpoint. Each
// checkpoint is a generation N: its new files are written as gNNNNNNNN.*.age
// and fsynced, then receipt-NNNNNNNN.json is written to a temp file,
// fsynced, renamed and the directory fsynced: that rename commits
// generation N, after which the files of N-1 it no longer uses are deleted.
// Open keeps each draft's newest generation whose receipt is valid and whose
// files are all there, and deletes everything else.
//
//   - SaveDraft(m, blobs) replaces the checkpoint's blobs (a drawing's stroke
//     log, as one opaque blob) and keeps the segments.
//   - AppendDraftSegment(id, seg) adds one finished segment of a recording
//     (~10 s) as its own sealed file: a checkpoint costs one segment and a
//     small manifest, not the whole recording.
//
// Every draft generation has its own sealed manifest, written by the
// spool from the plaintext manifest it keeps in memory, always marked
// Unfinished and listing all blobs and segments so far. That is what lets a
// kiosk, which cannot decrypt, turn a draft into a piece:
//
//   - While the program runs it still holds the plaintext: FinishDraft saves
//     the final piece (encoded properly, e.g. the drawing's PNG or the whole
//     recording as FLAC; Unfinished set by the caller at an idle reset) and
//     then removes the draft.
//   - After a crash the plaintext is gone: PromoteDraft makes the newest
//     checkpoint's sealed files the piece's files as they are (hard links,
//     no decryption). The piece's manifest says Unfinished, and a recording
//     arrives as its segments (role "segment", in blob order), which the
//     gallery joins. SaveDraft and AppendDraftSegment refuse a draft left by
//     an earlier run (ErrDraftFromEarlierRun): its plaintext manifest is not
//     in memory, so the kiosk promotes it at start instead.
//
// If the program stops after FinishDraft or PromoteDraft committed the
// piece but before the draft was removed, Open removes the draft.
//
// # Errors
//
// When a save fails nothing of it is left on disk and the caller's manifest
// is unchanged, so it can retry. A full disk gives an error wrapping
// ErrDiskFull and the system error (errors.Is(err, syscall.ENOSPC)). Errors
// and logs carry piece ids, never patient data.
//
// One spool directory belongs to one process at a time.
package spool
