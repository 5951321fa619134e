package lang

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/pemistahl/lingua-go"
)

// TestDecodeModel builds a serialised model by hand (two n-gram sets and
// fields the decoder must skip) and checks every n-gram is found with its
// log-probability and others are not.
func TestDecodeModel(t *testing.T) {
	set := func(p float64, grams ...string) []byte {
		var b []byte
		for _, g := range grams { // n-grams first: the decoder must not rely on the order
			b = binary.AppendUvarint(b, 2<<3|2)
			b = binary.AppendUvarint(b, uint64(len(g)))
			b = append(b, g...)
		}
		b = binary.AppendUvarint(b, 1<<3|1)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
	}
	var msg []byte
	msg = binary.AppendUvarint(msg, 1<<3|0) // language
	msg = binary.AppendUvarint(msg, 17)
	msg = binary.AppendUvarint(msg, 3<<3|0) // total n-grams
	msg = binary.AppendUvarint(msg, 3)
	for _, s := range [][]byte{set(0.25, "ab", "çé"), set(1, "zz")} {
		msg = binary.AppendUvarint(msg, 4<<3|2)
		msg = binary.AppendUvarint(msg, uint64(len(s)))
		msg = append(msg, s...)
	}
	entries, err := decodeModel(bufio.NewReader(bytes.NewReader(msg)))
	if err != nil {
		t.Fatal(err)
	}
	tb := newTable(entries)
	for g, want := range map[string]float64{"ab": math.Log(0.25), "çé": math.Log(0.25), "zz": 0} {
		got, ok := tb.lookup(hashGram(g))
		if !ok || math.Abs(got-want) > 0.5/logpScale {
			t.Errorf("lookup(%q) = %v, %v; want %v", g, got, ok, want)
		}
	}
	for _, g := range []string{"a", "ba", "abc", ""} {
		if _, ok := tb.lookup(hashGram(g)); ok {
			t.Errorf("lookup(%q) found an n-gram the model lacks", g)
		}
	}
	if _, err := decodeModel(bufio.NewReader(bytes.NewReader(msg[:len(msg)-3]))); err == nil {
		t.Error("decodeModel accepted a truncated model")
	}
}

// TestTableBuckets fills a table large enough to have many buckets and
// checks each key is found and near misses are not.
func TestTableBuckets(t *testing.T) {
	var entries []uint64
	var grams []string
	for i := range 20000 {
		g := string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
		if i >= 26*26*26 {
			g += "x"
		}
		grams = append(grams, g)
		entries = append(entries, hashGram(g)&^0xffff|uint64(i%1000))
	}
	tb := newTable(entries)
	if tb.bits < 8 {
		t.Errorf("%d bucket bits for 20,000 keys, want about 9", tb.bits)
	}
	for i, g := range grams {
		if got, ok := tb.lookup(hashGram(g)); !ok || got != -float64(i%1000)/logpScale {
			t.Fatalf("lookup(%q) = %v, %v; want %v", g, got, ok, -float64(i%1000)/logpScale)
		}
		if _, ok := tb.lookup(hashGram(g + "q")); ok {
			t.Fatalf("lookup(%qq) found a key never added", g)
		}
	}
}

// TestLinguaModels reads lingua's embedded models: it fails when a new
// lingua-go or Go moves them out of reach.
func TestLinguaModels(t *testing.T) {
	if zipOf(lingua.German, 5) == "" {
		t.Fatal("lingua's embedded fivegrams of German are out of reach (embed's layout changed?)")
	}
	m := newModelSet()
	de := m.table(lingua.German, 3)
	if de == nil || len(de.keys) < 10000 {
		t.Fatalf("German trigram table %v; want lingua's ~19,000 trigrams", de)
	}
	if lp, ok := de.lookup(hashGram("sch")); !ok || lp < -6 || lp > 0 {
		t.Errorf("German 'sch': %v, %v; want a common trigram", lp, ok)
	}
	if _, ok := de.lookup(hashGram("qxq")); ok {
		t.Error("German 'qxq' found")
	}
	if m.failed.Load() != 0 {
		t.Error("a table of lingua's failed to load")
	}
	if m.table(lingua.Chinese, 5) != nil {
		t.Error("a fivegram table for Chinese, which lingua has none of")
	}
	if tables, bytes := m.loads.Load(), m.bytes.Load(); tables != 1 || bytes < 6*int64(len(de.keys)) {
		t.Errorf("%d tables, %d bytes loaded; want 1 (Chinese has no fivegrams) of 6 bytes an n-gram", tables, bytes)
	}
}

func TestLinguaCaches(t *testing.T) {
	caches, err := linguaCaches()
	if err != nil {
		t.Fatal(err)
	}
	if len(caches) != 5 {
		t.Fatalf("found %d caches, want lingua's five", len(caches))
	}
}

func TestSplitWords(t *testing.T) {
	got := splitWords("l'été, 2024: abc漢字 漢字ok — ну")
	want := []string{"l", "été", "abc漢字", "漢", "字", "ok", "ну"}
	if len(got) != len(want) {
		t.Fatalf("splitWords = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("splitWords = %q, want %q", got, want)
		}
	}
}

// zipOf returns an embedded model file's bytes in place, as releaseEmbedded
// finds them.
func zipOf(l lingua.Language, n int) string {
	f, err := linguaModelFiles.Open(fmt.Sprintf("language-models/%s/%s.pb.bin.zip", code(l), orderNames[n-1]))
	if err != nil {
		return ""
	}
	defer f.Close()
	return embeddedData(f)
}
