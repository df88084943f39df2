// Package strictjson decodes one JSON document strictly: unknown fields and
// anything after the document are errors. Afterimage's own formats (piece
// manifests, spool receipts, the emotion vocabulary) are read this way, so
// a typo or a damaged file is refused instead of half-read.
package strictjson
