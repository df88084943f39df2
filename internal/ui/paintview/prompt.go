package paintview

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io/fs"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Prompt is a gentle suggestion shown on a card above the canvas. Its ID
// goes into the piece's manifest (PromptID); its text never does.
type Prompt struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// PromptsFile is where LoadPrompts looks in the assets file system.
const PromptsFile = "prompts/prompts.json"

var promptIDRE = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,64}$`)

// LoadPrompts reads the prompts from fsys (assets.Prompts).
func LoadPrompts(fsys fs.FS) ([]Prompt, error) {
	data, err := fs.ReadFile(fsys, PromptsFile)
	if err != nil {
		return nil, fmt.Errorf("paintview: load prompts: %w", err)
	}
	return ParsePrompts(data)
}

// ParsePrompts parses a prompts file: {"schema":1,"prompts":[{"id","text"}]}.
// IDs must be tokens usable in a manifest, unique; texts non-empty.
func ParsePrompts(data []byte) ([]Prompt, error) {
	var f struct {
		Schema  int      `json:"schema"`
		Prompts []Prompt `json:"prompts"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("paintview: parse prompts: %w", err)
	}
	if f.Schema != 1 {
		return nil, fmt.Errorf("paintview: parse prompts: schema %d is not supported (want 1)", f.Schema)
	}
	seen := map[string]bool{}
	for i, p := range f.Prompts {
		if !promptIDRE.MatchString(p.ID) {
			return nil, fmt.Errorf("paintview: parse prompts: prompt %d: id %q must be 1-64 letters, digits, '.', '_', '-'", i, p.ID)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("paintview: parse prompts: prompt %d: id %q is used twice", i, p.ID)
		}
		seen[p.ID] = true
		if strings.TrimSpace(p.Text) == "" || len(p.Text) > 400 {
			return nil, fmt.Errorf("paintview: parse prompts: prompt %s: text must be 1-400 bytes", p.ID)
		}
	}
	if len(f.Prompts) == 0 {
		return nil, fmt.Errorf("paintview: parse prompts: no prompts")
	}
	return f.Prompts, nil
}

// PromptText is the prompt in the kiosk's language: the translation files'
// "prompt.<id>" key if a clinic added one, else the text of the prompts file.
func PromptText(p Prompt) string { return lang.X("prompt."+p.ID, p.Text) }

// newPromptCard shows the prompt with a button that hides the card.
func newPromptCard(p Prompt, onHide func()) fyne.CanvasObject {
	text := widget.NewLabel(PromptText(p))
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	text.TextStyle = fyne.TextStyle{Italic: true}
	text.SizeName = fynetheme.SizeNameCaptionText // two lines fit the studio's top bar
	hide := newTile(lang.X("studio.prompt.hide", "Hide"), fynetheme.VisibilityOffIcon(), onHide)
	bg := canvas.NewRectangle(color.NRGBA{0xf3, 0xee, 0xe2, 0xff})
	bg.CornerRadius = 12
	// the card lives in the studio's top bar: a long prompt scrolls rather
	// than making the studio taller
	return container.NewStack(bg, container.NewBorder(nil, nil, nil, hide, container.NewVScroll(text)))
}
