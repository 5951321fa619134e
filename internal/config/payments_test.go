package config

import (
	"strings"
	"testing"
)

// TestPaymentsSettings checks that Stripe's secrets come only from the
// environment (or file), never flags, and that half a configuration is
// refused with a message that says what is missing.
func TestPaymentsSettings(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	cfg, _, err := Load("serve", []string{"--stripe-price-monthly", "price_m"}, env(
		"BEATDESK_STRIPE_SECRET_KEY", "sk_test_1", "BEATDESK_STRIPE_WEBHOOK_SECRET", "whsec_1"))
	if err != nil || cfg.StripeSecretKey != "sk_test_1" || cfg.StripeWebhookSecret != "whsec_1" || cfg.StripePriceMonthly != "price_m" || cfg.StripeCurrency != "usd" {
		t.Fatalf("Load: %+v, %v", cfg, err)
	}
	if _, _, err := Load("serve", []string{"--stripe-secret-key", "sk_test_1"}, env()); err == nil {
		t.Error("the secret key was accepted as a flag")
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"BEATDESK_STRIPE_SECRET_KEY", "sk_test_1"}, "stripe_webhook_secret"},
		{[]string{"BEATDESK_STRIPE_PRICE_YEARLY", "price_y"}, "stripe_secret_key is not"},
		{[]string{"BEATDESK_STRIPE_SECRET_KEY", "pk_test_1", "BEATDESK_STRIPE_WEBHOOK_SECRET", "w"}, "publishable"},
		{[]string{"BEATDESK_STRIPE_SECRET_KEY", "sk_1", "BEATDESK_STRIPE_WEBHOOK_SECRET", "w", "BEATDESK_STRIPE_PRICE_YEARLY", "prod_1"}, "price ids"},
		{[]string{"BEATDESK_STRIPE_SECRET_KEY", "sk_1", "BEATDESK_STRIPE_WEBHOOK_SECRET", "w", "BEATDESK_STRIPE_API_URL", "localhost"}, "stripe_api_url"},
	} {
		if _, _, err := Load("serve", nil, env(c.env...)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error mentioning %q", c.env, err, c.want)
		}
	}
}
