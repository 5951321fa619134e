package site

import (
	"net/http"

	"beatdesk"
)

// membershipCheckout sends a signed-in reader to Stripe Checkout for a
// monthly or yearly membership. A reader who is not signed in is sent to
// sign in first and brought back, so the membership is theirs; a reader
// who is a member already is told so rather than charged twice.
func (p *Payments) membershipCheckout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := p.reader(r)
	if err != nil {
		return err
	}
	if m.ID == 0 {
		http.Redirect(w, r, "/signin?next=/support", http.StatusSeeOther)
		return nil
	}
	if beatdesk.CanSeeMemberSections(m.Level) {
		return beatdesk.Errorf(beatdesk.ErrConflict, "site.membershipCheckout", "you are a member already; thank you")
	}
	payer, err := p.payer(ctx, m)
	if err != nil {
		return err
	}
	to, err := p.Stripe.CheckoutMembership(ctx, payer, r.PostFormValue("plan"), p.returns())
	if err != nil {
		return err
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
