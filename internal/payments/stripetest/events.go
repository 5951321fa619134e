package stripetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// Event returns the JSON body of a webhook event as Stripe sends it:
// id, type, created time and the object (a map or struct marshalled to
// JSON, e.g. a subscription) under data.object.
func Event(id, typ string, created time.Time, object any) []byte {
	obj, err := json.Marshal(object)
	if err != nil {
		panic(fmt.Sprintf("stripetest.Event: %v", err))
	}
	b, err := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "created": created.Unix(),
		"api_version": stripe.APIVersion, "livemode": false, "pending_webhooks": 1,
		"data": map[string]json.RawMessage{"object": obj},
	})
	if err != nil {
		panic(fmt.Sprintf("stripetest.Event: %v", err))
	}
	return b
}

// Sign returns the Stripe-Signature header Stripe would send with body,
// signed with secret at time at.
func Sign(body []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at}).Header
}
