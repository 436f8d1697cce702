//go:build !windows

package console

// Attach does nothing outside Windows: standard output is always there.
func Attach() {}
