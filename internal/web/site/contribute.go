package site

import (
	"net/http"

	"beatdesk/internal/payments"
)

// contribute sends a reader to Stripe Checkout to give the amount they
// chose, once. Anyone may contribute; a signed-in reader's contribution
// is recorded as theirs.
func (p *Payments) contribute(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	amount, err := payments.ParseAmount(r.PostFormValue("amount"), p.Stripe.Currency())
	if err != nil {
		return err
	}
	m, err := p.reader(r)
	if err != nil {
		return err
	}
	payer, err := p.payer(ctx, m)
	if err != nil {
		return err
	}
	to, err := p.Stripe.CheckoutContribution(ctx, payer, amount, p.returns())
	if err != nil {
		return err
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
