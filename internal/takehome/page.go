package takehome

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/afterimage-clinic/afterimage/internal/piece"
)

// Text is the page's wording. The gallery fills it from its translation
// files (assets/i18n, the takehome.page.* keys); every field is plain text
// and escaped on the page.
type Text struct {
	Lang      string // the page's language, e.g. "en"
	Title     string // the page's title and heading
	About     string // a short note on what Afterimage is, and that the pieces are the patient's
	MadeOn    string // "%s" is the export's date
	Untitled  string
	Drawing   string
	Music     string
	Voice     string
	Writing   string
	Felt      string // label before the emotion words
	VoiceNote string // label of a drawing's voice note
	Download  string // label of the link to a piece's file
	NoPlayer  string // said inside <audio> by a browser that cannot play it
}

// page is index.html: one static page, styles inline, no script.
var page = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"date":   func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
	"length": formatLength,
	"kind":   func(piece.Kind) string { return "" }, // replaced per page (writePage)
}).Parse(`<!DOCTYPE html>
<html lang="{{.Text.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Text.Title}}</title>
<style>
body { margin: 0; background: #f6f3ee; color: #2e3a40; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 880px; margin: 0 auto; padding: 32px 20px 64px; }
h1 { font-weight: 500; font-size: 30px; margin: 0 0 8px; }
.about { color: #4d5b61; max-width: 640px; white-space: pre-line; }
.made { color: #7a8589; font-size: 14px; }
article { background: #fffdf9; border-radius: 14px; padding: 20px; margin: 28px 0; box-shadow: 0 1px 4px rgba(46,58,64,.12); }
article h2 { font-weight: 500; font-size: 22px; margin: 0 0 2px; }
.meta { color: #7a8589; font-size: 14px; margin: 0 0 14px; }
img { display: block; max-width: 100%; height: auto; border-radius: 8px; background: #fff; }
audio { display: block; width: 100%; margin: 10px 0; }
.felt { margin: 12px 0 4px; }
.felt span { display: inline-block; background: #e7eef0; border-radius: 12px; padding: 1px 10px; margin: 2px 4px 2px 0; }
blockquote { margin: 10px 0 0; padding: 0 0 0 14px; border-left: 3px solid #c9d6da; font-style: italic; white-space: pre-wrap; }
.file { font-size: 14px; color: #4d6f7a; }
.written { margin: 10px 0 0; padding: 14px 18px; background: #fffdf8; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>{{.Text.Title}}</h1>
<p class="about">{{.Text.About}}</p>
<p class="made">{{.MadeOn}}</p>
{{range .Pieces}}<article id="piece-{{.Number}}">
<h2>{{if .Title}}{{.Title}}{{else}}{{$.Text.Untitled}}{{end}}</h2>
<p class="meta">{{kind .Kind}} · {{date .Made}}{{if .SoundLength}} · {{length .SoundLength}}{{end}}</p>
{{if .Picture}}<img src="{{.Picture}}" width="{{.Width}}" height="{{.Height}}" alt="{{if .Title}}{{.Title}}{{else}}{{kind .Kind}}{{end}}">
{{end}}{{if .Sound}}{{if .Picture}}<p class="meta">{{$.Text.VoiceNote}}</p>
{{end}}<audio controls preload="metadata" src="{{.Sound}}">{{$.Text.NoPlayer}}</audio>
{{end}}{{if .Words}}<p class="felt">{{$.Text.Felt}} {{range .Words}}<span>{{.}}</span>{{end}}</p>
{{end}}{{if .Written}}<div class="written">{{.Written}}</div>
{{end}}{{if .Reflection}}<blockquote>{{.Reflection}}</blockquote>
{{end}}<p class="file">{{if .Picture}}<a href="{{.Picture}}" download>{{$.Text.Download}} (PNG)</a> {{end}}{{if .Sound}}<a href="{{.Sound}}" download>{{$.Text.Download}} (FLAC)</a>{{end}}{{if .TextFile}}<a href="{{.TextFile}}" download>{{$.Text.Download}} (TXT)</a>{{end}}</p>
</article>
{{end}}</main>
</body>
</html>
`))

// writePage writes index.html for entries.
func writePage(w io.Writer, text Text, made time.Time, entries []entry) error {
	if text.Lang == "" {
		text.Lang = "en"
	}
	// The template is cloned per page so that kind can say this page's words.
	t, err := page.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"kind": func(k piece.Kind) string {
		switch k {
		case piece.Drawing:
			return text.Drawing
		case piece.Music:
			return text.Music
		case piece.Voice:
			return text.Voice
		case piece.Writing:
			return text.Writing
		}
		return ""
	}})
	madeOn := text.MadeOn
	if strings.Count(madeOn, "%") == 1 && strings.Contains(madeOn, "%s") {
		madeOn = fmt.Sprintf(madeOn, made.Local().Format("2006-01-02"))
	}
	return t.Execute(w, struct {
		Text   Text
		MadeOn string
		Pieces []entry
	}{text, madeOn, entries})
}

// formatLength is a recording's length as m:ss.
func formatLength(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
