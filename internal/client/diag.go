package client

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// hints holds one line of advice per documented error code, per product. Each service package registers
// the hints of the codes its documents list (RegisterHints in an init function); codes shared by every
// product are below.
var (
	hintsMu sync.RWMutex
	hints   = map[Product]map[string]string{}
)

var commonHints = map[string]string{
	"SignatureDoesNotMatch":        "the secret key does not match the access key: check secret_key / ALICLOUD_SECRET_KEY.",
	"IncompleteSignature":          "the request signature is incomplete: check secret_key and the system clock.",
	"InvalidAccessKeyId.NotFound":  "the access key does not exist: check access_key / ALICLOUD_ACCESS_KEY.",
	"InvalidAccessKeyId.Inactive":  "the access key is disabled: enable it in the RAM console or use another one.",
	"InvalidTimeStamp.Expired":     "the request timestamp is outside the server's window: sync this machine's clock (NTP).",
	"SignatureNonceUsed":           "a request nonce was reused: retry; if it persists, check for a proxy replaying requests.",
	"InvalidSecurityToken.Expired": "the STS security token has expired: refresh security_token or use assume_role.",
	"Forbidden.RAM":                "the RAM user or role lacks a permission for this action: grant it in the RAM console.",
	"NoPermission":                 "the RAM user or role lacks a permission for this action: grant it in the RAM console.",
	"NotAuthorized":                "the request is not authorized by RAM: grant the action to the RAM user or role.",
	"ServiceUnavailable":           "the service is temporarily unavailable: the provider retried; try again later.",
	"Throttling.User":              "requests are throttled: the provider retried; lower max_requests_per_second or -parallelism.",
	"Throttling":                   "requests are throttled: the provider retried; lower max_requests_per_second or -parallelism.",
	"InternalError":                "the service failed internally: try again; if it persists, open a ticket with the request id.",
	"NotEnabled":                   "the service is not activated for this account: activate it in the console first.",
	"InDebt":                       "the account has overdue payments: settle them in the billing console.",
}

// RegisterHints adds one-line hints for a product's documented error codes.
func RegisterHints(p Product, m map[string]string) {
	hintsMu.Lock()
	defer hintsMu.Unlock()
	if hints[p] == nil {
		hints[p] = map[string]string{}
	}
	for k, v := range m {
		hints[p][k] = v
	}
}

// actionHints holds advice for a code answered by one API action. It wins over the product's hint for the
// code: the same code can need different advice from different APIs of one product (E-HPC's ImageNotFound
// from CreateCluster is about the manager's image, from AddExistedNodes about the nodes' image).
var actionHints = map[Product]map[string]map[string]string{}

// RegisterActionHints adds one-line hints for codes answered by the given actions of a product.
func RegisterActionHints(p Product, actions []string, m map[string]string) {
	hintsMu.Lock()
	defer hintsMu.Unlock()
	if actionHints[p] == nil {
		actionHints[p] = map[string]map[string]string{}
	}
	for _, a := range actions {
		if actionHints[p][a] == nil {
			actionHints[p][a] = map[string]string{}
		}
		for k, v := range m {
			actionHints[p][a][k] = v
		}
	}
}

// HintFor returns the advice for a code answered by an action: the action's own hint, else Hint.
func HintFor(p Product, action, code string) string {
	hintsMu.RLock()
	h, ok := actionHints[p][action][code]
	hintsMu.RUnlock()
	if ok {
		return h
	}
	return Hint(p, code)
}

// Hint returns the advice for an error code of a product, or "".
func Hint(p Product, code string) string {
	hintsMu.RLock()
	defer hintsMu.RUnlock()
	if h, ok := hints[p][code]; ok {
		return h
	}
	if h, ok := commonHints[code]; ok {
		return h
	}
	// Families: Batch Compute's Invalid{Parameter} / Missing{Parameter} / QuotaExhausted.{Quota}.
	switch {
	case strings.HasPrefix(code, "QuotaExhausted."):
		return fmt.Sprintf("the %s quota is exhausted: delete unused resources or ask for a higher quota.", strings.TrimPrefix(code, "QuotaExhausted."))
	case strings.HasPrefix(code, "Missing"):
		return fmt.Sprintf("a required parameter (%s) is missing from the request.", strings.TrimPrefix(code, "Missing"))
	case strings.HasPrefix(code, "Invalid") && code != "Invalid":
		return fmt.Sprintf("the service rejected a parameter (%s): check the value in the configuration.", strings.TrimPrefix(code, "Invalid"))
	case strings.Contains(code, "Throttling"):
		return commonHints["Throttling"]
	}
	return ""
}

// Describe renders any error for a person: the API code, message, request id and hint when it is an
// APIError; the error text otherwise.
func Describe(err error) string {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s returned", ae.Product, ae.Action)
	if ae.HTTPStatus != 0 {
		fmt.Fprintf(&b, " HTTP %d", ae.HTTPStatus)
	}
	fmt.Fprintf(&b, "\n  code:       %s", ae.Code)
	if ae.Message != "" {
		fmt.Fprintf(&b, "\n  message:    %s", ae.Message)
	}
	if ae.RequestID != "" {
		fmt.Fprintf(&b, "\n  request id: %s", ae.RequestID)
	}
	if h := HintFor(ae.Product, ae.Action, ae.Code); h != "" {
		fmt.Fprintf(&b, "\n  hint:       %s", h)
	}
	// Wrapping context is kept: what comes before the API error (retries given up, timeouts) and after it
	// (an unknown outcome, what the provider found out since, what to check before applying again).
	if outer, inner := err.Error(), ae.Error(); outer != inner {
		if i := strings.Index(outer, inner); i >= 0 {
			before, after := strings.TrimSpace(outer[:i]), strings.TrimSpace(outer[i+len(inner):])
			switch {
			case after == "" && before != "":
				fmt.Fprintf(&b, "\n  note:       %s", strings.TrimSuffix(before, ":"))
			case after != "":
				fmt.Fprintf(&b, "\n  note:       %s", strings.TrimSpace(before+" … "+after))
			}
		}
	}
	return b.String()
}

// ErrorDiagnostic is the diagnostic every resource reports for a failed API call: summary says what was
// being done ("Creating E-HPC cluster"), the detail carries code, message, request id and hint.
func ErrorDiagnostic(summary string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(summary, Describe(err))
}
