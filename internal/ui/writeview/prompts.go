package writeview

import (
	"fmt"
	"io/fs"

	"fyne.io/fyne/v2/lang"

	"github.com/afterimage-clinic/afterimage/internal/ui/paintview"
)

// Prompt is a gentle, optional suggestion shown above the page. Its ID goes
// into the piece's manifest (PromptID); its text never does. The file's
// format is the drawing prompts' (paintview.ParsePrompts).
type Prompt = paintview.Prompt

// PromptsFile is where LoadPrompts looks in the assets file system.
const PromptsFile = "prompts/writing.json"

// LoadPrompts reads the writing prompts from fsys (assets.Prompts).
func LoadPrompts(fsys fs.FS) ([]Prompt, error) {
	data, err := fs.ReadFile(fsys, PromptsFile)
	if err != nil {
		return nil, fmt.Errorf("writeview: load prompts: %w", err)
	}
	ps, err := paintview.ParsePrompts(data)
	if err != nil {
		return nil, fmt.Errorf("writeview: %s: %w", PromptsFile, err)
	}
	return ps, nil
}

// PromptText is the prompt in the kiosk's language: the translation files'
// "writing.prompt.<id>" key if there is one, else the prompts file's text.
func PromptText(p Prompt) string { return lang.X("writing.prompt."+p.ID, p.Text) }
