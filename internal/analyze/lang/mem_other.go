//go:build !linux

package lang

// releaseEmbedded does nothing outside Linux: the pages of embedded model
// files stay resident until the system needs the memory.
func releaseEmbedded(any) {}

// offHeap returns n bytes of zeroed memory; outside Linux, on the heap.
func offHeap(n int) []byte { return make([]byte, n) }
