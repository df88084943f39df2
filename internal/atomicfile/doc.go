// Package atomicfile replaces small files so that a crash or power cut
// leaves either the old content or the new, never a mix: write a temporary
// file beside the target, fsync it, rename it over the target, fsync the
// folder.
package atomicfile
