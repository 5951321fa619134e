// Package config holds beatdesk's one Config: defaults, then an optional
// YAML file, then BEATDESK_* environment variables, then command-line
// flags, each overriding the one before. Validate says what is wrong in
// words an operator can act on.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is everything an operator can set.
type Config struct {
	DB       string `yaml:"db" env:"DB" flag:"db" help:"SQLite file path, or postgres://user@host:5432/dbname"`
	Addr     string `yaml:"addr" env:"ADDR" flag:"addr" help:"address the site and desk listen on"`
	BaseURL  string `yaml:"base_url" env:"BASE_URL" flag:"base-url" help:"public URL of the site, used in links and emails (default http://ADDR)"`
	Role     string `yaml:"role" env:"ROLE" flag:"role" help:"all, web or worker"`
	SiteName string `yaml:"site_name" env:"SITE_NAME" flag:"site-name" help:"the publication's name"`
	SiteLang string `yaml:"site_lang" env:"SITE_LANG" flag:"site-lang" help:"language the site publishes in (ISO 639-1)"`

	Personas string `yaml:"personas" env:"PERSONAS" flag:"personas" help:"YAML file of correspondents replacing the nine defaults"`
	Contact  string `yaml:"contact" env:"CONTACT" flag:"contact" help:"operator contact URL sent in the User-Agent so publishers can reach you"`

	PollMin      time.Duration `yaml:"poll_min" env:"POLL_MIN" flag:"poll-min" help:"shortest interval between two polls of one feed (busy feeds)"`
	PollMax      time.Duration `yaml:"poll_max" env:"POLL_MAX" flag:"poll-max" help:"longest interval between two polls of one feed (quiet or failing feeds)"`
	HostRate     float64       `yaml:"host_rate" env:"HOST_RATE" flag:"host-rate" help:"requests per second to any one host"`
	FetchTimeout time.Duration `yaml:"fetch_timeout" env:"FETCH_TIMEOUT" flag:"fetch-timeout" help:"longest a feed or page may take to arrive"`
	Workers      int           `yaml:"workers" env:"WORKERS" flag:"workers" help:"concurrent jobs besides polls and page fetches (drafting, subscriptions)"`
	Fetchers     int           `yaml:"fetchers" env:"FETCHERS" flag:"fetchers" help:"concurrent feed polls, and as many concurrent page fetches (they wait on the network, not the CPU)"`
	PerHost      int           `yaml:"per_host" env:"PER_HOST" flag:"per-host" help:"requests in flight to any one host"`
	WriteDelay   time.Duration `yaml:"write_delay" env:"WRITE_DELAY" flag:"write-delay" help:"how long a story gathers sources before its draft is written"`
	MinOutlets   int           `yaml:"min_outlets" env:"MIN_OUTLETS" flag:"min-outlets" help:"independent outlets a story needs before it is drafted"`
	MinArticles  int           `yaml:"min_articles" env:"MIN_ARTICLES" flag:"min-articles" help:"original articles a story needs before it is drafted"`
	AutoPublish  bool          `yaml:"auto_publish" env:"AUTO_PUBLISH" flag:"auto-publish" help:"publish drafts whose every claim is verified without waiting for an editor"`
	WebSub       bool          `yaml:"websub" env:"WEBSUB" flag:"websub" help:"subscribe to feeds' WebSub hubs for push updates (polling continues as the fallback); hubs must be able to reach base_url"`

	LLMProvider string  `yaml:"llm_provider" env:"LLM_PROVIDER" flag:"llm-provider" help:"openai (any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp) or anthropic; default: anthropic when llm_url is Anthropic's, else openai"`
	LLMURL      string  `yaml:"llm_url" env:"LLM_URL" flag:"llm-url" help:"the model API's root URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1; empty: the extractive writer only"`
	LLMModel    string  `yaml:"llm_model" env:"LLM_MODEL" flag:"llm-model" help:"the model's name at that API"`
	LLMAPIKey   string  `yaml:"llm_api_key" env:"LLM_API_KEY" flag:"-" help:"the model API's key; environment or file only, as flags show in the process list"`
	LLMPriceIn  float64 `yaml:"llm_price_in" env:"LLM_PRICE_IN" flag:"llm-price-in" help:"the model's price in US dollars per million input tokens, for cost accounting"`
	LLMPriceOut float64 `yaml:"llm_price_out" env:"LLM_PRICE_OUT" flag:"llm-price-out" help:"the model's price in US dollars per million output tokens"`

	// Payments (Stripe): off unless stripe_secret_key is set; then the site
	// offers memberships and one-time contributions through Stripe Checkout.
	// The two secrets come from the environment or the file only, as flags
	// show in the process list. Checked by validatePayments.
	StripeSecretKey     string `yaml:"stripe_secret_key" env:"STRIPE_SECRET_KEY" flag:"-" help:"Stripe secret key (sk_live_..., sk_test_... or a restricted rk_...); empty: payments off and hidden; environment or file only"`
	StripeWebhookSecret string `yaml:"stripe_webhook_secret" env:"STRIPE_WEBHOOK_SECRET" flag:"-" help:"signing secret (whsec_...) of the webhook endpoint BASE_URL/stripe/webhook in Stripe's dashboard; environment or file only"`
	StripePriceMonthly  string `yaml:"stripe_price_monthly" env:"STRIPE_PRICE_MONTHLY" flag:"stripe-price-monthly" help:"Stripe price id (price_...) of the monthly membership; empty: not offered"`
	StripePriceYearly   string `yaml:"stripe_price_yearly" env:"STRIPE_PRICE_YEARLY" flag:"stripe-price-yearly" help:"Stripe price id (price_...) of the yearly membership; empty: not offered"`
	StripeCurrency      string `yaml:"stripe_currency" env:"STRIPE_CURRENCY" flag:"stripe-currency" help:"currency of one-time contributions (ISO 4217, e.g. usd, eur)"`
	StripeAPIURL        string `yaml:"stripe_api_url" env:"STRIPE_API_URL" flag:"stripe-api-url" help:"Stripe API root; leave empty except to test against stripe-mock, e.g. http://127.0.0.1:12111"`

	// Mail: sign-in links and newsletters go out through an SMTP server
	// when smtp_host is set, else to the log and the desk's outbox. The
	// password comes from the environment or the file only. Checked by
	// validateMail.
	SMTPHost     string  `yaml:"smtp_host" env:"SMTP_HOST" flag:"smtp-host" help:"SMTP server that sends sign-in links and newsletters, e.g. smtp.example.org; empty: mail is written to the log and the desk's outbox"`
	SMTPPort     int     `yaml:"smtp_port" env:"SMTP_PORT" flag:"smtp-port" help:"SMTP port; 0: 587 for starttls, 465 for tls, 25 for none"`
	SMTPUsername string  `yaml:"smtp_username" env:"SMTP_USERNAME" flag:"smtp-username" help:"SMTP user name; empty: no authentication"`
	SMTPPassword string  `yaml:"smtp_password" env:"SMTP_PASSWORD" flag:"-" help:"SMTP password; environment or file only"`
	SMTPFrom     string  `yaml:"smtp_from" env:"SMTP_FROM" flag:"smtp-from" help:"address mail is sent from, e.g. newsletter@news.example.org; required with smtp_host"`
	SMTPTLS      string  `yaml:"smtp_tls" env:"SMTP_TLS" flag:"smtp-tls" help:"starttls, tls (implicit, port 465) or none (only for a server on this machine or a trusted network)"`
	MailRate     float64 `yaml:"mail_rate" env:"MAIL_RATE" flag:"mail-rate" help:"newsletter messages sent per second at most (mail providers cap this)"`
	DigestHour   int     `yaml:"digest_hour" env:"DIGEST_HOUR" flag:"digest-hour" help:"hour of the day (0-23, UTC) the daily digest, and on digest_weekday the weekly digests, are sent"`
	DigestDay    string  `yaml:"digest_weekday" env:"DIGEST_WEEKDAY" flag:"digest-weekday" help:"day of the week the weekly per-correspondent digests are sent (monday ... sunday)"`

	// TranslateTitles has Apertium (when installed) translate the titles
	// and leads of articles not in the site's language, for clustering and
	// the desk. On by default: with it every multilingual story of the demo
	// corpus is one story (10 of 11 without), at about 3 ms a title; with
	// no engine installed it does nothing.
	TranslateTitles bool `yaml:"translate_titles" env:"TRANSLATE_TITLES" flag:"translate-titles" help:"translate titles and leads of articles in other languages with Apertium when installed, for clustering and the desk (--translate-titles=false: originals only)"`

	AllowLoopback bool `yaml:"-" env:"-" flag:"-"` // set only by demo and tests
	DemoMode      bool `yaml:"-" env:"-" flag:"-"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DB:           "beatdesk-data/beatdesk.db",
		Addr:         "127.0.0.1:8080",
		Role:         "all",
		SiteName:     "beatdesk",
		SiteLang:     "en",
		Contact:      "https://github.com/beatdesk/beatdesk",
		PollMin:      2 * time.Minute,
		PollMax:      24 * time.Hour,
		HostRate:     1,
		FetchTimeout: 20 * time.Second,
		Workers:      4,
		Fetchers:     24,
		PerHost:      2,
		WriteDelay:   10 * time.Minute,
		MinOutlets:   2,
		MinArticles:  3,
		// Translation (Apertium, when installed)
		TranslateTitles: true,
		// Payments (Stripe)
		StripeCurrency: "usd",
		// Mail and newsletter
		SMTPTLS:    "starttls",
		MailRate:   10,
		DigestHour: 6,
		DigestDay:  "monday",
	}
}

// Load builds a Config from defaults, the YAML file named by --config (or
// BEATDESK_CONFIG), the environment and the flags in args. It returns the
// arguments left after the flags.
func Load(name string, args []string, getenv func(string) string) (Config, []string, error) {
	cfg := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	configFile := fs.String("config", getenv("BEATDESK_CONFIG"), "YAML configuration file")
	cfg.bindFlags(fs)
	// Flags are parsed twice: once to find --config, then again over the
	// file and environment so that flags win.
	if err := fs.Parse(args); err != nil {
		return cfg, nil, fmt.Errorf("%v\n%s", err, Usage(name))
	}
	cfg = Default()
	if *configFile != "" {
		b, err := os.ReadFile(*configFile)
		if err != nil {
			return cfg, nil, fmt.Errorf("config: cannot read %s: %w", *configFile, err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && err.Error() != "EOF" {
			return cfg, nil, fmt.Errorf("config: %s: %v (see `beatdesk help` for the keys)", *configFile, err)
		}
	}
	if err := cfg.applyEnv(getenv); err != nil {
		return cfg, nil, err
	}
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	fs.String("config", "", "")
	cfg.bindFlags(fs)
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	return cfg, fs.Args(), cfg.Validate()
}

// Validate reports the first setting that cannot work, saying how to fix it.
func (c *Config) Validate() error {
	switch {
	case c.DB == "":
		return fmt.Errorf("config: db is empty; give a SQLite file path or a postgres:// URL")
	case c.Role != "all" && c.Role != "web" && c.Role != "worker":
		return fmt.Errorf("config: role %q must be all, web or worker", c.Role)
	case c.PollMin < time.Second:
		return fmt.Errorf("config: poll_min %s is too short; use at least 1s (2m or more for real feeds)", c.PollMin)
	case c.PollMax < c.PollMin:
		return fmt.Errorf("config: poll_max %s is shorter than poll_min %s", c.PollMax, c.PollMin)
	case c.FetchTimeout < 100*time.Millisecond:
		return fmt.Errorf("config: fetch_timeout %s is too short; use at least 1s (20s suits real sites)", c.FetchTimeout)
	case c.HostRate <= 0:
		return fmt.Errorf("config: host_rate must be above 0 requests per second")
	case c.Workers < 1 || c.Workers > 256:
		return fmt.Errorf("config: workers %d must be between 1 and 256", c.Workers)
	case c.Fetchers < 1 || c.Fetchers > 1024:
		return fmt.Errorf("config: fetchers %d must be between 1 and 1024", c.Fetchers)
	case c.PerHost < 1 || c.PerHost > 16:
		return fmt.Errorf("config: per_host %d must be between 1 and 16 (2 is polite)", c.PerHost)
	case c.MinOutlets < 1 || c.MinArticles < 1:
		return fmt.Errorf("config: min_outlets and min_articles must be at least 1")
	case len(c.SiteLang) != 2:
		return fmt.Errorf("config: site_lang %q must be a two-letter code such as en", c.SiteLang)
	case c.LLMURL != "" && c.LLMModel == "":
		return fmt.Errorf("config: llm_url is set but llm_model is not; name the model to use (BEATDESK_LLM_MODEL), or unset llm_url to write with the extractive writer only")
	case c.LLMProvider != "" && c.LLMProvider != "openai" && c.LLMProvider != "anthropic":
		return fmt.Errorf("config: llm_provider %q must be openai (any OpenAI-compatible server) or anthropic", c.LLMProvider)
	case c.LLMPriceIn < 0 || c.LLMPriceOut < 0:
		return fmt.Errorf("config: llm_price_in and llm_price_out are US dollars per million tokens and cannot be negative")
	}
	if c.LLMURL != "" {
		if u, err := url.Parse(c.LLMURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("config: llm_url %q must be an absolute http(s) URL such as https://api.openai.com/v1", c.LLMURL)
		}
	}
	if err := c.validatePayments(); err != nil {
		return err
	}
	if err := c.validateMail(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: addr %q must be host:port, such as 127.0.0.1:8080 (%v)", c.Addr, err)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("config: base_url %q must be an absolute http(s) URL such as https://news.example.org", c.BaseURL)
	}
	if c.WebSub && !c.AllowLoopback && !publicHost(u.Hostname()) {
		return fmt.Errorf("config: websub is on but base_url %q is not reachable from the internet, where hubs are; set base_url to the site's public address or turn websub off", c.BaseURL)
	}
	return nil
}

// validatePayments checks the Stripe settings: all or nothing, and each
// in the shape Stripe gives it.
func (c *Config) validatePayments() error {
	if c.StripeSecretKey == "" {
		if c.StripeWebhookSecret != "" || c.StripePriceMonthly != "" || c.StripePriceYearly != "" || c.StripeAPIURL != "" {
			return fmt.Errorf("config: Stripe settings are given but stripe_secret_key is not; set BEATDESK_STRIPE_SECRET_KEY to turn payments on, or remove the other stripe_ settings")
		}
		return nil
	}
	switch {
	case !strings.HasPrefix(c.StripeSecretKey, "sk_") && !strings.HasPrefix(c.StripeSecretKey, "rk_"):
		return fmt.Errorf("config: stripe_secret_key must be a secret key (sk_...) or restricted key (rk_...) from Stripe's dashboard, not a publishable key")
	case c.StripeWebhookSecret == "":
		return fmt.Errorf("config: stripe_secret_key is set but stripe_webhook_secret is not; without it no payment can be confirmed (add the endpoint %s/stripe/webhook in Stripe's dashboard and set BEATDESK_STRIPE_WEBHOOK_SECRET to its whsec_... secret)", strings.TrimRight(c.BaseURL, "/"))
	case c.StripePriceMonthly != "" && !strings.HasPrefix(c.StripePriceMonthly, "price_"),
		c.StripePriceYearly != "" && !strings.HasPrefix(c.StripePriceYearly, "price_"):
		return fmt.Errorf("config: stripe_price_monthly and stripe_price_yearly must be Stripe price ids (price_...), not product ids or amounts")
	case len(c.StripeCurrency) != 3:
		return fmt.Errorf("config: stripe_currency %q must be a three-letter ISO 4217 code such as usd or eur", c.StripeCurrency)
	}
	if c.StripeAPIURL != "" {
		if u, err := url.Parse(c.StripeAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("config: stripe_api_url %q must be an absolute http(s) URL such as http://127.0.0.1:12111", c.StripeAPIURL)
		}
	}
	return nil
}

// publicHost reports whether host could be reached from the internet: a
// name other than localhost, or a public IP address.
func publicHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h != "localhost" && !strings.HasSuffix(h, ".localhost") && strings.Contains(h, ".")
}

// Usage lists the settings with their flag, environment variable and
// meaning.
func Usage(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Settings for %s (flag, environment variable, YAML key):\n  --config FILE (BEATDESK_CONFIG)\n", name)
	def := Default()
	eachField(&def, "env", func(f reflect.StructField, v reflect.Value) {
		flag := "--" + f.Tag.Get("flag")
		if flag == "---" {
			flag = "no flag"
		}
		fmt.Fprintf(&b, "  %s (BEATDESK_%s, %s): %s [default %v]\n", flag, f.Tag.Get("env"), f.Tag.Get("yaml"), f.Tag.Get("help"), v.Interface())
	})
	return b.String()
}

// eachField calls fn for the fields that have the given tag (flag or
// env), skipping those whose tag is "-".
func eachField(c *Config, tag string, fn func(reflect.StructField, reflect.Value)) {
	v := reflect.ValueOf(c).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if t := f.Tag.Get(tag); t == "-" || t == "" {
			continue
		}
		fn(f, v.Field(i))
	}
}

func (c *Config) bindFlags(fs *flag.FlagSet) {
	eachField(c, "flag", func(f reflect.StructField, v reflect.Value) {
		name, help := f.Tag.Get("flag"), f.Tag.Get("help")
		switch p := v.Addr().Interface().(type) {
		case *string:
			fs.StringVar(p, name, *p, help)
		case *int:
			fs.IntVar(p, name, *p, help)
		case *float64:
			fs.Float64Var(p, name, *p, help)
		case *bool:
			fs.BoolVar(p, name, *p, help)
		case *time.Duration:
			fs.DurationVar(p, name, *p, help)
		}
	})
}

func (c *Config) applyEnv(getenv func(string) string) error {
	var err error
	eachField(c, "env", func(f reflect.StructField, v reflect.Value) {
		key := "BEATDESK_" + f.Tag.Get("env")
		s := getenv(key)
		if s == "" || err != nil {
			return
		}
		switch p := v.Addr().Interface().(type) {
		case *string:
			*p = s
		case *int:
			*p, err = strconv.Atoi(s)
		case *float64:
			*p, err = strconv.ParseFloat(s, 64)
		case *bool:
			*p, err = strconv.ParseBool(s)
		case *time.Duration:
			*p, err = time.ParseDuration(s)
		}
		if err != nil {
			err = fmt.Errorf("config: %s=%q: %v", key, s, err)
		}
	})
	return err
}
