package beatdesk

import (
	"net/mail"
	"strings"
	"time"
)

// A User is a member of the newsroom staff who signs in to the desk.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string // RoleAdmin, RoleEditor, RoleViewer
	PasswordHash string // argon2id, PHC string format
	CreatedAt    time.Time
}

// Desk roles. A viewer reads the desk but changes nothing; an editor
// edits, sends back, approves, publishes and corrects drafts; an admin
// also manages the desk's users.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	RoleViewer = "viewer"
)

// CheckRole returns ErrInvalid unless role is one of the desk roles.
func CheckRole(role string) error {
	switch role {
	case RoleAdmin, RoleEditor, RoleViewer:
		return nil
	}
	return Errorf(ErrInvalid, "CheckRole", "role %q is not one of admin, editor, viewer", role)
}

// CanEdit reports whether u may change drafts and articles.
func (u User) CanEdit() bool { return u.Role == RoleAdmin || u.Role == RoleEditor }

// CanManageUsers reports whether u may change other users' roles.
func (u User) CanManageUsers() bool { return u.Role == RoleAdmin }

// A Member is a reader with an account: a newsletter subscriber (free;
// unlocks direct source links) or a paying member (unlocks the members-only
// continuation).
type Member struct {
	ID          int64
	Email       string
	Level       string // LevelSubscriber, LevelMember
	ConfirmedAt time.Time
	CreatedAt   time.Time
}

// Reader levels. A reader with no account is anonymous.
const (
	LevelAnonymous  = ""
	LevelSubscriber = "subscriber"
	LevelMember     = "member"
)

// CanSeeSourceLinks reports whether a reader at level sees direct source links.
func CanSeeSourceLinks(level string) bool {
	return level == LevelSubscriber || level == LevelMember
}

// CanSeeMemberSections reports whether a reader at level sees the
// members-only continuation. This is the gate; every surface asks it.
func CanSeeMemberSections(level string) bool { return level == LevelMember }

// NormaliseEmail checks an address and returns it trimmed and lower-cased.
func NormaliseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return "", Errorf(ErrInvalid, "NormaliseEmail", "%q is not an email address; write it as name@example.org", s)
	}
	return s, nil
}

// A Mail is a message the newsroom sends; by default it is written to the
// log and the desk's outbox.
type Mail struct {
	ID      int64
	To      string
	Subject string
	Body    string // plain text; always sent
	HTML    string // optional HTML alternative of Body
	// Headers are extra header fields, such as Message-ID (with its angle
	// brackets) or List-Unsubscribe; values must be ASCII on one line.
	Headers map[string]string
	SentAt  time.Time
}
