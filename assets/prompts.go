package assets

import "embed"

// Prompts holds the drawing studio's prompt cards (prompts/prompts.json:
// {"schema":1,"prompts":[{"id","text"}]}). Parse it with
// paintview.LoadPrompts; a clinic may add or reword prompts there, keeping
// the ids that earlier pieces refer to, and translates one by adding the key
// "prompt.<id>" to its studio.<lang>.json. The writing studio's prompts are
// in prompts/writing.json, same format (writeview.LoadPrompts), translated
// under "writing.prompt.<id>".
//
//go:embed prompts/*.json
var Prompts embed.FS
