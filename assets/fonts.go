package assets

import _ "embed"

// Noto Sans (SIL Open Font License 1.1, fonts/OFL.txt): the report's
// fonts, embedded in every PDF so accents, Greek and Cyrillic render on
// any reader.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	FontRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	FontBold []byte
)
