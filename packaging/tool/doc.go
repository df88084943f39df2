// Command afterimage-pkg builds Afterimage's Debian packages —
// afterimage-kiosk, afterimage-gallery and afterimage (the admin CLI) — from
// binaries already built with the Makefile's version, using nfpm as a
// library. It is its own module so that nfpm's dependencies stay out of
// the product's go.sum; `make package` builds it into .tools/bin.
//
// What it adds to the binaries, and checks before it writes a package:
// Depends from dpkg-shlibdeps (plus the libraries GLFW opens at run time),
// desktop entries (desktop-file-validate), AppStream metainfo (appstreamcli
// validate), hicolor icons rasterised from assets/icons/afterimage.svg by
// rsvg-convert, man pages (the CLI's from its own help), the kiosk's
// systemd unit, PAM file, example config and maintainer scripts, a
// copyright file and a changelog. See docs/PACKAGING.md.
package main
