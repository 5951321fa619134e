package cluster

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling OS thread has used. With the
// goroutine locked to its thread, the difference of two readings is the
// time it ran, whatever else the machine was doing.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
