package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"beatdesk"
)

// Errors adapts a handler that returns an error into an http.Handler. It
// is the one place errors become responses: each kind maps to one status,
// the page shows beatdesk.Message(err) (never the detail), and only
// errors of no known kind, the unexpected ones, are logged.
func (v *views) Errors(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return // the reader left; nobody is there to answer or to worry
		}
		status := statusOf(err)
		if status == http.StatusInternalServerError {
			v.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		v.errorPage(w, r, status, beatdesk.Message(err))
	})
}

// statusOf maps an error's kind to an HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, beatdesk.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, beatdesk.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, beatdesk.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, beatdesk.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, beatdesk.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type errorData struct {
	Status  int
	Heading string
	Message string
	Home    string // where "back to safety" leads
}

func (v *views) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasSuffix(r.URL.Path, ".json") {
		// A program asked: answer in its language.
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(struct {
			Status int    `json:"status"`
			Error  string `json:"error"`
		}{status, msg})
		return
	}
	desk := strings.HasPrefix(r.URL.Path, "/desk/")
	d := errorData{Status: status, Heading: http.StatusText(status), Message: msg, Home: "/"}
	if desk {
		d.Home = "/desk/"
	}
	switch status {
	case http.StatusNotFound:
		d.Heading = "Page not found"
	case http.StatusInternalServerError:
		d.Heading = "Something went wrong"
	}
	if err := v.render(w, r, status, "error", page{Title: d.Heading, Desk: desk, Data: d}); err != nil {
		// The error page itself failed: fall back to plain text.
		v.log.ErrorContext(r.Context(), "rendering the error page failed", "err", err, slog.Int("status", status))
		http.Error(w, msg, status)
	}
}
