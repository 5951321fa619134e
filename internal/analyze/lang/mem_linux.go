package lang

import (
	"os"
	"syscall"
	"unsafe"
)

// releaseEmbedded tells the kernel that the pages of an embedded model
// file just read are not needed any more. They belong to the executable's
// read-only data, so the kernel would drop them only under memory
// pressure, and meanwhile they count in the process's RSS: reading every
// model touches lingua's 124 MB of zips once. Dropped pages are read back
// from the executable if touched again.
func releaseEmbedded(f any) {
	data := embeddedData(f)
	if len(data) == 0 {
		return
	}
	page := uintptr(os.Getpagesize())
	base := unsafe.Pointer(unsafe.StringData(data))
	start := uintptr(base)
	end := start + uintptr(len(data))
	first := (start + page - 1) &^ (page - 1) // whole pages only: the edges may hold other data in use
	last := end &^ (page - 1)
	if last <= first {
		return
	}
	pages := unsafe.Slice((*byte)(unsafe.Add(base, first-start)), last-first)
	_ = syscall.Madvise(pages, syscall.MADV_DONTNEED)
}

// offHeap returns n bytes of zeroed memory outside Go's heap, never freed.
// The tables live there because they stay loaded for good: on the heap,
// 100 MB of them would let the collector grow the heap by as much again
// before collecting (GOGC's default), in every process that loads them.
func offHeap(n int) []byte {
	if n == 0 {
		return nil
	}
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n)
	}
	return b
}
