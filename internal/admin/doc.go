// Package admin is the admin CLI (cmd/afterimage): the commands an IT person
// scripts. Run takes the arguments after the program name and returns the
// exit status: 0 done, 1 failed, 2 wrong usage.
//
//	afterimage version
//	afterimage code new [--count N] [--expires 2026-12-31] [--registry FILE]
//	afterimage code check [--registry FILE] CODE
//	afterimage pin hash            (reads the PIN from stdin)
//
// Patient codes go to stdout, one per line, for printing; everything else
// (progress, errors) goes to stderr and never contains a code or a PIN.
package admin
