package assets

import "embed"

// Emotion holds the emotion vocabulary (emotion/vocabulary.json): the
// pleasantness × energy regions, their words and colours. Parse it with
// internal/emotion.
//
//go:embed emotion/*.json
var Emotion embed.FS

// EmotionText holds the Fyne translation files for the mood and tagging
// screens and for the vocabulary's words (i18n/emotion.<lang>.json). Load
// them with lang.AddTranslationsFS(assets.EmotionText, "i18n"); a clinic
// translates by adding i18n/emotion.<lang>.json with the same keys.
//
//go:embed i18n/emotion.*.json
var EmotionText embed.FS
