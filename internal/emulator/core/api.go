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

// Style is how an API is called on the wire.
type Style string

const (
	// StyleRPC: any path, Action and Version in the query (or a form body), GET or POST, signature in the
	// parameters.
	StyleRPC Style = "rpc"
	// StyleROA: REST paths and methods, the version in the x-acs-version header, signature in the
	// Authorization header.
	StyleROA Style = "roa"
)

// ErrorShape is the form of an API's error bodies. The names describe the form, not a product.
type ErrorShape int

const (
	// ErrorShapeRPC: {"RequestId","HostId","Code","Message","Recommend"}, the gateway's RPC form.
	ErrorShapeRPC ErrorShape = iota
	// ErrorShapeLowerCamel: {"code","message","requestId"}, lower-case keys.
	ErrorShapeLowerCamel
	// ErrorShapeHostID: {"Code","Message","HostId"}; the request id travels only in the x-acs-request-id
	// header.
	ErrorShapeHostID
)

// API is what a product declares about one API version it serves, before it registers that version's
// routes (Router.API). RPC requests are routed to an API by their Version parameter, ROA requests by their
// x-acs-version header; the remaining fields say how an ROA request whose version is missing or unknown, or
// whose path no route serves, is answered.
type API struct {
	Style   Style
	Version string
	// Errors is the form of this API's error bodies. RPC APIs always answer in ErrorShapeRPC.
	Errors ErrorShape
	// Title names the service in generated messages ("Container Service").
	Title string
	// HostPrefix claims ROA requests without a known x-acs-version whose Host starts with it (case does not
	// matter): a product's endpoint host is "<prefix>.<region>.aliyuncs.com".
	HostPrefix string
	// Fallback claims ROA requests without a known x-acs-version that neither a HostPrefix nor a path served
	// by exactly one ROA API places. At most one ROA API may set it.
	Fallback bool
	// UnknownVersion answers an ROA request placed at this API whose x-acs-version is missing or unknown.
	// nil: 400 InvalidVersion naming Title and Version.
	UnknownVersion func(version string) *Error
	// UnknownRoute answers an ROA request of this version that no route serves; pathKnown says the path is
	// served with another method. nil: 404 InvalidAction.NotFound, the gateway's answer.
	UnknownRoute func(method, path string, pathKnown bool) *Error
}

func (a *API) unknownVersion(version string) *Error {
	if a != nil && a.UnknownVersion != nil {
		return a.UnknownVersion(version)
	}
	title, serves := "this endpoint", "no ROA version"
	if a != nil {
		title, serves = a.Title, a.Version
	}
	return Errorf(http.StatusBadRequest, "InvalidVersion", "Specified x-acs-version %q is not valid; %s serves %s.", version, title, serves)
}

func (a *API) unknownRoute(method, path string, pathKnown bool) *Error {
	if a != nil && a.UnknownRoute != nil {
		return a.UnknownRoute(method, path, pathKnown)
	}
	return Errorf(http.StatusNotFound, "InvalidAction.NotFound",
		"Specified api is not found, please check your url and method: %s %s.", method, path)
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
	api      *API   // nil for admin routes
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
	// Register declares the product's APIs (Router.API) and adds their routes and the product's admin routes.
	Register(r *Router)
	// State returns a pointer to the product's whole state. It is marshaled to JSON for persistence and
	// unmarshalled into on restore, so it must be a plain struct of exported fields (maps, slices, times).
	State() any
	// Seed fills a fresh state with the inventory a new user can use at once and returns human-readable
	// lines describing it (printed at start-up). It is not called when a state file is restored.
	Seed(env *Env) []string
}

// Router collects one product's API declarations and routes.
type Router struct {
	product string
	apis    map[string]*API // by version
	decls   *[]apiDecl
	routes  *[]*route
}

// apiDecl is a declared API and the product that declared it.
type apiDecl struct {
	product string
	api     *API
}

func newRouter(product string, decls *[]apiDecl, routes *[]*route) *Router {
	return &Router{product: product, apis: map[string]*API{}, decls: decls, routes: routes}
}

// API declares an API version the product serves; its routes (RPC or ROA, as a.Style says) follow.
func (r *Router) API(a API) {
	if a.Version == "" || (a.Style != StyleRPC && a.Style != StyleROA) {
		panic(fmt.Sprintf("product %s: an API needs a version and the style rpc or roa, got %q %q", r.product, a.Version, a.Style))
	}
	if _, dup := r.apis[a.Version]; dup {
		panic(fmt.Sprintf("product %s declares API version %s twice", r.product, a.Version))
	}
	if a.Style == StyleRPC {
		a.Errors = ErrorShapeRPC
	}
	p := &a
	r.apis[a.Version] = p
	*r.decls = append(*r.decls, apiDecl{product: r.product, api: p})
}

func (r *Router) declared(version string, style Style) *API {
	a := r.apis[version]
	if a == nil || a.Style != style {
		panic(fmt.Sprintf("product %s registers a %s route of version %s without declaring that API (Router.API)", r.product, style, version))
	}
	return a
}

// RPC registers an RPC action of a declared RPC API: any path, ?Action=action&Version=version, GET or POST.
func (r *Router) RPC(version, action string, h Handler, opts ...RouteOption) {
	r.add(&route{style: "rpc", api: r.declared(version, StyleRPC), version: version, action: action, shape: ErrorShapeRPC, handler: h}, opts)
}

// ROA registers an API of a declared ROA API: method and pattern ("/clusters/{cluster_id}/nodes"), told
// apart from other products' routes by x-acs-version. action names it in stats and logs.
func (r *Router) ROA(version, method, pattern, action string, h Handler, opts ...RouteOption) {
	a := r.declared(version, StyleROA)
	r.add(&route{style: "roa", api: a, version: version, method: method, pattern: pattern, segments: splitPath(pattern),
		action: action, shape: a.Errors, handler: h}, opts)
}

// Admin registers an unsigned admin route under /_emulator/ (pattern must start with it). Admin answers and
// errors are JSON; errors use ErrorShapeRPC.
func (r *Router) Admin(method, pattern string, h Handler, opts ...RouteOption) {
	if !strings.HasPrefix(pattern, "/_emulator/") {
		panic("admin routes live under /_emulator/: " + pattern)
	}
	r.add(&route{style: "admin", method: method, pattern: pattern, segments: splitPath(pattern),
		action: "admin:" + method + " " + pattern, shape: ErrorShapeRPC, handler: h}, opts)
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
