package lang

import (
	"errors"
	"reflect"
	"sync"

	"github.com/pemistahl/lingua-go"
)

// This file is NewRefining's second, closer look at short texts.
//
// Lingua's high-accuracy mode scores a text with unigram to fivegram models
// instead of trigrams alone; below 120 letters it is markedly more accurate
// (lingua's sentences: 0.961 against 0.935), but its models for all 75
// languages take about 1 GB of heap (1.8 GB of RSS measured) and 10 to 300 ms
// to load per language. Above 120 letters lingua uses trigrams only in
// either mode.
//
// So a refining detector ranks every text with the trigram models of all
// languages and, for a short text it is unsure of, asks a high-accuracy
// detector built from only the few languages ranked first. Lingua keeps the
// models it has loaded in package-level caches that every detector shares
// and never frees, and lingua-go v1.4.0 has no call to unload them; the
// refiner reaches the caches through a detector's unexported fields
// (linguaCaches checks their shape; the refiner is switched off, not
// broken, if a future lingua changes it, and a test fails) and deletes the
// least recently used languages' extra models (never the trigrams the
// first pass needs) once their estimated size passes a budget.
//
// Why the pipeline does not use it (measured on lingua's test data, 2 cores
// shared): unbounded, re-ranking among the top 3 lifts sentences from 0.936
// to 0.955 (100 a language) but peaks at 2 GB. With a budget, every
// re-ranked text whose candidates are not loaded pays 50 to 600 ms of
// loading, which on word pairs and single words (nearly all unsure) and on
// mixed-language input is almost every text; and the RSS stays far above
// the budget: 540 to 610 MB at 64 and 128 MB budgets, because the garbage
// of each load waits for the collector and the embedded model files lingua
// reads stay mapped (up to 130 MB). Making it pay would take lingua's
// models in a compact form of our own, loaded once.

// bytesPerNgram estimates the heap one n-gram takes in lingua's models
// (a map[string]float64 entry and its string), measured with
// runtime.MemStats on German, Czech and Hungarian.
const bytesPerNgram = 64

// A refiner re-ranks short texts among a few candidate languages with
// lingua's high-accuracy models. It is safe for concurrent use.
type refiner struct {
	budget int64       // estimated bytes of extra models kept loaded
	caches []*sync.Map // lingua's unigram, bigram, quadrigram, fivegram caches

	mu     sync.Mutex
	loaded map[lingua.Language]*loadedModels
	size   int64  // sum of loaded[*].size
	clock  uint64 // counts releases, to order languages by last use
	stats  RefineStats
}

// RefineStats counts what the refiner has done since it was made.
type RefineStats struct {
	Texts     int // short texts re-ranked
	Loads     int // languages whose high-accuracy models were loaded
	Evictions int // languages whose high-accuracy models were freed
}

// loadedModels is the refiner's record of one language whose extra models
// may be in lingua's caches.
type loadedModels struct {
	size     int64  // estimated bytes, as last measured
	users    int    // rank calls in progress that need them
	lastUsed uint64 // the refiner's clock at the last release
}

// newRefiner returns a refiner that keeps about budget bytes of extra
// models loaded, or an error when lingua's caches cannot be reached.
func newRefiner(budget int64) (*refiner, error) {
	caches, err := linguaCaches()
	if err != nil {
		return nil, err
	}
	return &refiner{budget: budget, caches: caches, loaded: map[lingua.Language]*loadedModels{}}, nil
}

// rank returns lingua's high-accuracy confidence values for text among
// candidates (at least two), best first.
func (r *refiner) rank(text string, candidates []lingua.Language) []lingua.ConfidenceValue {
	r.acquire(candidates)
	defer r.release(candidates)
	// Building a detector costs microseconds; the models it uses are in
	// lingua's shared caches, loaded on first use.
	d := lingua.NewLanguageDetectorBuilder().FromLanguages(candidates...).Build()
	return d.ComputeLanguageConfidenceValues(text)
}

// acquire marks languages as in use, so that no other goroutine evicts
// their models while lingua reads them.
func (r *refiner) acquire(languages []lingua.Language) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range languages {
		m := r.loaded[l]
		if m == nil {
			m = &loadedModels{}
			r.loaded[l] = m
		}
		m.users++
	}
}

// release ends a use of languages, records how much their models now take
// and evicts the least recently used idle languages while over budget.
func (r *refiner) release(languages []lingua.Language) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clock++
	r.stats.Texts++
	for _, l := range languages {
		m := r.loaded[l]
		m.users--
		m.lastUsed = r.clock
		size := r.measure(l)
		if m.size == 0 && size > 0 {
			r.stats.Loads++
		}
		r.size += size - m.size
		m.size = size
	}
	for r.size > r.budget {
		var victim lingua.Language
		var oldest *loadedModels
		for l, m := range r.loaded {
			if m.users == 0 && (oldest == nil || m.lastUsed < oldest.lastUsed) {
				victim, oldest = l, m
			}
		}
		if oldest == nil {
			return // everything loaded is in use; the budget is exceeded until released
		}
		for _, c := range r.caches {
			c.Delete(victim)
		}
		r.size -= oldest.size
		delete(r.loaded, victim)
		r.stats.Evictions++
	}
}

// measure estimates the bytes of l's extra models now in lingua's caches.
func (r *refiner) measure(l lingua.Language) int64 {
	var n int
	for _, c := range r.caches {
		if v, ok := c.Load(l); ok {
			if m, ok := v.(map[string]float64); ok {
				n += len(m)
			}
		}
	}
	return int64(n) * bytesPerNgram
}

// linguaCaches returns lingua's package-level caches of unigram, bigram,
// quadrigram and fivegram models. Every lingua detector holds pointers to
// the same caches; their values map a Language to a map[string]float64.
func linguaCaches() ([]*sync.Map, error) {
	probe := lingua.NewLanguageDetectorBuilder().FromLanguages(lingua.English, lingua.German).Build()
	v := reflect.ValueOf(probe)
	if v.Kind() != reflect.Struct {
		return nil, errors.New("lang: lingua's detector is no longer a struct; high-accuracy refinement is off")
	}
	var caches []*sync.Map
	for _, name := range []string{"unigramLanguageModels", "bigramLanguageModels", "quadrigramLanguageModels", "fivegramLanguageModels"} {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Type() != reflect.TypeFor[*sync.Map]() || f.IsNil() {
			return nil, errors.New("lang: lingua's detector has no " + name + " cache; high-accuracy refinement is off")
		}
		caches = append(caches, (*sync.Map)(f.UnsafePointer()))
	}
	return caches, nil
}

// RefineStats returns what NewRefining's refiner has done so far; zero for
// a detector without one.
func (l *Lingua) RefineStats() RefineStats {
	if l.refine == nil {
		return RefineStats{}
	}
	l.refine.mu.Lock()
	defer l.refine.mu.Unlock()
	return l.refine.stats
}
