// Package displaybench runs the real binaries on an X display for tests:
// the bench's shared Xvfb (Display, held under a cross-process lock) or a
// private one of a chosen size (PrivateDisplay); an App started on it,
// driven by xdotool and photographed with ImageMagick's import; a small X
// client of the test's own (XClient) for fake input and framebuffer reads;
// presented frames timed through XDamage (WatchFrames); and helpers that
// find things in screenshots (Regions, Share, Still …).
//
// It needs no cgo itself (the X client is pure Go); the apps it builds do.
package displaybench
