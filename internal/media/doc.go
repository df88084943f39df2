// Package media turns what patients make into the files stored with a piece:
// FLAC for recordings (EncodeFLAC, DecodeFLAC), a waveform PNG and the peak
// data the gallery's player draws from (ComputePeaks, WaveformPNG), and
// thumbnails of drawings (Thumbnail). RecordingBlobs bundles a recording's
// files with the roles and media types the piece manifest names.
//
// Everything here works in memory: the kiosk never writes plaintext patient
// data to disk; the spool seals these bytes.
package media
