// Package assets embeds the files a clinic may want to read or translate:
// the application icon, the emotion vocabulary, drawing prompts and the UI
// text. Each kind of asset has its own file and embed variable.
package assets
