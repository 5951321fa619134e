package push

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
)

// verify answers a hub's GET: a verification of intent to subscribe or
// unsubscribe, whose challenge is echoed only when this callback's
// subscription is for that topic and expects that mode, or a denial.
func (p *Push) verify(w http.ResponseWriter, r *http.Request) error {
	const op = "push.verify"
	sub, err := p.subscription(r)
	if err != nil {
		return err
	}
	v, err := websub.ParseVerification(r.URL.Query())
	if err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "this is not a WebSub verification: " + err.Error(), Err: err}
	}
	if v.Topic != sub.Topic {
		return notOurs(op)
	}

	ctx := r.Context()
	switch v.Mode {
	case websub.ModeSubscribe:
		if sub.State != store.WebSubPending && sub.State != store.WebSubActive {
			return notOurs(op)
		}
		lease := v.Lease
		if lease == 0 {
			lease = websub.Lease // the hub must say; if it does not, assume what we asked for
		}
		err = p.Store.Update(ctx, func(tx *store.Tx) error { return tx.ActivateWebSub(ctx, sub.ID, lease) })
	case websub.ModeUnsubscribe:
		if sub.State != store.WebSubUnsubscribed {
			return notOurs(op)
		}
	case websub.ModeDenied:
		if sub.State == store.WebSubPending || sub.State == store.WebSubActive {
			note := "the hub denied the subscription"
			if v.Reason != "" {
				note += ": " + v.Reason
			}
			err = p.Store.Update(ctx, func(tx *store.Tx) error { return tx.SetWebSubState(ctx, sub.ID, store.WebSubDenied, note) })
		}
		if err != nil {
			return err
		}
		p.Log.InfoContext(ctx, "websub subscription denied", "hub", sub.Hub, "topic", sub.Topic)
		w.WriteHeader(http.StatusOK)
		return nil
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(v.Challenge))
	return nil
}
