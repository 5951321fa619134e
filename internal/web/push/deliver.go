package push

import (
	"errors"
	"io"
	"net/http"

	"beatdesk"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
)

// deliver receives a hub's POST of new content. A delivery is processed
// only when the subscription is current, the body's signature is right,
// and it could be a feed; otherwise it is ignored, counted on the
// subscription with the reason, and answered the same 202 as one that
// was processed. Only a failure on our side (the database) is an error,
// so the hub sends it again.
func (p *Push) deliver(w http.ResponseWriter, r *http.Request) error {
	sub, err := p.subscription(r)
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			http.Error(w, "a delivery may be at most 4 MiB", http.StatusRequestEntityTooLarge)
			return nil
		}
		return &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: "push.deliver", Msg: "the delivery could not be read", Err: err}
	}

	ctx := r.Context()
	signature := r.Header.Get("X-Hub-Signature")
	why := ""
	switch {
	case sub.State != store.WebSubPending && sub.State != store.WebSubActive:
		why = "a delivery to a subscription that is " + sub.State + " was ignored"
	case signature == "":
		why = "a delivery without a signature was ignored"
	case !websub.VerifySignature(sub.Secret, signature, body):
		why = "a delivery with a wrong signature was ignored"
	case !websub.LooksLikeFeed(r.Header.Get("Content-Type")):
		why = "a delivery whose content type is not a feed's was ignored"
	default:
		n, err := p.Deliver(ctx, sub, body)
		switch {
		case errors.Is(err, beatdesk.ErrInvalid):
			why = "a delivery that is not a feed was ignored: " + beatdesk.Message(err)
		case err != nil:
			return err
		default:
			p.Log.DebugContext(ctx, "websub delivery", "topic", sub.Topic, "new_items", n)
		}
	}
	if why != "" {
		p.Log.InfoContext(ctx, "websub delivery ignored", "topic", sub.Topic, "why", why)
		err := p.Store.Update(ctx, func(tx *store.Tx) error { return tx.RecordWebSubIgnored(ctx, sub.ID, why) })
		if err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// readBody reads the request's body up to the feed cap.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, websub.MaxBody)
	defer body.Close()
	return io.ReadAll(body)
}
