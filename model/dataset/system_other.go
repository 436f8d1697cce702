//go:build !windows

package dataset

// systemData says whether Search looks in SystemDir.
const systemData = true
