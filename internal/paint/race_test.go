//go:build race

package paint

// raceBuild shrinks the randomised tests under the race detector, which
// slows pixel loops about tenfold.
const raceBuild = true
