// Command afterimage is the admin CLI: keys, kiosk provisioning, patient
// codes, verification and export — everything an IT person scripts.
package main

import (
	"fmt"
	"os"

	"github.com/afterimage-clinic/afterimage/internal/version"
)

const usage = `usage: afterimage COMMAND

commands:
  version    print the version
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "version", "-version", "--version":
		fmt.Println("afterimage", version.Version)
	default:
		fmt.Fprintf(os.Stderr, "afterimage: unknown command %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}
