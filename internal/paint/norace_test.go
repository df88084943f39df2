//go:build !race

package paint

const raceBuild = false
