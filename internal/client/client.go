// Package client is the only code in the provider that speaks HTTP to Alibaba Cloud.
//
// Every resource goes through it: it signs requests with the SDK's CommonRequest (RPC for E-HPC, ROA for
// Container Service and Batch Compute), resolves endpoints, rate-limits, retries transient failures with
// backoff, parses the three error shapes into one APIError, and waits for asynchronous work. The wire facts
// it relies on are in README.md next to this file.
package client

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkcredentials "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"golang.org/x/time/rate"

	// Switches off the SDKs' own DEBUG=sdk request dumps, which would print secrets unmasked.
	_ "github.com/aliyun-hpc/terraform-provider-aliyun/internal/client/sdkdebug"
)

// Product names one Alibaba Cloud service the provider talks to: its short lower-case name, which is also
// the host prefix of its default endpoint (https://<product>.<region>.aliyuncs.com).
type Product string

// The products of the service packages that exist today; their descriptors (SDK code, not-found codes) live
// in each package's service.go. A new product declares its Product there too, not here.
const (
	ProductEHPC         Product = "ehpc"
	ProductCS           Product = "cs"
	ProductBatchCompute Product = "batchcompute"
)

// ProductInfo is what the client must know about a product beyond its name. Service packages register theirs
// with RegisterProduct (from an init function of their service.go).
type ProductInfo struct {
	Product Product
	// SDKCode is what the SDK's endpoint logic and logs call the product ("EHPC", "CS", "BatchCompute").
	SDKCode string
	// NotFoundCodes are the error codes that mean "the addressed resource is gone" (IsNotFound).
	NotFoundCodes []string
}

var (
	productsMu sync.RWMutex
	products   = map[Product]ProductInfo{}
)

// RegisterProduct makes a product known to every Client: its SDK code and its not-found codes. Registering a
// product again replaces its information.
func RegisterProduct(info ProductInfo) {
	productsMu.Lock()
	defer productsMu.Unlock()
	products[info.Product] = info
}

// productInfo returns a registered product's information; an unregistered product has its name as SDK code
// and no not-found codes.
func productInfo(p Product) ProductInfo {
	productsMu.RLock()
	defer productsMu.RUnlock()
	if info, ok := products[p]; ok {
		return info
	}
	return ProductInfo{Product: p, SDKCode: string(p)}
}

// API versions the provider speaks. E-HPC has two: the 2024 API creates clusters, the 2018 API manages
// existing nodes (the 2024 API has no equivalent of AddExistedNodes with task polling).
const (
	VersionEHPC2024     = "2024-07-30"
	VersionEHPC2018     = "2018-04-12"
	VersionCS           = "2015-12-15"
	VersionBatchCompute = "2015-11-11"
)

// DefaultEndpoint is the public endpoint of a product in a region.
func DefaultEndpoint(p Product, region string) string {
	return fmt.Sprintf("https://%s.%s.aliyuncs.com", p, region)
}

// Defaults for the retry budget and the client-side rate limit.
const (
	DefaultMaxRetries = 8
	DefaultRateLimit  = 20.0 // requests per second, shared by every resource of one provider instance
	// DefaultRequestTimeout bounds one HTTP exchange; the resource timeout bounds the whole operation.
	DefaultRequestTimeout = 30 * time.Second
)

// Config configures a Client. Credentials and Region are required.
type Config struct {
	Region      string
	Credentials providers.CredentialsProvider
	// Endpoints maps a product to a full base URL (scheme://host[:port]). Products not in it use
	// DefaultEndpoint.
	Endpoints map[Product]string
	// MaxRetries is the number of retries after the first attempt for a retryable failure (0 = none).
	MaxRetries int
	// RateLimit is the number of requests per second across all resources; 0 disables the limit.
	RateLimit float64
	// RequestTimeout bounds one HTTP exchange (connect + read).
	RequestTimeout time.Duration
	// Backoff shapes the pause between retries; zero fields take defaults.
	Backoff Backoff
	// Poll shapes status polling in Wait; zero fields take defaults.
	Poll PollConfig
	// UserAgent is appended to the SDK's user agent.
	UserAgent string
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// Endpoint is a parsed product endpoint.
type Endpoint struct {
	Scheme string // "http" or "https"
	Host   string // host[:port]
}

func (e Endpoint) hostname() string {
	if h, _, err := net.SplitHostPort(e.Host); err == nil {
		return h
	}
	return e.Host
}

func (e Endpoint) port() string {
	if _, p, err := net.SplitHostPort(e.Host); err == nil {
		return p
	}
	return ""
}

// Client sends signed requests to the three products. It is safe for concurrent use; one Client is shared by
// every resource of a provider instance, so the rate limit is global.
type Client struct {
	region     string
	sdk        *sdk.Client
	endpoints  map[Product]Endpoint
	maxRetries int
	limiter    *rate.Limiter
	backoff    Backoff
	poll       PollConfig
	timeout    time.Duration
	secrets    *secretMasker
}

// New builds a Client. It does not contact the cloud.
func New(cfg Config) (*Client, error) {
	if cfg.Region == "" {
		return nil, fmt.Errorf("region is required")
	}
	if cfg.Credentials == nil {
		return nil, fmt.Errorf("credentials are required")
	}
	// Every registered product and every configured one gets its endpoint now, so that a bad one fails here.
	productsMu.RLock()
	known := make([]Product, 0, len(products)+len(cfg.Endpoints))
	for p := range products {
		known = append(known, p)
	}
	productsMu.RUnlock()
	for p := range cfg.Endpoints {
		known = append(known, p)
	}
	slices.Sort(known)
	eps := make(map[Product]Endpoint, len(known))
	for _, p := range slices.Compact(known) {
		raw := cfg.Endpoints[p]
		if raw == "" {
			raw = DefaultEndpoint(p, cfg.Region)
		}
		ep, err := ParseEndpoint(raw)
		if err != nil {
			return nil, fmt.Errorf("endpoint for %s: %w", p, err)
		}
		eps[p] = ep
	}
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	sdkCfg := sdk.NewConfig()
	sdkCfg.AutoRetry = false // retries are ours: with backoff, throttling-aware, idempotency-aware
	sdkCfg.Timeout = timeout
	if cfg.Transport != nil {
		sdkCfg.Transport = cfg.Transport
	}
	if cfg.UserAgent != "" {
		sdkCfg.UserAgent = cfg.UserAgent
	}
	masker := newSecretMasker()
	creds := &credentialsAdapter{inner: cfg.Credentials, masker: masker}
	sc, err := sdk.NewClientWithOptions(cfg.Region, sdkCfg, creds)
	if err != nil {
		return nil, fmt.Errorf("initialising the Alibaba Cloud SDK: %w", err)
	}
	sc.SetConnectTimeout(timeout)
	sc.SetReadTimeout(timeout)
	var limiter *rate.Limiter
	if cfg.RateLimit > 0 {
		limiter = newLimiter(cfg.RateLimit)
	}
	return &Client{
		region:     cfg.Region,
		sdk:        sc,
		endpoints:  eps,
		maxRetries: cfg.MaxRetries,
		limiter:    limiter,
		backoff:    cfg.Backoff.withDefaults(),
		poll:       cfg.Poll.withDefaults(),
		timeout:    timeout,
		secrets:    masker,
	}, nil
}

// Region is the region the client was configured with.
func (c *Client) Region() string { return c.region }

// Endpoint returns the resolved endpoint of a product: the configured one, else DefaultEndpoint.
func (c *Client) Endpoint(p Product) Endpoint {
	if ep, ok := c.endpoints[p]; ok {
		return ep
	}
	// The default is scheme://<product>.<region>.aliyuncs.com with a checked region, so it always parses.
	ep, _ := ParseEndpoint(DefaultEndpoint(p, c.region))
	return ep
}

// PollConfig returns the polling shape used by Wait (resources may derive first delays from it).
func (c *Client) PollConfig() PollConfig { return c.poll }

// MaskSecret registers a value (a password, say) that must never appear in a log line.
func (c *Client) MaskSecret(s string) { c.secrets.add(s) }

// Mask replaces every registered secret in s.
func (c *Client) Mask(s string) string { return c.secrets.mask(s) }

// ParseEndpoint validates a full endpoint URL: http or https, a host, no path, query or fragment.
func ParseEndpoint(raw string) (Endpoint, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Endpoint{}, fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	// The error messages reach the user's terminal and logs: a password written into the URL is shown as xxxxx.
	shown := u.Redacted()
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return Endpoint{}, fmt.Errorf("%q must start with https:// (or http:// for a local emulator)", shown)
	}
	if u.Host == "" {
		return Endpoint{}, fmt.Errorf("%q has no host", shown)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return Endpoint{}, fmt.Errorf("%q must be scheme://host[:port] only, without path, query or credentials", shown)
	}
	return Endpoint{Scheme: scheme, Host: u.Host}, nil
}

// credentialsAdapter lets a credentials-go provider (static, STS, CLI profile, RAM role, ECS role, default
// chain) sign SDK requests, and registers every secret it hands out with the log masker.
type credentialsAdapter struct {
	inner  providers.CredentialsProvider
	masker *secretMasker
}

func (a *credentialsAdapter) GetCredentials() (*sdkcredentials.Credentials, error) {
	cc, err := a.inner.GetCredentials()
	if err != nil {
		return nil, &CredentialsError{Provider: a.inner.GetProviderName(), Err: err}
	}
	a.masker.add(cc.AccessKeySecret)
	a.masker.add(cc.SecurityToken)
	return &sdkcredentials.Credentials{
		AccessKeyId:     cc.AccessKeyId,
		AccessKeySecret: cc.AccessKeySecret,
		SecurityToken:   cc.SecurityToken,
		ProviderName:    cc.ProviderName,
	}, nil
}

func (a *credentialsAdapter) GetProviderName() string { return a.inner.GetProviderName() }

// CredentialsError says that no usable credentials could be obtained; it is never retried.
type CredentialsError struct {
	Provider string
	Err      error
}

func (e *CredentialsError) Error() string {
	return fmt.Sprintf("obtaining credentials (%s): %v", e.Provider, e.Err)
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// newLimiter allows rps requests per second with a burst of one second's worth.
func newLimiter(rps float64) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(rps), max(int(rps), 1))
}
