package version

// Version is the release or git description of this build.
var Version = "dev"
