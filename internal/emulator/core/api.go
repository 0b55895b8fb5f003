// Package core is the emulator's shared protocol layer: routing of RPC and ROA requests, signature checks,
// error bodies in each product's shape, the state store with persistence, the clock, fault injection and the
// admin API. Products (internal/emulator/ehpc, cs, batchcompute) only register handlers and own their state.
//
// Concurrency model: the server holds one mutex while a handler runs, so handlers read and write their
// product's state freely and never lock. Time-driven progress (a cluster that becomes running after the
// configured latency) is computed lazily from timestamps when a handler looks at an object, which keeps the
// state a plain JSON document that survives a restart unchanged.
package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrorShape is how a product writes error bodies.
type ErrorShape int

const (
	// ShapeRPC: {"RequestId","HostId","Code","Message","Recommend"} (E-HPC).
	ShapeRPC ErrorShape = iota
	// ShapeCS: {"code","message","requestId"} with lower-case keys (Container Service).
	ShapeCS
	// ShapeBatch: {"Code","Message","HostId"} with the request id in the x-acs-request-id header (Batch Compute).
	ShapeBatch
)

// ROA API versions and their error shapes. ROA requests are told apart by the x-acs-version header, since
// CS and Batch Compute share paths such as /clusters/{id}.
const (
	VersionCS    = "2015-12-15"
	VersionBatch = "2015-11-11"
)

// ShapeOfROAVersion maps an ROA x-acs-version to its product's error shape.
func ShapeOfROAVersion(v string) ErrorShape {
	if v == VersionBatch {
		return ShapeBatch
	}
	return ShapeCS
}

// Request is one authenticated API request as a handler sees it.
type Request struct {
	HTTP *http.Request
	// Product is the registering product's name; Action the API name ("CreateCluster", "ScaleOutCluster").
	Product string
	Action  string
	Version string
	// Params: RPC — the decoded query merged with a form body; ROA — the decoded query.
	Params url.Values
	// PathParams holds ROA path placeholders: pattern "/clusters/{cluster_id}" gives PathParams["cluster_id"].
	PathParams map[string]string
	// Body is the raw ROA body.
	Body        []byte
	RequestID   string
	AccessKeyID string
	// Now is the emulator clock's time when the request arrived.
	Now time.Time
	Env *Env
}

// Param returns an RPC/query parameter ("" when absent).
func (r *Request) Param(name string) string { return r.Params.Get(name) }

// HasParam reports whether a parameter is present (possibly empty).
func (r *Request) HasParam(name string) bool { _, ok := r.Params[name]; return ok }

// DecodeJSON decodes an ROA body into v. Callers map the error to their product's code
// (InvalidJsonFormat for Batch Compute, for instance).
func (r *Request) DecodeJSON(v any) error {
	if len(strings.TrimSpace(string(r.Body))) == 0 {
		return fmt.Errorf("empty body")
	}
	return json.Unmarshal(r.Body, v)
}

// Response is a successful answer; Body is encoded as JSON (json.RawMessage and []byte are sent as they
// are). Status 0 means 200. Bodies are encoded while the server mutex is still held, so they may point into
// the product's state. RPC answers whose body is a JSON object get a top-level "RequestId" (the request's id)
// inserted first unless the body has one; a nil RPC body becomes {"RequestId": …}. ROA bodies are sent as
// they are (nil: no body) and every answer carries the id in the x-acs-request-id header.
type Response struct {
	Status int
	Body   any
	Header http.Header
}

// OK answers 200 with body.
func OK(body any) *Response { return &Response{Status: http.StatusOK, Body: body} }

// WithStatus answers with a 2xx status other than 200 (201 Created, 202 Accepted, 204 No Content).
func WithStatus(status int, body any) *Response { return &Response{Status: status, Body: body} }

// Error is an API error; the server renders it in the product's shape with the request id.
type Error struct {
	Status  int
	Code    string
	Message string
	Header  http.Header
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// Errorf builds an API error.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Handler serves one API. Returning a *Error renders it; any other error becomes 500 InternalError.
type Handler func(*Request) (*Response, error)

// RouteOption marks a route.
type RouteOption func(*route)

// Mutating marks a route that changes state: the store is persisted after it succeeds.
func Mutating() RouteOption { return func(r *route) { r.mutating = true } }

// Creating marks a route that creates something: the "lose create responses" fault applies the request and
// then drops the connection, to prove that clients do not create twice. Implies Mutating.
func Creating() RouteOption { return func(r *route) { r.mutating, r.creating = true, true } }

type route struct {
	product  string
	style    string // "rpc", "roa" or "admin"
	version  string
	method   string
	pattern  string
	segments []string
	action   string
	shape    ErrorShape
	handler  Handler
	mutating bool
	creating bool
}

// Product is one emulated service.
type Product interface {
	// Name is a short lower-case name: "ehpc", "cs", "batchcompute". It keys the persisted state and the stats.
	Name() string
	// Register adds the product's API and admin routes.
	Register(r *Router)
	// State returns a pointer to the product's whole state. It is marshaled to JSON for persistence and
	// unmarshalled into on restore, so it must be a plain struct of exported fields (maps, slices, times).
	State() any
	// Seed fills a fresh state with the inventory a new user can use at once and returns human-readable
	// lines describing it (printed at start-up). It is not called when a state file is restored.
	Seed(env *Env) []string
}

// Router collects routes for one product at a time.
type Router struct {
	product string
	routes  *[]*route
}

// NewRouter returns a router that records routes of product into routes (used by the server).
func NewRouter(product string, routes *[]*route) *Router {
	return &Router{product: product, routes: routes}
}

// RPC registers an RPC action: any path, ?Action=action&Version=version, GET or POST.
func (r *Router) RPC(version, action string, h Handler, opts ...RouteOption) {
	r.add(&route{style: "rpc", version: version, action: action, shape: ShapeRPC, handler: h}, opts)
}

// ROA registers an ROA API: method and pattern ("/clusters/{cluster_id}/nodes"), told apart from other
// products by x-acs-version. action names it in stats and logs.
func (r *Router) ROA(version, method, pattern, action string, h Handler, opts ...RouteOption) {
	r.add(&route{style: "roa", version: version, method: method, pattern: pattern, segments: splitPath(pattern),
		action: action, shape: ShapeOfROAVersion(version), handler: h}, opts)
}

// Admin registers an unsigned admin route under /_emulator/ (pattern must start with it). Admin answers and
// errors are JSON; errors use ShapeRPC.
func (r *Router) Admin(method, pattern string, h Handler, opts ...RouteOption) {
	if !strings.HasPrefix(pattern, "/_emulator/") {
		panic("admin routes live under /_emulator/: " + pattern)
	}
	r.add(&route{style: "admin", method: method, pattern: pattern, segments: splitPath(pattern),
		action: "admin:" + method + " " + pattern, shape: ShapeRPC, handler: h}, opts)
}

func (r *Router) add(rt *route, opts []RouteOption) {
	rt.product = r.product
	for _, o := range opts {
		o(rt)
	}
	*r.routes = append(*r.routes, rt)
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

// matchPath matches a decoded request path against a route's segments and fills params.
func (rt *route) matchPath(p string) (map[string]string, bool) {
	segs := splitPath(p)
	if len(segs) != len(rt.segments) {
		return nil, false
	}
	params := map[string]string{}
	for i, s := range rt.segments {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if segs[i] == "" {
				return nil, false
			}
			params[s[1:len(s)-1]] = segs[i]
			continue
		}
		if s != segs[i] {
			return nil, false
		}
	}
	return params, true
}
