package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is an error answered by a product, whatever the shape of its body:
//   - RPC (E-HPC):       {"Code","Message","RequestId","HostId","Recommend"}
//   - ROA CS:            {"code","message","requestId","data"} (lower-case keys)
//   - ROA Batch Compute: {"Code","Message"} with the request id in the x-acs-request-id header
type APIError struct {
	Product    Product
	Action     string
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
	// RetryAfter is the server's hint (x-ratelimit-* TimeLeft, Retry-After) of when to try again; 0 if none.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s failed", e.Product, e.Action)
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// AmbiguousError wraps a failure after which the request may or may not have been applied (the connection
// dropped or timed out after the request was sent, or the server failed with a 5xx other than a rejection).
// Calls marked NotIdempotent return it instead of retrying: the caller must look before it tries again.
type AmbiguousError struct {
	Product Product
	Action  string
	Err     error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s: the outcome is unknown (%v); the request may have been applied", e.Product, e.Action, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// TransportError is a failure to get any HTTP answer (connection refused or reset, timeout, TLS).
type TransportError struct {
	Product Product
	Action  string
	Err     error
	// NotSent says that the connection could not be made (refused, unreachable, a name that does not
	// resolve), so no byte of the request reached a server: even a call that is not idempotent may be sent
	// again. Any other transport failure leaves the outcome unknown.
	NotSent bool
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Product, e.Action, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// parseErrorBody builds an APIError from a non-2xx answer of any of the three shapes.
func parseErrorBody(p Product, action string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{Product: p, Action: action, HTTPStatus: status}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err == nil {
		e.Code = firstString(m, "Code", "code")
		e.Message = firstString(m, "Message", "message", "msg")
		e.RequestID = firstString(m, "RequestId", "requestId", "requestid", "request_id")
	} else {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 512 {
			// Cut on a character boundary: the body of a gateway error page may be any UTF-8 text.
			n := 512
			for n > 0 && !utf8.RuneStart(e.Message[n]) {
				n--
			}
			e.Message = e.Message[:n] + "…"
		}
	}
	if e.RequestID == "" {
		e.RequestID = firstHeader(header, "x-acs-request-id", "request-id", "x-request-id")
	}
	if e.Code == "" {
		e.Code = http.StatusText(status)
		e.Code = strings.ReplaceAll(e.Code, " ", "")
	}
	e.RetryAfter = retryAfterHint(header)
	return e
}

func firstString(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := m[k]; ok {
			switch t := v.(type) {
			case string:
				if t != "" {
					return t
				}
			case float64:
				return strconv.FormatFloat(t, 'f', -1, 64)
			}
		}
	}
	return ""
}

func firstHeader(h http.Header, keys ...string) string {
	for _, k := range keys {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// retryAfterHint reads the throttling hints: x-ratelimit-user-api / x-ratelimit-user
// ("Limit:1,Remain:0,TimeLeft:2000,Reset:…", TimeLeft in ms) and the standard Retry-After (seconds).
func retryAfterHint(h http.Header) time.Duration {
	for _, k := range []string{"x-ratelimit-user-api", "x-ratelimit-user", "x-ratelimit-api"} {
		v := h.Get(k)
		if v == "" {
			continue
		}
		for _, part := range strings.Split(v, ",") {
			kv := strings.SplitN(strings.TrimSpace(part), ":", 2)
			if len(kv) == 2 && strings.EqualFold(kv[0], "TimeLeft") {
				if ms, err := strconv.Atoi(strings.TrimSpace(kv[1])); err == nil && ms > 0 {
					return time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s > 0 {
			return time.Duration(s) * time.Second
		}
	}
	return 0
}

// IsNotFound reports whether err says the addressed resource does not exist: its code is one of the
// NotFoundCodes its product registered (README.md §6). Codes are matched, not statuses: E-HPC's HTTP status
// for ClusterNotFound is not documented reliably, and a 404 can also mean an unknown access key
// (InvalidAccessKeyId.NotFound), which must never look like "gone".
// A finder's *NotFoundError is not-found too.
func IsNotFound(err error) bool {
	if _, ok := AsNotFound(err); ok {
		return true
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range productInfo(ae.Product).NotFoundCodes {
		if ae.Code == c {
			return true
		}
	}
	return false
}

// IsCode reports whether err is an APIError with one of the codes.
func IsCode(err error, codes ...string) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.Code == c {
			return true
		}
	}
	return false
}

// ErrorCode returns the API error code of err, or "".
func ErrorCode(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// IsAmbiguous reports whether err leaves the outcome of a non-idempotent call unknown.
func IsAmbiguous(err error) bool {
	var ae *AmbiguousError
	return errors.As(err, &ae)
}

// isThrottling matches the throttling family (README.md §5): any code containing "Throttling", and CS's
// "QPS Limit Exceeded", which the official provider matches anywhere in the error (code or message).
func isThrottling(e *APIError) bool {
	return strings.Contains(e.Code, "Throttling") ||
		strings.Contains(e.Code, "QPS Limit Exceeded") || strings.Contains(e.Message, "QPS Limit Exceeded") ||
		e.HTTPStatus == http.StatusTooManyRequests
}

// retryClass says how a failure may be retried.
type retryClass int

const (
	retryNever retryClass = iota
	// retryRejected: the server refused the request before doing anything (throttling, 503). Safe to repeat
	// even for calls that are not idempotent.
	retryRejected
	// retryAmbiguous: the request may have been applied (5xx other than 503, dropped connection, timeout).
	retryAmbiguous
)

func classify(err error) retryClass {
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case isThrottling(ae), ae.Code == "ServiceUnavailable", ae.HTTPStatus == http.StatusServiceUnavailable:
			return retryRejected
		case ae.HTTPStatus >= 500, ae.Code == "InternalError", ae.Code == "UnknownError":
			return retryAmbiguous
		case ae.Code == "SignatureNonceUsed":
			// Every attempt is signed with a fresh nonce, so this means the same signed request arrived twice:
			// Go's HTTP transport silently replays a GET whose reused connection closed without an answer. The
			// first copy may have been applied (E-HPC 2018 AddExistedNodes is a GET), so the outcome is unknown.
			return retryAmbiguous
		}
		return retryNever
	}
	var te *TransportError
	if errors.As(err, &te) {
		if te.NotSent {
			return retryRejected
		}
		return retryAmbiguous
	}
	return retryNever
}

// requestNotSent reports whether a transport failure happened while dialling, before any byte of the request
// was written. Go reports those as a *net.OpError with Op "dial" inside the *url.Error the SDK returns.
func requestNotSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// IsRetryable reports whether a failure is transient (for a call that is safe to repeat).
func IsRetryable(err error) bool { return classify(err) != retryNever }
