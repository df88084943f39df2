// Package config reads Afterimage's configuration: a TOML file plus
// AFTERIMAGE_* environment overrides, validated with messages a clinic's IT
// person can act on. With no file, the apps run in development mode: data
// under the XDG data dir, a generated development identity, and a local
// folder as the remote.
package config
