// Package ctxio holds the io helpers that honour a context: a reader that
// stops a copy as soon as its context ends, for the long copies of pieces'
// files to a spool or a remote folder.
package ctxio
