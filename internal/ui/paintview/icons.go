package paintview

import "fyne.io/fyne/v2"

// Tool icons: 24×24 single-colour SVG paths drawn after Google's Material
// Symbols (Apache License 2.0, like the Material icons Fyne bundles); the
// spray can is our own. They are recoloured by the theme (fynetheme.
// NewThemedResource), so each path is filled with plain black.
func toolIcon(name, path string) fyne.Resource {
	return fyne.NewStaticResource(name+".svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="`+path+`"/></svg>`))
}

var toolIcons = map[Tool]fyne.Resource{
	Tool(1):  toolIcon("pencil", "M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"),
	Tool(2):  toolIcon("pen", "M14.06 9.02l.92.92L5.92 19H5v-.92l9.06-9.06M17.66 3c-.25 0-.51.1-.7.29l-1.83 1.83 3.75 3.75 1.83-1.83a1 1 0 0 0 0-1.41l-2.34-2.34c-.2-.2-.45-.29-.71-.29zm-3.6 3.19L3 17.25V21h3.75L17.81 9.94l-3.75-3.75z"),
	Tool(3):  toolIcon("brush", "M7 14c-1.66 0-3 1.34-3 3 0 1.31-1.16 2-2 2 .92 1.22 2.49 2 4 2 2.21 0 4-1.79 4-4 0-1.66-1.34-3-3-3zm13.71-9.37l-1.34-1.34a1 1 0 0 0-1.41 0L9 12.25 11.75 15l8.96-8.96a1 1 0 0 0 0-1.41z"),
	Tool(4):  toolIcon("marker", "M6 14l3 3v5h6v-5l3-3V9H6zm5-12h2v3h-2zM3.5 5.88l1.41-1.41 2.12 2.12L5.62 8 3.5 5.88zm13.46.71l2.12-2.12 1.41 1.41L18.38 8l-1.42-1.41z"),
	Tool(5):  toolIcon("spray", "M8 10h8v12H8zM10 6h4v3h-4zM17 3h1.5v1.5H17zM20 1.5h1.5V3H20zM20 5h1.5v1.5H20zM22.5 3.2H24v1.5h-1.5zM17 6.5h1.5V8H17z"),
	Tool(6):  toolIcon("eraser", "M16.24 3.56l4.95 4.94c.78.79.78 2.05 0 2.84L12 20.53a4 4 0 0 1-5.66 0L2.81 17c-.78-.79-.78-2.05 0-2.84l10.6-10.6c.79-.78 2.05-.78 2.83 0M4.22 15.58l3.54 3.53c.78.79 2.04.79 2.83 0l3.53-3.53-4.95-4.95-4.95 4.95z"),
	FillTool: toolIcon("fill", "M16.56 8.94L7.62 0 6.21 1.41l2.38 2.38-5.15 5.15a1.5 1.5 0 0 0 0 2.12l5.5 5.5c.29.29.68.44 1.06.44s.77-.15 1.06-.44l5.5-5.5c.59-.58.59-1.53 0-2.12zM5.21 10L10 5.21 14.79 10H5.21zM19 11.5s-2 2.17-2 3.5c0 1.1.9 2 2 2s2-.9 2-2c0-1.33-2-3.5-2-3.5z"),
}
