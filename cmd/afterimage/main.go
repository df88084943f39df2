// Command afterimage is the admin CLI: keys, kiosk provisioning, patient
// codes, verification and export — everything an IT person scripts. The
// commands live in internal/admin.
package main

import (
	"os"

	"github.com/afterimage-clinic/afterimage/internal/admin"
)

func main() {
	os.Exit(admin.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
