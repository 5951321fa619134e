package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
)

//go:embed static
var staticEmbed embed.FS

// stylesheet is the stylesheet's URL with a hash of its content, so
// browsers may cache it for a long time and still see a new version.
var stylesheet = func() string {
	b, err := staticEmbed.ReadFile("static/style.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "/static/style.css?v=" + hex.EncodeToString(sum[:6])
}()

func staticFiles() http.Handler {
	sub, err := fs.Sub(staticEmbed, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
