package lang

import (
	"archive/zip"
	"bufio"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/pemistahl/lingua-go"
)

// This file holds lingua's n-gram models in a compact form of our own.
//
// Lingua-go ships, for each language, five models (unigrams to fivegrams:
// 19.6 million n-grams in all) as zipped protocol buffers embedded in its
// package, and loads each into a map[string]float64 of about 64 bytes an
// n-gram: 1.8 GB of RSS for all of them. Here each model becomes a table
// of 6 bytes an n-gram: the n-gram's 64-bit hash, split into a bucket
// (its top bits, indexing a directory of about one entry per 32 n-grams)
// and the 32 bits below kept sorted within the bucket, beside its
// log-probability quantised to 1/1000. A lookup is a directory read and a
// binary search of a few dozen keys; an n-gram the model lacks is taken
// for one it holds about once in 130 million lookups. The tables live
// outside Go's heap (offHeap), and the embedded files' pages are handed
// back to the kernel once read (releaseEmbedded).
//
// Tables load lazily, one language and n-gram length at a time, on first
// use, and stay loaded: scoring a long Latin-script text with trigrams
// needs the uni-, bi- and trigram tables of the 40-odd Latin-script
// languages (about 6 MB); a short text also needs the quadri- and
// fivegram tables of its contenders (see lang.go). All 327 tables (lingua lacks the longer n-grams of some
// languages) take 114 MB; loading them takes 2.7 s of CPU, mostly
// decompression, spread over all processors when a text needs many.

// logpScale is the quantisation of log-probabilities: a table keeps
// round(-ln p × logpScale), capped at the largest uint16.
const logpScale = 1000

// hashSeed hashes n-grams; tables are built in-process, so any seed works.
var hashSeed = maphash.MakeSeed()

func hashGram(s string) uint64 { return maphash.String(hashSeed, s) }

// A table is one language's model of n-grams of one length.
type table struct {
	bits uint     // bucket bits: the directory has 1<<bits buckets
	dir  []uint32 // bucket b's keys are keys[dir[b]:dir[b+1]]
	keys []uint32 // the 32 bits of each hash below its bucket bits, sorted within a bucket
	logp []uint16 // -ln p × logpScale, beside keys
}

// lookup returns the log-probability of the n-gram hashing to h, or false
// when the model does not hold it.
func (t *table) lookup(h uint64) (float64, bool) {
	if t == nil || len(t.keys) == 0 {
		return 0, false
	}
	b := h >> (64 - t.bits) // 0 when bits is 0: Go shifts by 64 to zero
	k := uint32(h >> (32 - t.bits))
	keys := t.keys[t.dir[b]:t.dir[b+1]]
	i, found := slices.BinarySearch(keys, k)
	if !found {
		return 0, false
	}
	return -float64(t.logp[int(t.dir[b])+i]) / logpScale, true
}

// size returns the bytes t takes.
func (t *table) size() int64 {
	if t == nil {
		return 0
	}
	return int64(len(t.dir))*4 + int64(len(t.keys))*4 + int64(len(t.logp))*2
}

// newTable builds a table from entries, each an n-gram's hash with its low
// 16 bits replaced by its quantised log-probability.
func newTable(entries []uint64) *table {
	bits := uint(0)
	for bits < 16 && len(entries)>>(bits+1) >= 32 { // about 32 keys a bucket
		bits++
	}
	nd, nk := 1<<bits+1, len(entries)
	mem := offHeap(4*nd + 4*nk + 2*nk)
	t := &table{
		bits: bits,
		dir:  unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), nd),
	}
	if nk == 0 {
		return t
	}
	t.keys = unsafe.Slice((*uint32)(unsafe.Pointer(&mem[4*nd])), nk)
	t.logp = unsafe.Slice((*uint16)(unsafe.Pointer(&mem[4*nd+4*nk])), nk)
	// A counting sort into buckets, then an insertion sort of each bucket
	// (a few dozen keys): several times faster than sorting the entries.
	for _, e := range entries {
		t.dir[(e>>(64-bits))+1]++
	}
	for b := 1; b < nd; b++ {
		t.dir[b] += t.dir[b-1]
	}
	next := slices.Clone(t.dir[:nd-1])
	for _, e := range entries {
		b := e >> (64 - bits)
		t.keys[next[b]] = uint32(e >> (32 - bits))
		t.logp[next[b]] = uint16(e)
		next[b]++
	}
	for b := range nd - 1 {
		keys, logp := t.keys[t.dir[b]:t.dir[b+1]], t.logp[t.dir[b]:t.dir[b+1]]
		for i := 1; i < len(keys); i++ {
			k, p := keys[i], logp[i]
			j := i
			for ; j > 0 && keys[j-1] > k; j-- {
				keys[j], logp[j] = keys[j-1], logp[j-1]
			}
			keys[j], logp[j] = k, p
		}
	}
	return t
}

// A modelSet lazily loads and keeps the tables of every language.
type modelSet struct {
	models   []languageModels // indexed by lingua.Language
	bytes    atomic.Int64     // sum of the loaded tables' sizes
	loads    atomic.Int64     // tables loaded
	loadTime atomic.Int64     // nanoseconds spent loading, summed over goroutines
	failed   atomic.Int64     // tables that could not be read (and score as empty)
}

// sharedModels is the model set of every detector in the process.
var sharedModels = sync.OnceValue(newModelSet)

type languageModels [5]struct {
	once  sync.Once
	done  atomic.Bool // set once table is loaded, for prefetch
	table *table
}

func newModelSet() *modelSet {
	return &modelSet{models: make([]languageModels, lingua.Unknown+1)}
}

// table returns l's model of n-grams of length n (1 to 5), loading it on
// first use; nil when lingua has none (Chinese has no fivegrams, say).
func (m *modelSet) table(l lingua.Language, n int) *table {
	e := &m.models[l][n-1]
	e.once.Do(func() {
		start := time.Now()
		var err error
		if e.table, err = loadTable(l, n); err != nil {
			m.failed.Add(1)
		}
		m.loadTime.Add(int64(time.Since(start)))
		if e.table != nil {
			m.bytes.Add(e.table.size())
			m.loads.Add(1)
		}
		e.done.Store(true)
	})
	return e.table
}

// prefetch loads the tables of languages for n-gram lengths orders and
// below, on all processors, before a text is scored with them: the first
// short text of a script needs those of some 40 languages.
func (m *modelSet) prefetch(languages []lingua.Language, orders []int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, l := range languages {
		for n := 1; n <= slices.Max(orders); n++ {
			if m.models[l][n-1].done.Load() {
				continue
			}
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				m.table(l, n)
			})
		}
	}
	wg.Wait()
}

// linguaModelFiles is lingua's embedded folder of zipped models,
// language-models/<iso 639-1>/<order>s.pb.bin.zip. Lingua reads it only
// through unexported functions that build its maps; we read the same
// files and build tables.
//
//go:linkname linguaModelFiles github.com/pemistahl/lingua-go.languageModels
var linguaModelFiles embed.FS

var orderNames = [5]string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

// loadTable reads lingua's model of l's n-grams of length n into a table.
func loadTable(l lingua.Language, n int) (*table, error) {
	name := fmt.Sprintf("language-models/%s/%s.pb.bin.zip", code(l), orderNames[n-1])
	f, err := linguaModelFiles.Open(name)
	if err != nil {
		return nil, nil // lingua has no such model
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return nil, errors.New("lang: lingua's embedded models cannot be read at an offset")
	}
	defer releaseEmbedded(f)
	z, err := zip.NewReader(ra, info.Size())
	if err != nil || len(z.File) != 1 {
		return nil, fmt.Errorf("lang: %s: not a zip of one file (%v)", name, err)
	}
	rc, err := z.File[0].Open()
	if err != nil {
		return nil, fmt.Errorf("lang: %s: %w", name, err)
	}
	defer rc.Close()
	entries, err := decodeModel(bufio.NewReaderSize(rc, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("lang: %s: %w", name, err)
	}
	return newTable(entries), nil
}

// decodeModel reads one of lingua's serialised models (protocol buffer
// message SerializableLanguageModel: field 3 the number of n-grams, each
// field 4 a set of n-grams, field 2, sharing a probability, field 1) and
// returns its entries for newTable.
func decodeModel(r *bufio.Reader) ([]uint64, error) {
	var entries []uint64
	var buf []byte
	for {
		tag, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return nil, err
		}
		field, wire := tag>>3, tag&7
		switch wire {
		case 0:
			v, err := binary.ReadUvarint(r)
			if err != nil {
				return nil, err
			}
			if field == 3 && entries == nil && v < 1<<26 {
				entries = make([]uint64, 0, v)
			}
		case 2:
			size, err := binary.ReadUvarint(r)
			if err != nil || size > 1<<30 {
				return nil, fmt.Errorf("bad length (%v)", err)
			}
			if uint64(cap(buf)) < size {
				buf = make([]byte, size)
			}
			buf = buf[:size]
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, err
			}
			if field == 4 {
				if entries, err = decodeSet(buf, entries); err != nil {
					return nil, err
				}
			}
		case 1:
			if _, err := r.Discard(8); err != nil {
				return nil, err
			}
		case 5:
			if _, err := r.Discard(4); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unexpected wire type %d", wire)
		}
	}
}

// decodeSet appends the entries of one SerializableNgramSet.
func decodeSet(b []byte, entries []uint64) ([]uint64, error) {
	// The probability (field 1) is written before the n-grams (field 2),
	// but the format does not promise it: find it first.
	p := math.NaN()
	if err := walkFields(b, func(field, wire uint64, v []byte) {
		if field == 1 && wire == 1 {
			p = math.Float64frombits(binary.LittleEndian.Uint64(v))
		}
	}); err != nil {
		return nil, err
	}
	if !(p > 0 && p <= 1) {
		return nil, fmt.Errorf("n-gram set with probability %v", p)
	}
	q := uint64(min(math.Round(-math.Log(p)*logpScale), math.MaxUint16))
	err := walkFields(b, func(field, wire uint64, v []byte) {
		if field == 2 && wire == 2 {
			entries = append(entries, hashGram(unsafe.String(unsafe.SliceData(v), len(v)))&^0xffff|q)
		}
	})
	return entries, err
}

// walkFields calls fn with each field of a protocol buffer message: for
// wire type 1 the 8 bytes, for 2 the contents, for 0 nil.
func walkFields(b []byte, fn func(field, wire uint64, v []byte)) error {
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad tag")
		}
		b = b[n:]
		field, wire := tag>>3, tag&7
		switch wire {
		case 0:
			_, n := binary.Uvarint(b)
			if n <= 0 {
				return errors.New("bad varint")
			}
			b = b[n:]
			fn(field, wire, nil)
		case 1:
			if len(b) < 8 {
				return errors.New("short fixed64")
			}
			fn(field, wire, b[:8])
			b = b[8:]
		case 2:
			size, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < size {
				return errors.New("bad length")
			}
			fn(field, wire, b[n:n+int(size)])
			b = b[n+int(size):]
		case 5:
			if len(b) < 4 {
				return errors.New("short fixed32")
			}
			b = b[4:]
		default:
			return fmt.Errorf("unexpected wire type %d", wire)
		}
	}
	return nil
}

// embeddedData returns the bytes of an open embedded file in place (they
// are part of the executable), or "" when embed's file type is not the one
// this was written against (TestLinguaModels fails then).
func embeddedData(f any) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	inner := v.Elem().FieldByName("f")
	if inner.Kind() != reflect.Pointer || inner.IsNil() || inner.Elem().Kind() != reflect.Struct {
		return ""
	}
	data := inner.Elem().FieldByName("data")
	if data.Kind() != reflect.String {
		return ""
	}
	return data.String()
}
