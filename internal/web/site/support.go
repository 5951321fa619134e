package site

import (
	"net/http"
	"strings"
	"time"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
)

// supportPage is what the "Support our work" page shows.
type supportPage struct {
	Plans     []string // payments.Monthly, payments.Yearly, as offered
	SignedIn  bool
	IsMember  bool
	RenewsOn  time.Time // end of the member's current period, when known
	Currency  string    // upper case, e.g. "USD"
	Min, Max  string    // contribution bounds, e.g. "3.00 USD"
	Suggested []string  // amounts offered with one click, e.g. "10"
}

// support shows the membership plans and the one-time contribution form.
func (p *Payments) support(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := p.reader(r)
	if err != nil {
		return err
	}
	cur := p.Stripe.Currency()
	lo, hi := payments.Bounds(cur)
	data := supportPage{
		Plans: p.Stripe.Plans(), SignedIn: m.ID != 0, IsMember: beatdesk.CanSeeMemberSections(m.Level),
		Currency: strings.ToUpper(cur), Min: payments.FormatAmount(lo, cur), Max: payments.FormatAmount(hi, cur),
		Suggested: []string{"5", "10", "25", "50"},
	}
	if lo != 300 {
		data.Suggested = nil // whole-unit currencies such as yen: 5 or 10 would be too little
	}
	if data.IsMember {
		err := p.Store.View(ctx, func(tx *store.Tx) error {
			ms, err := tx.Memberships(ctx, m.ID)
			for _, ms := range ms {
				if ms.Grants(tx.Now, payments.Grace) && ms.PeriodEnd.After(data.RenewsOn) {
					data.RenewsOn = ms.PeriodEnd
				}
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	return p.Render(w, r, http.StatusOK, "site/support", "Support our work", data)
}
