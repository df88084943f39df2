package main

import (
	"fmt"
	"strings"
)

// cliManPage is afterimage(1): the sections a man page has, around the
// CLI's own help text (shown as is, so that the page says what the build
// it ships with does).
func cliManPage(help, version, date string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH AFTERIMAGE 1 %s %s \"Afterimage\"\n", quoteArg(date), quoteArg("afterimage "+version))
	b.WriteString(`.SH NAME
afterimage \- Afterimage's admin tool: keys, kiosk provisioning, verification
.SH SYNOPSIS
.B afterimage
.I command
.RI [ options ]
.br
.B afterimage
.I command
.B \-\-help
.SH DESCRIPTION
.B afterimage
is what a clinic's IT person runs to set up and check Afterimage: the
clinic identity, the kiosks' configurations and keys, patient codes, staff
PIN hashes, and checks of what is in the clinic's S3 storage.
Secrets (passphrases, PINs) are read from standard input, never taken
from the command line.
.SH COMMANDS
The commands, as
.B afterimage help
prints them:
.PP
.nf
`)
	for line := range strings.SplitSeq(strings.TrimRight(help, "\n"), "\n") {
		b.WriteString(roffLine(line))
		b.WriteByte('\n')
	}
	b.WriteString(`.fi
.SH EXIT STATUS
.TP
.B 0
the command did what it was asked to
.TP
.B 1
it failed, or a check found a problem; the message on standard error
says what and, where it can, how to fix it
.TP
.B 2
the command line was wrong; the usage above is printed
.SH ENVIRONMENT
.TP
.B AFTERIMAGE_CONFIG
the configuration file, for commands that read one and are not given
.BR \-\-config .
.SH FILES
.TP
.I /etc/afterimage/afterimage.toml
a kiosk's configuration (written by
.BR "afterimage provision\-kiosk" ).
.SH SEE ALSO
.BR afterimage\-kiosk (1),
.BR afterimage\-gallery (1)
`)
	return []byte(b.String())
}

// roffLine makes a line of plain text safe inside .nf: backslashes and
// minus signs escaped, a leading dot or quote defused, and characters
// beyond ASCII written as groff escapes.
func roffLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r == '\t':
			b.WriteString("        ")
		case r < 0x20 || r == 0x7f:
			// control characters have no place in a man page
		case r > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	// Checked on the result: a dropped control character must not
	// uncover a dot or quote that roff would read as a request.
	out := b.String()
	if strings.HasPrefix(out, ".") || strings.HasPrefix(out, "'") {
		out = `\&` + out
	}
	return out
}

// quoteArg quotes a macro argument.
func quoteArg(s string) string {
	return `"` + strings.ReplaceAll(roffLine(s), `"`, `\(dq`) + `"`
}
