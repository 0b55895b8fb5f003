package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// The admin API lives under /_emulator/, answers JSON and is not signed (the emulator listens on loopback
// by default). Faults never apply to it and it is not counted in the stats. Errors use the RPC shape.
//
//	GET    /_emulator/health         {"status":"ok","products":[…],"region":…,"latency_ms":…,"time":…}
//	GET    /_emulator/stats          {"ehpc:CreateCluster":3,…}: API requests by product:Action, failed ones too
//	POST   /_emulator/stats/reset    zeroes the counts
//	GET    /_emulator/faults         the current FaultConfig (counters as they stand)
//	PUT    /_emulator/faults         replaces the FaultConfig (unknown fields are refused)
//	DELETE /_emulator/faults         switches every fault off
//	GET    /_emulator/latency        {"latency_ms":N}
//	PUT    /_emulator/latency        {"latency_ms":N}: how long asynchronous work takes from now on
//	GET    /_emulator/state          the whole state document (what the state file holds)
//	POST   /_emulator/keys           {"access_key_id","access_key_secret","security_token","expiration"} adds a key pair
//
// Products add their own routes under /_emulator/<product>/ with Router.Admin.

func (s *Server) registerAdmin(r *Router) {
	r.Admin(http.MethodGet, "/_emulator/health", s.adminHealth)
	r.Admin(http.MethodGet, "/_emulator/stats", func(*Request) (*Response, error) { return OK(s.stats.snapshot()), nil })
	r.Admin(http.MethodPost, "/_emulator/stats/reset", func(*Request) (*Response, error) {
		s.stats.reset()
		return OK(map[string]int{}), nil
	})
	r.Admin(http.MethodGet, "/_emulator/faults", func(*Request) (*Response, error) { return OK(s.faults.get()), nil })
	r.Admin(http.MethodPut, "/_emulator/faults", s.adminSetFaults)
	r.Admin(http.MethodDelete, "/_emulator/faults", func(*Request) (*Response, error) {
		_ = s.faults.set(FaultConfig{})
		return OK(s.faults.get()), nil
	})
	r.Admin(http.MethodGet, "/_emulator/latency", func(req *Request) (*Response, error) {
		return OK(latencyBody{LatencyMS: req.Env.Latency.Milliseconds()}), nil
	})
	r.Admin(http.MethodPut, "/_emulator/latency", s.adminSetLatency)
	r.Admin(http.MethodGet, "/_emulator/state", func(*Request) (*Response, error) {
		b, err := json.Marshal(s.stateDocumentLocked())
		if err != nil {
			return nil, err
		}
		return OK(json.RawMessage(b)), nil
	})
	r.Admin(http.MethodPost, "/_emulator/keys", s.adminAddKey)
}

type latencyBody struct {
	LatencyMS int64 `json:"latency_ms"`
}

func (s *Server) adminHealth(req *Request) (*Response, error) {
	names := make([]string, 0, len(s.products))
	for _, p := range s.products {
		names = append(names, p.Name())
	}
	return OK(map[string]any{
		"status": "ok", "products": names, "region": req.Env.Region,
		"latency_ms": req.Env.Latency.Milliseconds(), "time": req.Now.Format(time.RFC3339Nano),
	}), nil
}

func (s *Server) adminSetFaults(req *Request) (*Response, error) {
	var f FaultConfig
	if err := DecodeStrict(req.Body, &f); err != nil {
		return nil, Errorf(http.StatusBadRequest, "InvalidJSON", "fault configuration: %v", err)
	}
	if err := s.faults.set(f); err != nil {
		return nil, Errorf(http.StatusBadRequest, "InvalidFaultConfig", "%v", err)
	}
	return OK(s.faults.get()), nil
}

func (s *Server) adminSetLatency(req *Request) (*Response, error) {
	var l latencyBody
	if err := DecodeStrict(req.Body, &l); err != nil {
		return nil, Errorf(http.StatusBadRequest, "InvalidJSON", "latency: %v", err)
	}
	if l.LatencyMS < 0 {
		return nil, Errorf(http.StatusBadRequest, "InvalidLatency", "latency_ms must not be negative, got %d", l.LatencyMS)
	}
	req.Env.Latency = time.Duration(l.LatencyMS) * time.Millisecond
	return OK(l), nil
}

func (s *Server) adminAddKey(req *Request) (*Response, error) {
	var k AccessKey
	if err := DecodeStrict(req.Body, &k); err != nil {
		return nil, Errorf(http.StatusBadRequest, "InvalidJSON", "key pair: %v", err)
	}
	if k.ID == "" || k.Secret == "" {
		return nil, Errorf(http.StatusBadRequest, "MissingParameter", "access_key_id and access_key_secret are required")
	}
	s.auth.addKey(k)
	return OK(map[string]any{"access_key_id": k.ID, "sts": k.SecurityToken != ""}), nil
}

// DecodeStrict decodes one JSON value and refuses unknown fields, so a typo in an admin request is an error
// rather than a silently ignored setting. Product admin handlers use it too.
func DecodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("empty body")
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

// serveAdmin answers /_emulator/ routes: no signature, no faults, no stats.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request, c *call) int {
	body, err := readBody(w, r)
	if err != nil {
		return s.writeError(w, c, Errorf(http.StatusRequestEntityTooLarge, "InvalidHttpBody", "The request body could not be read: %v", err))
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return s.writeError(w, c, Errorf(http.StatusBadRequest, "InvalidQueryString", "The query string is malformed: %v", err))
	}
	pathKnown := false
	for _, rt := range s.admin {
		pp, ok := rt.matchPath(r.URL.Path)
		if !ok {
			continue
		}
		pathKnown = true
		if rt.method != r.Method {
			continue
		}
		c.rt = rt
		req := &Request{HTTP: r, Product: rt.product, Action: rt.action, Params: query, PathParams: pp, Body: body, RequestID: c.rid}
		out, err := s.run(rt, req, false)
		if err != nil {
			return s.writeError(w, c, asAPIError(err, s.log, c))
		}
		return writeAnswer(w, out)
	}
	if pathKnown {
		return s.writeError(w, c, Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not served on %s.", r.Method, r.URL.Path))
	}
	return s.writeError(w, c, Errorf(http.StatusNotFound, "NotFound", "No admin route %s %s.", r.Method, r.URL.Path))
}
