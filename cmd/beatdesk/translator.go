package main

import (
	"context"
	"log/slog"

	"beatdesk/internal/translate"
	"beatdesk/internal/translate/apertium"
)

// translator returns the local Apertium when it is installed, or nil: then
// quotes in other languages are labelled untranslated. Which one it is
// goes to the log once, so an operator knows why quotes carry no English.
func translator(ctx context.Context, log *slog.Logger) translate.Translator {
	a, err := apertium.New(ctx)
	if err != nil {
		log.Info("no translation engine; quotes in other languages will be labelled untranslated", "reason", err)
		return nil
	}
	log.Info("translating quotes with Apertium", "engine", a.Name())
	return a
}
