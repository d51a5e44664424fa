//go:build unix

package kql

import (
	"syscall"
	"time"
)

// processCPUTime returns the CPU time the process has used, in all its
// threads (the garbage collector's included).
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
