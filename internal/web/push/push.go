// Package push answers WebSub hubs at /websub/{token}, the callback each
// subscription was given (the token is random and unguessable; an
// unknown one is answered 404). One handler per file:
//
//   - GET (verify.go): the hub's verification of intent, echoing its
//     challenge only when this callback has a subscription for that topic
//     in the state the mode expects; or its denial.
//   - POST (deliver.go): a delivery of the feed's new content. It is
//     processed only when its X-Hub-Signature is the HMAC of the body under
//     the subscription's secret; otherwise it is ignored and counted. Both
//     are answered 202 Accepted, as the specification allows, so a forger
//     cannot tell a refusal from success.
//
// Nothing from the request is written back except a verified challenge,
// as plain text. The jobs package sends the subscription requests and
// turns an authenticated delivery into items (Push.Deliver).
package push

import (
	"context"
	"log/slog"
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// Push holds what the callback's handlers need. Package web builds it.
type Push struct {
	Store *store.Store
	// Deliver turns an authenticated delivery to a subscription into
	// items and their fetch jobs, and reports how many it added. An error
	// of kind ErrInvalid means the body is no feed.
	Deliver func(ctx context.Context, w store.WebSub, body []byte) (int, error)
	Log     *slog.Logger
}

// Routes registers the callback with handle, which turns errors into
// responses.
func (p *Push) Routes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("GET /websub/{token}", p.verify)
	handle("POST /websub/{token}", p.deliver)
}

// subscription loads the subscription the request's token names.
func (p *Push) subscription(r *http.Request) (store.WebSub, error) {
	var w store.WebSub
	err := p.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		w, err = tx.WebSubByToken(r.Context(), r.PathValue("token"))
		return err
	})
	return w, err
}

// notOurs is the answer to a hub asking about something this callback
// did not ask for: the specification's 404.
func notOurs(op string) error {
	return beatdesk.Errorf(beatdesk.ErrNotFound, op, "there is no such subscription at this address")
}
