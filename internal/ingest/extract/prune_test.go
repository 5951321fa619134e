package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPrune(t *testing.T) {
	page := `<html><head><script>var x = 1;</script><script type="application/ld+json">{"datePublished":"2022-01-02"}</script><style>p{}</style></head>
<body><nav>Menu</nav><!-- ad slot --><form><input value="q"><button>Search</button><p>Form page text</p></form>
<article><p>Story text</p><svg><text>icon</text></svg><footer>By A. Writer, 2 January 2022</footer><aside>Fact box</aside></article>
<aside>Most read</aside><table><colgroup><col></colgroup><tr><td>cell</td></tr></table><footer>Imprint</footer>
<script type="application/json">{"createdAt":"2022-01-02"}</script></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	prune(doc)
	var b strings.Builder
	html.Render(&b, doc)
	out := b.String()
	for _, gone := range []string{"var x", "p{}", "Menu", "ad slot", "<input", "<button", "icon", "Most read", "Imprint", "<col"} {
		if strings.Contains(out, gone) {
			t.Errorf("prune kept %q", gone)
		}
	}
	for _, kept := range []string{`"datePublished"`, `"createdAt"`, "Form page text", "Story text", "By A. Writer", "Fact box", "cell"} {
		if !strings.Contains(out, kept) {
			t.Errorf("prune removed %q", kept)
		}
	}
}
