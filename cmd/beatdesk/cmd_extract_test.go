package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extractTestPage = `<!DOCTYPE html>
<html lang="es-MX"><head><meta charset="utf-8">
<title>Sube el precio del maíz en Sinaloa</title>
<meta property="article:published_time" content="2026-03-02T09:15:00-06:00">
</head><body>
<nav><a href="/">Inicio</a> <a href="/economia">Economía</a></nav>
<article><h1>Sube el precio del maíz en Sinaloa</h1>
<p>El precio de la tonelada de maíz blanco subió 7 por ciento en la última semana de febrero en los centros de acopio de Sinaloa, según la asociación estatal de productores, que atribuyó el alza a la sequía.</p>
<p>Los productores pidieron al gobierno federal un precio de garantía de 7,200 pesos por tonelada y advirtieron que la cosecha de otoño-invierno podría caer un tercio respecto al año anterior.</p>
<p>La Secretaría de Agricultura dijo que revisará los apoyos y que publicará nuevas reglas de operación antes del 31 de marzo.</p>
</article>
<footer>© 2026 Diario del Valle</footer>
</body></html>`

func TestRunExtract(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "maiz.html")
	if err := os.WriteFile(plain, []byte(extractTestPage), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(extractTestPage))
	zw.Close()
	zipped := filepath.Join(dir, "maiz.html.gz")
	if err := os.WriteFile(zipped, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "nav.html")
	os.WriteFile(empty, []byte(`<html><body><nav><a href="/">Inicio</a></nav></body></html>`), 0o644)
	missing := filepath.Join(dir, "missing.html")

	var stdout, stderr bytes.Buffer
	err := runExtract([]string{"--url", "https://diario.example/economia/maiz", plain, zipped, "-", empty, missing},
		strings.NewReader(extractTestPage), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "2 of 5 files failed") {
		t.Errorf("err = %v, want 2 of 5 failed", err)
	}

	var lines []map[string]string
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]string
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 5:\n%s", len(lines), stdout.String())
	}
	for i, name := range []string{plain, zipped, "-"} {
		l := lines[i]
		if l["file"] != name || l["title"] != "Sube el precio del maíz en Sinaloa" || l["language"] != "es" ||
			l["published"] != "2026-03-02T15:15:00Z" || l["error"] != "" {
			t.Errorf("line %d = %v", i, l)
		}
		if !strings.Contains(l["text"], "subió 7 por ciento") || !strings.Contains(l["text"], "\n\n") || strings.Contains(l["text"], "Inicio") {
			t.Errorf("line %d text = %q", i, l["text"])
		}
		for _, k := range []string{"file", "title", "text", "published", "language"} {
			if _, ok := l[k]; !ok {
				t.Errorf("line %d lacks %q", i, k)
			}
		}
	}
	if l := lines[3]; l["file"] != empty || !strings.Contains(l["error"], "no main text found") {
		t.Errorf("empty page line = %v", l)
	}
	if l := lines[4]; l["file"] != missing || !strings.Contains(l["error"], "no such file") {
		t.Errorf("missing file line = %v", l)
	}
}

func TestRunExtractUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := runExtract(nil, strings.NewReader(""), &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "no files given") {
		t.Errorf("no args: err = %v", err)
	}
	if !strings.Contains(stderr.String(), "usage: beatdesk extract") {
		t.Errorf("no usage on stderr: %q", stderr.String())
	}
	if err := runExtract([]string{"--bogus"}, strings.NewReader(""), &stdout, &stderr); err == nil {
		t.Error("unknown flag accepted")
	}
	if err := runExtract([]string{"-h"}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Errorf("-h: %v", err)
	}
	// Standard input can be read only once.
	stdout.Reset()
	err := runExtract([]string{"-", "-"}, strings.NewReader(extractTestPage), &stdout, &stderr)
	if err == nil || !strings.Contains(stdout.String(), "already read") {
		t.Errorf("second -: err %v, out %s", err, stdout.String())
	}
}
