package beatdesk

import (
	"errors"
	"fmt"
)

// The closed list of error kinds. Callers branch on them with errors.Is; the
// web layer maps each to one HTTP status.
var (
	ErrNotFound    = errors.New("not found")
	ErrInvalid     = errors.New("invalid")
	ErrConflict    = errors.New("conflict")
	ErrForbidden   = errors.New("forbidden")
	ErrUnavailable = errors.New("unavailable")
)

// Error carries a kind, the operation that failed, a message safe to show a
// person (it says what was wrong and what to do), and the underlying cause
// for the log.
type Error struct {
	Kind error  // one of the Err* kinds above
	Op   string // e.g. "store.CreateSource"
	Msg  string // safe for users
	Err  error  // cause, for the log; may be nil
}

func (e *Error) Error() string {
	s := e.Op
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is reports whether target is this error's kind.
func (e *Error) Is(target error) bool { return e.Kind == target }

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error of the given kind with a user-safe message.
func Errorf(kind error, op, format string, args ...any) error {
	return &Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)}
}

// Message returns the user-safe message of err, or a generic sentence when
// err carries none (so internal detail never reaches a page).
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return "Not found."
	case errors.Is(err, ErrForbidden):
		return "You are not allowed to do that."
	case errors.Is(err, ErrInvalid):
		return "The request was not valid."
	case errors.Is(err, ErrConflict):
		return "That conflicts with the current state; reload and try again."
	}
	return "Something went wrong on our side; it has been logged."
}
