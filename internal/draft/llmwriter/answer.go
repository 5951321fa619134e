package llmwriter

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// schema is the article's shape as the model must give it. Strict-mode
// providers need every property listed as required and no others allowed.
const schema = `{
  "type": "object",
  "additionalProperties": false,
  "required": ["headline", "dek", "sections"],
  "properties": {
    "headline": {"type": "string"},
    "dek": {
      "type": "object",
      "additionalProperties": false,
      "required": ["text", "sources", "support"],
      "properties": {
        "text": {"type": "string"},
        "sources": {"type": "array", "items": {"type": "integer"}},
        "support": {"type": "string"}
      }
    },
    "sections": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "members_only", "claims"],
        "properties": {
          "title": {"type": "string"},
          "members_only": {"type": "boolean"},
          "claims": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": ["text", "sources", "support"],
              "properties": {
                "text": {"type": "string"},
                "sources": {"type": "array", "items": {"type": "integer"}},
                "support": {"type": "string"}
              }
            }
          }
        }
      }
    }
  }
}`

// answer is the model's article.
type answer struct {
	Headline string    `json:"headline"`
	Dek      claim     `json:"dek"`
	Sections []section `json:"sections"`
}

type section struct {
	Title       string  `json:"title"`
	MembersOnly bool    `json:"members_only"`
	Claims      []claim `json:"claims"`
}

// claim is one or two sentences with the sources that state them and the
// words of the first source that back them.
type claim struct {
	Text    string `json:"text"`
	Sources []int  `json:"sources"`
	Support string `json:"support"`
}

// minSections is the fewest sections an article may have.
const minSections = 3

// parse reads the model's answer and checks its structure: what the
// schema says, and what it cannot (enough sections, every claim citing
// sources that exist). It does not judge whether the sources support the
// claims: that is the citation verifier's job, which runs on every draft,
// so that a claim the sources do not back is shown to an editor, not
// silently retried away. Its errors are written for the model to correct.
func parse(text string, nSources int) (answer, error) {
	var a answer
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return answer{}, fmt.Errorf("the answer is not the JSON object the schema describes (%v)", err)
	}
	var problems []string
	if strings.TrimSpace(a.Headline) == "" {
		problems = append(problems, "the headline is empty")
	}
	if strings.TrimSpace(a.Dek.Text) == "" {
		problems = append(problems, "the dek is empty")
	}
	problems = append(problems, checkSources("the dek", a.Dek, nSources)...)
	if len(a.Sections) < minSections {
		problems = append(problems, fmt.Sprintf("there are %d sections; write at least %d", len(a.Sections), minSections))
	}
	for i, s := range a.Sections {
		if strings.TrimSpace(s.Title) == "" {
			problems = append(problems, fmt.Sprintf("section %d has no title", i+1))
		}
		if len(s.Claims) == 0 {
			problems = append(problems, fmt.Sprintf("section %d (%q) has no claims", i+1, s.Title))
		}
		for j, c := range s.Claims {
			what := fmt.Sprintf("claim %d of section %d", j+1, i+1)
			if strings.TrimSpace(c.Text) == "" {
				problems = append(problems, what+" is empty")
			}
			problems = append(problems, checkSources(what, c, nSources)...)
		}
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], fmt.Sprintf("and %d more problems", len(problems)-5))
		}
		return a, errors.New(strings.Join(problems, "; "))
	}
	return a, nil
}

// checkSources says what is wrong with a claim's source numbers.
func checkSources(what string, c claim, nSources int) []string {
	if len(c.Sources) == 0 {
		return []string{fmt.Sprintf("%s (%q) cites no source", what, short(c.Text))}
	}
	var problems []string
	for _, n := range c.Sources {
		if n < 1 || n > nSources {
			problems = append(problems, fmt.Sprintf("%s cites source %d; the sources are numbered 1 to %d", what, n, nSources))
		}
	}
	return problems
}

func short(s string) string { return clip(s, 60) }

// clip cuts s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
