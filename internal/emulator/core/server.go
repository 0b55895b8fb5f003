package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// maxBodyBytes bounds a request body; the real APIs take a few kilobytes.
const maxBodyBytes = 8 << 20

// Options configure a Server.
type Options struct {
	Products []Product
	// Env is shared by all handlers (clock, latency, region, id randomness).
	Env *Env
	// Keys are the accepted key pairs; more can be added with AddKey or POST /_emulator/keys.
	Keys []AccessKey
	// StatePath, when set, is the JSON state file: restored at start, written after every successful
	// mutating request and on Close.
	StatePath string
	// Seed makes fault injection (and, mixed with the state generation, ids after a restore) reproducible.
	Seed int64
	// Faults is the initial fault configuration.
	Faults FaultConfig
	// Log receives one line per request (never parameter values, which may hold passwords); nil discards.
	Log io.Writer
}

// Server is the emulator's HTTP handler: one listener for every product's RPC and ROA API and the admin API.
//
// A request goes: request id → admin route (unsigned) or API route (RPC by Action+Version, ROA by
// x-acs-version + method + path) → count in stats → signature check → faults → handler under the server
// mutex → persist after a successful mutating route → JSON answer in the route's shape.
type Server struct {
	// mu is held while any handler runs: it guards every product's state and env.
	mu       sync.Mutex
	env      *Env
	products []Product
	seed     int64

	rpc     map[string]*route   // key version + " " + action
	rpcAPIs map[string]apiDecl  // by Version parameter
	roa     map[string][]*route // by x-acs-version
	roaAPIs map[string]apiDecl  // by x-acs-version
	// roaOrder is the ROA APIs in registration order; roaFallback places ROA requests nothing else places.
	roaOrder    []apiDecl
	roaFallback *apiDecl
	admin       []*route

	auth   *authenticator
	faults *faultInjector
	stats  *requestStats
	store  *store
	log    *requestLog
	seeded []string
}

// NewServer registers the products, restores the state file when there is one (otherwise seeds the
// products) and returns the handler.
func NewServer(o Options) (*Server, error) {
	if o.Env == nil {
		o.Env = NewEnv(nil, 0, "cn-hangzhou", o.Seed)
	}
	s := &Server{
		env:      o.Env,
		products: o.Products,
		seed:     o.Seed,
		rpc:      map[string]*route{},
		rpcAPIs:  map[string]apiDecl{},
		roa:      map[string][]*route{},
		roaAPIs:  map[string]apiDecl{},
		auth:     newAuthenticator(o.Keys),
		faults:   newFaultInjector(o.Seed),
		stats:    &requestStats{counts: map[string]int{}},
		store:    &store{path: o.StatePath},
		log:      &requestLog{w: o.Log},
	}
	if err := s.faults.set(o.Faults); err != nil {
		return nil, err
	}
	var routes []*route
	var decls []apiDecl
	s.registerAdmin(newRouter("emulator", &decls, &routes))
	seen := map[string]bool{}
	for _, p := range o.Products {
		if seen[p.Name()] || p.Name() == "emulator" || p.Name() == stateMetaKey || p.Name() == "unknown" {
			return nil, fmt.Errorf("emulator product name %q is used twice or reserved", p.Name())
		}
		seen[p.Name()] = true
		p.Register(newRouter(p.Name(), &decls, &routes))
	}
	if err := s.addAPIs(decls); err != nil {
		return nil, err
	}
	for _, rt := range routes {
		if err := s.addRoute(rt); err != nil {
			return nil, err
		}
	}
	if err := s.restoreOrSeed(); err != nil {
		return nil, err
	}
	return s, nil
}

// addAPIs indexes the declared APIs: a version belongs to one product per style, and at most one ROA API is
// the fallback.
func (s *Server) addAPIs(decls []apiDecl) error {
	for _, d := range decls {
		byVersion := s.rpcAPIs
		if d.api.Style == StyleROA {
			byVersion = s.roaAPIs
		}
		if o, dup := byVersion[d.api.Version]; dup {
			return fmt.Errorf("%s version %s declared by %s and %s", d.api.Style, d.api.Version, o.product, d.product)
		}
		byVersion[d.api.Version] = d
		if d.api.Style != StyleROA {
			continue
		}
		s.roaOrder = append(s.roaOrder, d)
		if d.api.Fallback {
			if s.roaFallback != nil {
				return fmt.Errorf("ROA fallback declared by %s (%s) and %s (%s)", s.roaFallback.product, s.roaFallback.api.Version, d.product, d.api.Version)
			}
			s.roaFallback = &d
		}
	}
	if s.roaFallback == nil && len(s.roaOrder) == 1 {
		s.roaFallback = &s.roaOrder[0]
	}
	return nil
}

func (s *Server) addRoute(rt *route) error {
	switch rt.style {
	case "rpc":
		k := rt.version + " " + rt.action
		if _, dup := s.rpc[k]; dup {
			return fmt.Errorf("RPC action %s %s registered twice", rt.version, rt.action)
		}
		s.rpc[k] = rt
	case "roa":
		for _, o := range s.roa[rt.version] {
			if o.method == rt.method && o.pattern == rt.pattern {
				return fmt.Errorf("ROA route %s %s (%s) registered twice", rt.method, rt.pattern, rt.version)
			}
		}
		s.roa[rt.version] = append(s.roa[rt.version], rt)
	case "admin":
		for _, o := range s.admin {
			if o.method == rt.method && o.pattern == rt.pattern {
				return fmt.Errorf("admin route %s %s registered by %s and %s", rt.method, rt.pattern, o.product, rt.product)
			}
		}
		s.admin = append(s.admin, rt)
	}
	return nil
}

// RouteInfo describes a registered route.
type RouteInfo struct {
	Product string
	// Style is "rpc", "roa" or "admin".
	Style   string
	Version string
	// Method and Pattern are empty for RPC routes (any path, GET or POST).
	Method  string
	Pattern string
	Action  string
	Creates bool
}

// Routes lists every registered route: tests use it to prove that each one refuses unsigned requests.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	add := func(rt *route) {
		out = append(out, RouteInfo{Product: rt.product, Style: rt.style, Version: rt.version, Method: rt.method,
			Pattern: rt.pattern, Action: rt.action, Creates: rt.creating})
	}
	for _, rt := range s.rpc {
		add(rt)
	}
	for _, rts := range s.roa {
		for _, rt := range rts {
			add(rt)
		}
	}
	for _, rt := range s.admin {
		add(rt)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Product+a.Style+a.Version+a.Action+a.Method+a.Pattern < b.Product+b.Style+b.Version+b.Action+b.Method+b.Pattern
	})
	return out
}

// Seeded describes the inventory created at start (or says the state was restored).
func (s *Server) Seeded() []string { return append([]string(nil), s.seeded...) }

// Env is the environment handed to handlers. Change it only under Do.
func (s *Server) Env() *Env { return s.env }

// Do runs f under the server mutex, as handlers run; tests use it to look at or change product state.
func (s *Server) Do(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// AddKey accepts another key pair (for instance an STS key with its security token).
func (s *Server) AddKey(k AccessKey) { s.auth.addKey(k) }

// SetFaults replaces the fault configuration.
func (s *Server) SetFaults(f FaultConfig) error { return s.faults.set(f) }

// Stats returns request counts keyed "product:Action".
func (s *Server) Stats() map[string]int { return s.stats.snapshot() }

// Close writes the state file one last time.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.persistLocked()
}

// call is one API request on its way through the server.
type call struct {
	rid   string
	shape ErrorShape
	host  string
	rt    *route
	stat  string
	// keyID and nonce identify the signature, so a dropped request's nonce can be forgotten.
	keyID, nonce string
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c := &call{rid: newRequestID(), host: r.Host, shape: ErrorShapeRPC}
	w.Header().Set("x-acs-request-id", c.rid)
	if r.URL.Path == "/_emulator" || strings.HasPrefix(r.URL.Path, "/_emulator/") {
		status := s.serveAdmin(w, r, c)
		s.log.line(start, c, r, "admin:"+r.URL.Path, status)
		return
	}
	status := s.serveAPI(w, r, c)
	s.log.line(start, c, r, c.stat, status)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, c *call) int {
	body, err := readBody(w, r)
	if err != nil {
		c.stat = "unknown:UnreadableBody"
		s.stats.add(c.stat)
		return s.writeError(w, c, Errorf(http.StatusRequestEntityTooLarge, "InvalidHttpBody", "The request body could not be read: %v", err))
	}
	query, qerr := url.ParseQuery(r.URL.RawQuery)
	var form url.Values
	if isForm(r.Header.Get("Content-Type")) && len(body) > 0 {
		form, _ = url.ParseQuery(string(body))
	}
	isRPC := query.Has("Action") ||
		(r.Header.Get("x-acs-version") == "" && (form.Has("Action") || r.URL.Path == "/" || r.URL.Path == ""))
	if isRPC {
		return s.serveRPC(w, r, c, query, form, qerr)
	}
	return s.serveROA(w, r, c, query, body, qerr)
}

func (s *Server) serveRPC(w http.ResponseWriter, r *http.Request, c *call, query, form url.Values, qerr error) int {
	params := url.Values{}
	for k, v := range query {
		params[k] = append(params[k], v...)
	}
	for k, v := range form {
		params[k] = append(params[k], v...)
	}
	action, version := params.Get("Action"), params.Get("Version")
	product := s.rpcAPIs[version].product
	if product == "" {
		product = "unknown"
	}
	c.stat = product + ":" + action
	if action == "" {
		c.stat = product + ":MissingAction"
	}
	s.stats.add(c.stat)
	switch {
	case qerr != nil:
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "InvalidQueryString", "The query string is malformed: %v", qerr))
	case action == "":
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "MissingParameter",
			"The input parameter \"Action\" that is mandatory for processing this request is not supplied."))
	case version == "":
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "MissingParameter",
			"The input parameter \"Version\" that is mandatory for processing this request is not supplied."))
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "UnsupportedHTTPMethod",
			"RPC APIs are called with GET or POST, not %s.", r.Method))
	}
	if _, ok := s.rpcAPIs[version]; !ok {
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version %q is not valid.", version))
	}
	rt := s.rpc[version+" "+action]
	if rt == nil {
		return s.writeError(w, c, Errorf(http.StatusNotFound, "InvalidAction.NotFound",
			"Specified api is not found, please check your url and method: Action %q does not exist in version %s.", action, version))
	}
	c.rt, c.shape = rt, rt.shape
	keyID, aerr := s.auth.verifyRPC(r.Method, params)
	if aerr != nil {
		return s.writeError(w, c, aerr)
	}
	c.keyID, c.nonce = keyID, params.Get("SignatureNonce")
	req := &Request{HTTP: r, Product: rt.product, Action: rt.action, Version: version, Params: params, RequestID: c.rid, AccessKeyID: keyID}
	return s.dispatch(w, r, c, req)
}

func (s *Server) serveROA(w http.ResponseWriter, r *http.Request, c *call, query url.Values, body []byte, qerr error) int {
	version := r.Header.Get("x-acs-version")
	decl, known := s.roaAPIs[version]
	if !known {
		// Missing or unknown version: the error is answered in the form of the API the request was most
		// likely meant for.
		product, api := "unknown", (*API)(nil)
		c.shape = ErrorShapeLowerCamel
		if d := s.placeROA(r); d != nil {
			product, api, c.shape = d.product, d.api, d.api.Errors
		}
		c.stat = product + ":InvalidVersion"
		s.stats.add(c.stat)
		return s.writeError(w, c, api.unknownVersion(version))
	}
	c.shape = decl.api.Errors
	var rt *route
	var pathParams map[string]string
	pathKnown := false
	for _, cand := range s.roa[version] {
		if pp, ok := cand.matchPath(r.URL.Path); ok {
			pathKnown = true
			if cand.method == r.Method {
				rt, pathParams = cand, pp
				break
			}
		}
	}
	if rt == nil {
		c.stat = decl.product + ":UnknownPath"
		s.stats.add(c.stat)
		return s.writeError(w, c, decl.api.unknownRoute(r.Method, r.URL.Path, pathKnown))
	}
	c.rt = rt
	c.stat = rt.product + ":" + rt.action
	s.stats.add(c.stat)
	if qerr != nil {
		code := "InvalidQueryString"
		return s.writeError(w, c, Errorf(http.StatusBadRequest, code, "The query string is malformed: %v", qerr))
	}
	keyID, aerr := s.auth.verifyROA(r, query, body)
	if aerr != nil {
		return s.writeError(w, c, aerr)
	}
	c.keyID, c.nonce = keyID, r.Header.Get("x-acs-signature-nonce")
	req := &Request{HTTP: r, Product: rt.product, Action: rt.action, Version: version, Params: query,
		PathParams: pathParams, Body: body, RequestID: c.rid, AccessKeyID: keyID}
	return s.dispatch(w, r, c, req)
}

// placeROA picks the ROA API of a request whose x-acs-version is missing or unknown: the API whose
// HostPrefix the host starts with, else the only API with a route for the path, else the fallback API.
func (s *Server) placeROA(r *http.Request) *apiDecl {
	host := strings.ToLower(r.Host)
	for i, d := range s.roaOrder {
		if d.api.HostPrefix != "" && strings.HasPrefix(host, strings.ToLower(d.api.HostPrefix)) {
			return &s.roaOrder[i]
		}
	}
	var only *apiDecl
	for i, d := range s.roaOrder {
		for _, rt := range s.roa[d.api.Version] {
			if _, ok := rt.matchPath(r.URL.Path); ok {
				if only != nil {
					return s.roaFallback
				}
				only = &s.roaOrder[i]
				break
			}
		}
	}
	if only != nil {
		return only
	}
	return s.roaFallback
}

// dispatch applies faults and runs the handler of an authenticated request.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, c *call, req *Request) int {
	d := s.faults.decide(c.stat, c.rt.creating)
	if d.slow > 0 {
		t := time.NewTimer(d.slow)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return 0
		}
	}
	switch {
	case d.err != nil:
		return s.writeError(w, c, d.err)
	case d.drop:
		s.auth.forgetNonce(c.keyID, c.nonce)
		dropConnection(w)
		return 0
	}
	out, err := s.run(c.rt, req, c.rt.style == "rpc")
	if d.loseResponse {
		dropConnection(w)
		return 0
	}
	if err != nil {
		return s.writeError(w, c, asAPIError(err, s.log, c))
	}
	return writeAnswer(w, out)
}

// answer is a successful response, encoded while the server mutex was held (bodies may point into state).
type answer struct {
	status int
	header http.Header
	body   []byte
}

// run executes a handler under the server mutex, encodes its answer and persists after a successful
// mutating route.
func (s *Server) run(rt *route, req *Request, rpcBody bool) (out *answer, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("handler %s:%s panicked: %v", rt.product, rt.action, p)
		}
	}()
	req.Env = s.env
	req.Now = s.env.Now()
	resp, err := rt.handler(req)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		resp = OK(nil)
	}
	out = &answer{status: resp.Status, header: resp.Header}
	if out.status == 0 {
		out.status = http.StatusOK
	}
	if out.body, err = encodeBody(resp.Body, rpcBody, req.RequestID); err != nil {
		return nil, fmt.Errorf("encoding the answer of %s:%s: %w", rt.product, rt.action, err)
	}
	if rt.mutating {
		if perr := s.persistLocked(); perr != nil {
			// The change is applied in memory but not durable: answer 500 so a client treats the outcome as
			// unknown and looks before it retries, as it would against the real service.
			return nil, fmt.Errorf("saving the emulator state: %w", perr)
		}
	}
	return out, nil
}

func asAPIError(err error, log *requestLog, c *call) *Error {
	var e *Error
	if errors.As(err, &e) {
		if e.Status == 0 {
			e.Status = http.StatusBadRequest
		}
		return e
	}
	log.printf("request %s: internal error: %v", c.rid, err)
	return Errorf(http.StatusInternalServerError, "InternalError", "The request processing has failed due to some unknown error: %v", err)
}

// dropConnection closes the connection without an answer, as a network failure or a crashed gateway would.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// Without a hijackable connection (HTTP/2), aborting the handler makes the server reset the stream.
	panic(http.ErrAbortHandler)
}

// writeAnswer writes a successful answer. RPC bodies that are JSON objects get a top-level "RequestId"
// (the request's id) inserted first unless the handler set one, because every RPC answer carries it (see
// encodeBody); ROA answers carry the id in the x-acs-request-id header (set for every request) and their
// body is left as the handler made it.
func writeAnswer(w http.ResponseWriter, a *answer) int {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	if a.body != nil {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	}
	w.WriteHeader(a.status)
	if a.body != nil && a.status != http.StatusNoContent && a.status != http.StatusNotModified {
		_, _ = w.Write(a.body) // a write error means the client went away; there is no one left to tell
	}
	return a.status
}

func encodeBody(v any, rpc bool, rid string) ([]byte, error) {
	var b []byte
	switch t := v.(type) {
	case nil:
		if !rpc {
			return nil, nil
		}
		b = []byte("{}")
	case json.RawMessage:
		b = t
	case []byte:
		b = t
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	if !rpc || !needsRequestID(b) {
		return b, nil
	}
	id, _ := json.Marshal(rid)
	out := make([]byte, 0, len(b)+len(id)+16)
	out = append(out, `{"RequestId":`...)
	out = append(out, id...)
	if len(bytes.TrimSpace(b[1:len(b)-1])) > 0 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// needsRequestID reports whether b is a JSON object without a top-level "RequestId".
func needsRequestID(b []byte) bool {
	var top map[string]json.RawMessage
	if len(b) < 2 || b[0] != '{' || json.Unmarshal(b, &top) != nil {
		return false
	}
	_, ok := top["RequestId"]
	return !ok
}

// writeError renders an API error in the route's shape.
func (s *Server) writeError(w http.ResponseWriter, c *call, e *Error) int {
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	var body any
	switch c.shape {
	case ErrorShapeLowerCamel:
		body = struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		}{e.Code, e.Message, c.rid}
	case ErrorShapeHostID:
		body = struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
			HostID  string `json:"HostId"`
		}{e.Code, e.Message, c.host}
	default:
		body = struct {
			RequestID string `json:"RequestId"`
			HostID    string `json:"HostId"`
			Code      string `json:"Code"`
			Message   string `json:"Message"`
			Recommend string `json:"Recommend"`
		}{c.rid, c.host, e.Code, e.Message, "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(e.Code) + "&requestId=" + c.rid}
	}
	b, _ := json.Marshal(body)
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return status
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil { // a request built for a client, handed straight to ServeHTTP
		return nil, nil
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// newRequestID returns an upper-case UUID (version 4 layout), the form of Alibaba request ids.
func newRequestID() string {
	const hexUpper = "0123456789ABCDEF"
	var raw [16]byte
	a, b := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		raw[i], raw[8+i] = byte(a>>(8*i)), byte(b>>(8*i))
	}
	raw[6] = raw[6]&0x0f | 0x40
	raw[8] = raw[8]&0x3f | 0x80
	out := make([]byte, 0, 36)
	for i, x := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexUpper[x>>4], hexUpper[x&0x0f])
	}
	return string(out)
}

// requestStats counts API requests (failed ones too) by "product:Action".
type requestStats struct {
	mu     sync.Mutex
	counts map[string]int
}

func (st *requestStats) add(key string) {
	st.mu.Lock()
	st.counts[key]++
	st.mu.Unlock()
}

func (st *requestStats) snapshot() map[string]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make(map[string]int, len(st.counts))
	for k, v := range st.counts {
		out[k] = v
	}
	return out
}

func (st *requestStats) reset() {
	st.mu.Lock()
	st.counts = map[string]int{}
	st.mu.Unlock()
}

// requestLog writes one line per request: time, request id, product:Action, status, duration. Parameter
// values never appear (they may hold passwords).
type requestLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *requestLog) line(start time.Time, c *call, r *http.Request, what string, status int) {
	if l.w == nil {
		return
	}
	st := fmt.Sprint(status)
	if status == 0 {
		st = "dropped"
	}
	l.printf("%s %s %s %s %s %s", start.UTC().Format("15:04:05.000"), c.rid, r.Method, what, st, time.Since(start).Round(time.Microsecond))
}

func (l *requestLog) printf(format string, args ...any) {
	if l.w == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}
