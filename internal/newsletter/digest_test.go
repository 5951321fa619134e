package newsletter

import (
	"errors"
	"strings"
	"testing"
	"time"

	"beatdesk"
)

const membersOnly = "Only members read that the plaza bosses have split over 1,340 families"

var site = Site{Name: "The Test Desk", BaseURL: "https://news.example/", Personas: []beatdesk.Persona{{Slug: "valeria", Name: "Valeria Test"}}}

func sample() beatdesk.Draft {
	return beatdesk.Draft{
		ID: 7, PersonaSlug: "valeria", Region: "latin-america", Slug: "sinaloa-families",
		Headline:    "Sinaloa violence drives 1,340 families from their homes",
		Dek:         "El Vigía reports that 1,340 families fled Culiacán in October [1].",
		PublishedAt: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{"El Vigía reported on 3 November that 1,340 families left <b>Culiacán</b> [1]."}},
			{Title: "What the split means", MembersOnly: true, Paragraphs: []string{membersOnly + " [1]."}},
		},
		Citations: []beatdesk.Citation{{N: 1, Outlet: "El Vigía", Title: "Familias huyen", URL: "https://elvigia.example/familias"}},
	}
}

// TestDigestGate: a subscriber's digest has the public part and the
// source links but not one word of the members-only section, in either
// body; a member's has both; the headers are there for both.
func TestDigestGate(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	issue := Issue{ID: 3, Kind: Daily, PeriodStart: time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC),
		PeriodEnd: time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		level   string
		members bool
	}{{beatdesk.LevelSubscriber, false}, {beatdesk.LevelMember, true}} {
		reader := beatdesk.Member{ID: 42, Email: "ann@example.org", Level: tc.level}
		m, err := Message(site, key, issue, []beatdesk.Draft{sample()}, reader)
		if err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"text": m.Body, "html": m.HTML} {
			if got := strings.Contains(body, "plaza bosses have split"); got != tc.members {
				t.Errorf("%s, %s body: members-only text present %v, want %v", tc.level, name, got, tc.members)
			}
			for _, want := range []string{"Sinaloa violence drives", "What happened", "https://elvigia.example/familias",
				"https://news.example/article/sinaloa-families", "/newsletter/unsubscribe/", "/newsletter/preferences/"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s, %s body lacks %q", tc.level, name, want)
				}
			}
			if !tc.members && !strings.Contains(body, "continues for members") {
				t.Errorf("%s, %s body does not say the analysis continues for members", tc.level, name)
			}
		}
		if strings.Contains(m.HTML, "<b>Culiacán</b>") {
			t.Error("markup in an article's text reached the HTML unescaped")
		}
		if m.Subject != "The Test Desk daily, 25 November 2026: Sinaloa violence drives 1,340 families from their homes" {
			t.Errorf("subject %q", m.Subject)
		}
		if m.Headers["Message-ID"] != "<digest-3-42@news.example>" || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" ||
			!strings.HasPrefix(m.Headers["List-Unsubscribe"], "<https://news.example/newsletter/unsubscribe/") {
			t.Errorf("headers %v", m.Headers)
		}
		// The unsubscribe link leaves the daily, for this reader only.
		u := strings.TrimSuffix(strings.TrimPrefix(m.Headers["List-Unsubscribe"], "<https://news.example/newsletter/unsubscribe/"), ">")
		tok, err := Read(key, u)
		if err != nil || tok != (Token{MemberID: 42, Action: ActUnsubscribe, List: "daily"}) {
			t.Errorf("unsubscribe token %+v, %v", tok, err)
		}
	}
}

// TestTokens: a token reads back; an altered one, or one signed with
// another key, is refused.
func TestTokens(t *testing.T) {
	key, other := []byte("key one, thirty-two bytes long.."), []byte("key two, thirty-two bytes long..")
	tok := Token{MemberID: 9, Action: ActUnsubscribe, List: "weekly:valeria-test"}
	s := Sign(key, tok)
	if got, err := Read(key, s); err != nil || got != tok {
		t.Fatalf("Read(Sign(%+v)) = %+v, %v", tok, got, err)
	}
	forged := Sign(key, Token{MemberID: 10, Action: ActUnsubscribe, List: "daily"})
	enc, _, _ := strings.Cut(forged, ".")
	_, sig, _ := strings.Cut(s, ".")
	for name, bad := range map[string]string{
		"other key":        Sign(other, tok),
		"swapped payload":  enc + "." + sig,
		"truncated":        s[:len(s)-3],
		"no signature":     enc,
		"empty":            "",
		"bad list":         Sign(key, Token{MemberID: 9, Action: ActUnsubscribe, List: "weekly:../x"}),
		"unknown action":   Sign(key, Token{MemberID: 9, Action: "x"}),
		"not a reader id":  Sign(key, Token{MemberID: 0, Action: ActPreferences}),
		"garbage encoding": "!!!." + sig,
	} {
		if _, err := Read(key, bad); !errors.Is(err, beatdesk.ErrForbidden) {
			t.Errorf("%s: err %v, want ErrForbidden", name, err)
		}
	}
}

// TestDigestHeadersAreASCII: a site on an internationalised domain still
// gets header fields a mail server accepts.
func TestDigestHeadersAreASCII(t *testing.T) {
	idn := Site{Name: "Noticias", BaseURL: "https://noticías.example", Personas: site.Personas}
	issue := Issue{ID: 1, Kind: Weekly, Beat: "valeria", PeriodStart: time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC),
		PeriodEnd: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	m, err := Message(idn, []byte("k"), issue, []beatdesk.Draft{sample()}, beatdesk.Member{ID: 5, Email: "a@example.org", Level: beatdesk.LevelSubscriber})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range m.Headers {
		for _, r := range v {
			if r >= 0x80 {
				t.Errorf("header %s %q is not ASCII", k, v)
				break
			}
		}
	}
	if m.Headers["Message-ID"] != "<digest-1-5@xn--noticas-cza.example>" || !strings.Contains(m.Headers["List-Unsubscribe"], "https://xn--noticas-cza.example/newsletter/unsubscribe/") {
		t.Errorf("headers %v", m.Headers)
	}
	if !strings.HasPrefix(m.Subject, "Valeria Test's week on Noticias, to 23 November 2026: Sinaloa") {
		t.Errorf("weekly subject %q", m.Subject)
	}
}
