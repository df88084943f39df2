package remote

import (
	"context"
	"io"
	"time"
)

// Remote is a store of immutable objects addressed by key.
//
// The contract every implementation keeps (checked by remote/remotetest):
//
//   - Keys are validated with ValidKey; an invalid key fails with ErrInvalid
//     and touches nothing.
//   - Put is create-only and atomic: readers see either no object or the
//     complete object, never a partial one. If the key already exists Put
//     stores nothing and fails with ErrExists, whatever the bytes; the caller
//     decides (with Stat, where it may) whether the existing object is the
//     one it meant to store. Put streams size bytes from r and verifies them
//     against sha256 (lower-case hex of the SHA-256 of those bytes) before the
//     object becomes visible: a mismatch, or fewer or more than size bytes,
//     stores nothing and fails with ErrChecksum. Put reads r from offset 0
//     (seeking there first, and again to retry); it does not close r.
//   - Put after a Put whose outcome was unknown (timeout, dropped
//     connection) is how callers retry: it either stores the object or
//     reports ErrExists. Together with Stat this gives exactly-once uploads.
//   - Get streams an object; Stat describes it. Both fail with ErrNotExist
//     for a missing key.
//   - List calls fn for every object whose key starts with prefix and sorts
//     strictly after after (byte-wise), in ascending key order. If fn returns
//     an error, List stops and returns that error unchanged (use ErrStop to
//     end a listing early without an error). Info.SHA256 may be empty in
//     listings.
//   - Delete removes an object; deleting a missing key is not an error.
//   - Errors wrap one of the kinds below when one applies, so errors.Is and
//     the Is* helpers work on them; IsPermanent tells a caller whether
//     retrying the same call unchanged could succeed. Any other error
//     (network, timeout, server busy) is transient.
//   - All methods are safe for concurrent use and honour ctx.
type Remote interface {
	Put(ctx context.Context, key string, r io.ReadSeeker, size int64, sha256 string) (Info, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Stat(ctx context.Context, key string) (Info, error)
	List(ctx context.Context, prefix, after string, fn func(Info) error) error
	Delete(ctx context.Context, key string) error
}

// Info describes a stored object.
type Info struct {
	Key      string
	Size     int64
	SHA256   string // lower-case hex; from Put and Stat always, from List when the backend knows it
	Modified time.Time
	// VersionID names one version of the object (from ListVersions); ""
	// is the current one.
	VersionID string
}

// Versioned is implemented by remotes whose store can keep every version
// of an object (an S3 bucket with versioning on): a key written twice, or
// deleted, still has its first version.
type Versioned interface {
	// VersioningEnabled reports whether the store keeps versions now.
	VersioningEnabled(ctx context.Context) (bool, error)
	// ListVersions is List over every version of every object (delete
	// markers excluded): fn is called with the versions of each key
	// together, in ascending key order, oldest version first.
	ListVersions(ctx context.Context, prefix, after string, fn func(key string, versions []Info) error) error
	// GetVersion streams one version of an object (VersionID from
	// ListVersions; "" for the current one).
	GetVersion(ctx context.Context, key, versionID string) (io.ReadCloser, error)
}

// FolderLister is implemented by remotes that can list the next segment of
// keys under a prefix in one call (S3's delimiter listing, a folder's
// entries): the library discovers kiosks with it.
type FolderLister interface {
	// ListFolders returns, sorted, the distinct segments s such that some
	// key starts with prefix+s+"/". prefix must end with "/".
	ListFolders(ctx context.Context, prefix string) ([]string, error)
}
