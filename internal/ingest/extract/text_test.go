package extract

import (
	"strings"
	"testing"
)

func TestCountWords(t *testing.T) {
	for in, want := range map[string]int{
		"":                   0,
		"  one two\tthree\n": 3,
		"Grüße aus Köln":     3,
		"子どもへの虐待":            7, // one word a character
		"iPhone 14 发布":       4,
		"서울에서 열린 회의":         3, // Korean puts spaces between words
		"— · ***":            3,
	} {
		if got := countWords(in); got != want {
			t.Errorf("countWords(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestToUTF8LateCharset: a GB2312 page whose <meta charset> comes after
// more than the standard's 1024-byte prescan, as in archived copies.
func TestToUTF8LateCharset(t *testing.T) {
	gb := []byte{0xd6, 0xd0, 0xce, 0xc4} // 中文 in GB2312
	page := append([]byte("<html><head><script>"+strings.Repeat("var a = 1;\n", 300)+"</script>"+
		`<meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>`), gb...)
	page = append(page, "</p></body></html>"...)
	if got := string(toUTF8(page)); !strings.Contains(got, "中文") {
		t.Errorf("the late gb2312 declaration was not used: %q", got[len(got)-40:])
	}
}
