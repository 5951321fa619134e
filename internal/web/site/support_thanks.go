package site

import (
	"net/http"

	"beatdesk"
)

// supportThanks is where Stripe sends a reader back after paying. The
// address proves nothing (anyone can open it), so it only thanks them:
// the membership itself starts when Stripe's signed webhook says so.
func (p *Payments) supportThanks(w http.ResponseWriter, r *http.Request) error {
	m, err := p.reader(r)
	if err != nil {
		return err
	}
	msg := message{Heading: "Thank you", Text: "Thank you for supporting our work. Stripe will email you a receipt."}
	switch {
	case beatdesk.CanSeeMemberSections(m.Level):
		msg.Text = "Thank you: you are a member, and every article's full analysis is open to you."
	case m.ID != 0:
		msg.Text = "Thank you. If you became a member, your membership starts as soon as Stripe confirms the payment, " +
			"usually within a few seconds: reload any article to read the full analysis."
	}
	return p.Render(w, r, http.StatusOK, "site/message", "Thank you", msg)
}
