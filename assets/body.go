package assets

import "embed"

// Body holds the body map's outline (body/outline.json): a front and a back
// view of a gender-neutral body as polygons in a normalised space, split
// into named regions. Parse it with internal/bodymap. A clinic may redraw
// it, keeping the region ids that earlier pieces refer to; each region's
// name is translated under "body.region.<id>" in i18n/emotion.<lang>.json.
//
//go:embed body/*.json
var Body embed.FS
