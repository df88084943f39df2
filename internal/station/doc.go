// Package station assembles a kiosk from its configuration: the data
// folder, the sealer (clinic recipients, or the development identity), the
// spool, the remote and the outbox that drains one into the other. Open
// checks what a clinic's IT person could have got wrong — an unwritable
// data folder, missing recipients, an S3 address that is not S3, refused
// credentials, a missing bucket — and reports each as a config.Problem for
// the staff-facing screen, instead of running unprotected. A remote that is
// merely unreachable is not a problem: kiosks are often offline, and the
// outbox waits.
package station
