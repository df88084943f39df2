// Package media is the one place the files stored with a piece are made:
// FLAC for recordings (EncodeFLAC, DecodeFLAC), a waveform PNG and the peak
// data the gallery's player draws from (ComputePeaks, WaveformPNG), bundled
// with their roles and media types by RecordingOutputs; a drawing's PNG
// (EncodePNG) and its JPEG thumbnail (Thumbnail, ThumbnailJPEG); and the
// segments a recording in progress is checkpointed as (EncodeSegment,
// DecodeSegment, JoinSegments), which the gallery reads without PortAudio
// to rebuild a crash-recovered recording (internal/recovered).
//
// Everything here works in memory: the kiosk never writes plaintext patient
// data to disk; the spool seals these bytes.
package media
