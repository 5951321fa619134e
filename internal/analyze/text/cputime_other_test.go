//go:build !linux

package text

import (
	"testing"
	"time"
)

func threadCPU(b *testing.B) time.Duration {
	b.Skip("thread CPU time is only measured on Linux")
	return 0
}
