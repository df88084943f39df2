// Package dir is the local-folder backend of remote.Remote: the development
// default, and a single machine's store when kiosk and gallery share a disk.
//
// An object is a file at <root>/<key>. Put writes into <root>/.tmp, checks the
// size and SHA-256, fsyncs, and then hard-links the file into place: link(2)
// fails if the name exists, which makes the put both atomic and create-only,
// even between processes. Stat hashes the stored file, so a verification
// through Stat checks the bytes actually on disk.
package dir
