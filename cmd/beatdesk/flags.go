package main

import (
	"errors"
	"flag"
	"os"
	"strings"
)

func getenv(k string) string { return os.Getenv(k) }

func isHelp(err error) bool {
	return errors.Is(err, flag.ErrHelp) || strings.Contains(err.Error(), flag.ErrHelp.Error())
}
