package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// RPCCall is one E-HPC style RPC request: /?Action=…&Version=…, every parameter a signed query parameter.
type RPCCall struct {
	Product Product
	Version string
	Action  string
	// Method is GET or POST (default POST). E-HPC 2018 APIs are GET, 2024 APIs POST.
	Method string
	// Params are the request parameters, already stringified (nested values as JSON strings, lists flat).
	Params map[string]string
	// Retry says what may be retried; the zero value retries every transient failure.
	Retry RetryPolicy
}

// ROACall is one ROA request (CS, Batch Compute): a method and a path, a JSON body, signed headers.
type ROACall struct {
	Product Product
	Version string
	// Action names the API for logs, errors and the x-acs-action header (optional on the wire).
	Action string
	Method string
	// Path is the request path with its parameters already substituted and escaped (see PathEscape).
	Path  string
	Query map[string]string
	// Body is marshalled to JSON when non-nil.
	Body  any
	Retry RetryPolicy
}

// RetryPolicy says which failures a call may repeat.
type RetryPolicy struct {
	// NotIdempotent marks calls that must not be repeated when the outcome is unknown (a create without an
	// idempotency token). Rejections (throttling, 503) are still retried; ambiguous failures return an
	// *AmbiguousError so the caller can look at the cloud before trying again.
	NotIdempotent bool
	// ClientToken marks calls that carry a token the service deduplicates by (Batch Compute's
	// IdempotentToken): a resend is answered with what the first copy made, so ambiguous failures are
	// retried like any transient one (at least MaxCreateAttempts-1 times, whatever MaxRetries). When the call still fails after an attempt whose outcome was unknown,
	// the error is an *AmbiguousError: the first copy may have been applied, and the caller must keep the
	// token to find it.
	ClientToken bool
	// BusyCodes are codes that mean "busy, try later" for this call (InvalidClusterStatus, ConflictOpt,
	// StateConflict …). They are retried with backoff until the context's deadline, not counted against
	// MaxRetries (a context without a deadline gets MaxRetries retries).
	BusyCodes []string
}

// Response is a successful answer.
type Response struct {
	Status    int
	RequestID string
	Header    http.Header
	Body      []byte
}

// Decode unmarshals the body into out.
func (r *Response) Decode(out any) error {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Body, out); err != nil {
		return fmt.Errorf("decoding response (request id %s): %w", r.RequestID, err)
	}
	return nil
}

// RPC sends an RPC call with retries; out (optional) receives the decoded JSON body.
func (c *Client) RPC(ctx context.Context, call RPCCall, out any) (*Response, error) {
	method := call.Method
	if method == "" {
		method = http.MethodPost
	}
	build := func(timeout time.Duration) *requests.CommonRequest {
		r := c.newRequest(call.Product, call.Version, call.Action, method, timeout)
		for k, v := range call.Params {
			r.QueryParams[k] = v
		}
		return r
	}
	return c.do(ctx, call.Product, call.Action, call.Retry, logKeys(call.Params), build, out)
}

// ROA sends an ROA call with retries; out (optional) receives the decoded JSON body.
func (c *Client) ROA(ctx context.Context, call ROACall, out any) (*Response, error) {
	var body []byte
	if call.Body != nil {
		var err error
		if body, err = json.Marshal(call.Body); err != nil {
			return nil, fmt.Errorf("encoding %s %s body: %w", call.Product, call.Action, err)
		}
	}
	build := func(timeout time.Duration) *requests.CommonRequest {
		r := c.newRequest(call.Product, call.Version, call.Action, call.Method, timeout)
		r.PathPattern = call.Path
		for k, v := range call.Query {
			r.QueryParams[k] = v
		}
		r.Headers["Content-Type"] = "application/json"
		if body != nil {
			r.Content = body
		}
		return r
	}
	return c.do(ctx, call.Product, call.Action, call.Retry, logKeys(call.Query), build, out)
}

func (c *Client) newRequest(p Product, version, action, method string, timeout time.Duration) *requests.CommonRequest {
	ep := c.Endpoint(p)
	r := requests.NewCommonRequest()
	r.Product = productInfo(p).SDKCode
	r.Version = version
	r.ApiName = action
	r.Method = method
	// Always set Domain and Scheme: the SDK would otherwise resolve endpoints through a table keyed by a
	// product code that does not match E-HPC's, and default to plain HTTP.
	// The host and port go separately: the SDK's ROA URL builder always writes "domain:port".
	r.Domain, r.Port = ep.hostname(), ep.port()
	r.Scheme = ep.Scheme
	r.SetReadTimeout(timeout)
	r.SetConnectTimeout(timeout)
	return r
}

type buildFunc func(timeout time.Duration) *requests.CommonRequest

func (c *Client) do(ctx context.Context, p Product, action string, policy RetryPolicy, keys []string, build buildFunc, out any) (*Response, error) {
	unsure := false
	resp, err := c.sendRetrying(ctx, p, action, policy, keys, build, out, &unsure)
	if err != nil && unsure && policy.ClientToken && !IsAmbiguous(err) {
		err = &AmbiguousError{Product: p, Action: action, Err: err}
	}
	return resp, err
}

// sendRetrying sends the call until it succeeds or its policy gives up; unsure is set once an attempt's outcome
// was unknown (see RetryPolicy.ClientToken).
func (c *Client) sendRetrying(ctx context.Context, p Product, action string, policy RetryPolicy, keys []string, build buildFunc, out any, unsure *bool) (*Response, error) {
	ctx = tflog.SetField(ctx, "aliyun_product", string(p))
	ctx = tflog.SetField(ctx, "aliyun_action", action)
	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := c.waitRateLimit(ctx); err != nil {
			if lastErr != nil {
				// The deadline fell between the pause and the next attempt: the caller still learns why the
				// call was being retried (a busy or throttling code), whichever side of the deadline the
				// scheduler woke on.
				return nil, fmt.Errorf("%w (last error: %w)", err, lastErr)
			}
			return nil, err
		}
		start := time.Now()
		resp, err := c.send(ctx, p, action, build)
		elapsed := time.Since(start)
		if err == nil {
			tflog.Debug(ctx, "API call succeeded", map[string]any{
				"attempt": attempt + 1, "http_status": resp.Status, "request_id": resp.RequestID,
				"duration_ms": elapsed.Milliseconds(), "params": keys,
			})
			tflog.Trace(ctx, "API response body", map[string]any{"body": c.Mask(string(resp.Body))})
			if out != nil {
				if err := resp.Decode(out); err != nil {
					return resp, err
				}
			}
			return resp, nil
		}
		// Busy codes wait for the resource, not the service, so they are retried until the context's deadline
		// rather than MaxRetries times; a context without a deadline would loop forever, so there they count.
		_, hasDeadline := ctx.Deadline()
		busy := IsCode(err, policy.BusyCodes...) && (hasDeadline || attempt < c.maxRetries)
		class := classify(err)
		if class == retryAmbiguous {
			*unsure = true
		}
		tflog.Debug(ctx, "API call failed", map[string]any{
			"attempt": attempt + 1, "error": c.Mask(err.Error()), "duration_ms": elapsed.Milliseconds(),
			"retryable": busy || class != retryNever,
		})
		switch {
		case busy:
		case class == retryNever:
			return nil, err
		case class == retryAmbiguous && policy.NotIdempotent:
			return nil, &AmbiguousError{Product: p, Action: action, Err: err}
		case attempt >= c.retryBudget(policy, class):
			return nil, fmt.Errorf("giving up after %d attempts: %w", attempt+1, err)
		}
		delay := c.backoff.delay(attempt, retryAfterOf(err))
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return nil, fmt.Errorf("no time left to retry before the timeout: %w", err)
		}
		if serr := sleep(ctx, delay); serr != nil {
			// err is already masked (send masks API messages and transport errors).
			return nil, fmt.Errorf("%w (last error: %w)", serr, err)
		}
		lastErr = err
	}
}

// retryBudget is how many retries a failure of class gets: MaxRetries, except that a lost answer of a call
// with a client token is resent at least as often as a create without one is (MaxCreateAttempts in all), so
// that max_retries = 0 does not turn the token's protection into a tainted resource at the first lost answer.
func (c *Client) retryBudget(policy RetryPolicy, class retryClass) int {
	if policy.ClientToken && class == retryAmbiguous {
		return max(c.maxRetries, MaxCreateAttempts-1)
	}
	return c.maxRetries
}

// send performs one exchange. It deliberately does not abandon an in-flight request when ctx is cancelled:
// a create whose answer we stopped listening for would leave an orphan. The per-request timeout bounds it.
func (c *Client) send(ctx context.Context, p Product, action string, build buildFunc) (*Response, error) {
	timeout := c.timeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < timeout {
			timeout = max(left, time.Second)
		}
	}
	req := build(timeout)
	resp, err := c.sdk.ProcessCommonRequest(req)
	if resp == nil || resp.GetOriginHttpResponse() == nil {
		if err == nil {
			err = errors.New("no HTTP response")
		}
		var ce *CredentialsError
		if errors.As(err, &ce) {
			return nil, ce
		}
		return nil, &TransportError{Product: p, Action: action, Err: errors.New(c.Mask(err.Error())), NotSent: requestNotSent(err)}
	}
	out := &Response{
		Status: resp.GetHttpStatus(),
		Header: http.Header(resp.GetHttpHeaders()),
		Body:   resp.GetHttpContentBytes(),
	}
	out.RequestID = requestID(out)
	if resp.GetHttpStatus() < 200 || resp.GetHttpStatus() > 299 {
		e := parseErrorBody(p, action, out.Status, out.Header, out.Body)
		// SignatureDoesNotMatch echoes the string to sign, which holds every RPC parameter (passwords too).
		e.Message = c.Mask(e.Message)
		return nil, e
	}
	if e := unsuccessfulBody(p, action, out); e != nil {
		return nil, e
	}
	return out, nil
}

// unsuccessfulBody treats a 2xx body with "Success": false and a Code as an error, as the official provider
// does; E-HPC 2024 responses carry Success.
func unsuccessfulBody(p Product, action string, r *Response) *APIError {
	var probe struct {
		Success *bool  `json:"Success"`
		Code    string `json:"Code"`
	}
	if err := json.Unmarshal(r.Body, &probe); err != nil {
		return nil //nolint:nilerr // a body that is not a JSON object cannot carry Success=false
	}
	if probe.Success == nil || *probe.Success || probe.Code == "" {
		return nil
	}
	return parseErrorBody(p, action, r.Status, r.Header, r.Body)
}

func requestID(r *Response) string {
	if id := firstHeader(r.Header, "x-acs-request-id"); id != "" {
		return id
	}
	var m map[string]any
	if json.Unmarshal(r.Body, &m) == nil {
		return firstString(m, "RequestId", "requestId", "request_id")
	}
	return ""
}

func retryAfterOf(err error) time.Duration {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.RetryAfter
	}
	return 0
}

func (c *Client) waitRateLimit(ctx context.Context) error {
	// An interrupted or timed-out operation starts no new request, also when no rate limit is set.
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.limiter == nil {
		return nil
	}
	return c.limiter.Wait(ctx)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// logKeys lists parameter names only: values can hold passwords.
func logKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
