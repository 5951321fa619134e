package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"beatdesk"
	"beatdesk/internal/analyze/lang"
	"beatdesk/internal/config"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/illustrate"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/jobs"
	"beatdesk/internal/llm"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
	"beatdesk/internal/web"
)

// app is beatdesk wired together: the one place implementations are chosen.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    *store.Store
	personas []beatdesk.Persona
	pipeline *jobs.Pipeline // nil in the web role
	queue    *jobs.Queue
	web      http.Handler // nil in the worker role
}

// openApp opens the store and builds what cfg's role needs.
func openApp(ctx context.Context, cfg config.Config, logOut io.Writer, level slog.Level) (*app, error) {
	a := &app{cfg: cfg, log: slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))}
	a.personas = persona.Default()
	if cfg.Personas != "" {
		ps, err := persona.Load(cfg.Personas)
		if err != nil {
			return nil, err
		}
		a.personas = ps
	}
	s, err := store.Open(ctx, cfg.DB, nil)
	if err != nil {
		return nil, err
	}
	a.store = s
	sender, err := mailSender(cfg, s, a.log)
	if err != nil {
		s.Close()
		return nil, err
	}
	if cfg.Role != "web" {
		fo := fetchOptions(cfg)
		ua := fo.UserAgent
		fetcher := fetch.New(fo)
		m, err := model(cfg)
		if err != nil {
			s.Close()
			return nil, err
		}
		a.pipeline = jobs.NewPipeline(s, jobs.Config{
			Workers: cfg.Workers, Fetchers: cfg.Fetchers, PollMin: cfg.PollMin, PollMax: cfg.PollMax, WriteDelay: cfg.WriteDelay,
			MinOutlets: cfg.MinOutlets, MinArticles: cfg.MinArticles, AutoPublish: cfg.AutoPublish, SiteLang: cfg.SiteLang, UserAgent: ua,
			WebSubBase: webSubBase(cfg),
			Model:      m, ModelPrice: llm.Price{InputPerMillion: cfg.LLMPriceIn, OutputPerMillion: cfg.LLMPriceOut},
			Translator: translator(ctx, a.log), TranslateTitles: cfg.TranslateTitles, Newsletter: newsletterConfig(cfg, sender, a.personas),
		}, fetcher, lang.New(), a.personas, a.log)
	}
	a.queue, err = jobs.Open(ctx, s, a.pipeline, a.log)
	if err != nil {
		s.Close()
		return nil, err
	}
	if cfg.Role != "worker" {
		o := web.Options{
			SiteName: cfg.SiteName, SiteLang: cfg.SiteLang, BaseURL: cfg.BaseURL, Personas: a.personas, Demo: cfg.DemoMode,
			Illustrate: func(d beatdesk.Draft) string { return illustrate.SVG(d, d.Places) },
			Verify:     cite.Verify, Logger: a.log, Mail: sender,
		}
		if cfg.WebSub {
			o.Deliver = a.queue.Deliver
		}
		if cfg.StripeSecretKey != "" { // payments: off, and hidden, unless configured
			if o.Payments, err = payments.New(payments.Config{SecretKey: cfg.StripeSecretKey, WebhookSecret: cfg.StripeWebhookSecret,
				MonthlyPrice: cfg.StripePriceMonthly, YearlyPrice: cfg.StripePriceYearly, Currency: cfg.StripeCurrency,
				APIURL: cfg.StripeAPIURL, SiteName: cfg.SiteName}); err != nil {
				a.Close()
				return nil, err
			}
		}
		a.web = web.New(s, o)
	}
	return a, nil
}

// fetchOptions is the politeness and safety the newsroom's fetcher keeps
// (bench ingest holds the pipeline to the same): a host gets at most
// cfg.PerHost requests in flight however many workers there are, and
// cfg.HostRate a second with a burst of at least 4.
func fetchOptions(cfg config.Config) fetch.Options {
	return fetch.Options{
		UserAgent:     fmt.Sprintf("beatdesk/0.1 (+%s)", cfg.Contact),
		AllowLoopback: cfg.AllowLoopback,
		HostRate:      cfg.HostRate,
		Timeout:       cfg.FetchTimeout,
		HostBurst:     max(4, int(cfg.HostRate)),
		PerHost:       cfg.PerHost,
	}
}

// webSubBase is where hubs call back, or "" when WebSub is off.
func webSubBase(cfg config.Config) string {
	if !cfg.WebSub {
		return ""
	}
	return cfg.BaseURL
}

func (a *app) Close() {
	a.queue.Close()
	a.store.Close()
}
