package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/emulator/core"
)

// Admin is a client of the emulator's admin API (/_emulator/…), for tests and tools.
type Admin struct {
	// BaseURL is the emulator's URL, e.g. "http://127.0.0.1:8099".
	BaseURL string
	// HTTPClient is used when set (http.DefaultClient otherwise).
	HTTPClient *http.Client
}

// AdminError is a non-2xx answer of the admin API.
type AdminError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *AdminError) Error() string {
	return fmt.Sprintf("emulator admin %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Body)
}

// Do sends in (JSON, when non-nil) to path and decodes the answer into out (when non-nil). A non-2xx answer
// is an *AdminError carrying the body.
func (a *Admin) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("emulator admin %s %s: encoding request: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(a.BaseURL, "/")+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := a.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("emulator admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("emulator admin %s %s: reading answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &AdminError{Method: method, Path: path, Status: resp.StatusCode, Body: strings.TrimSpace(string(data))}
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("emulator admin %s %s: decoding answer: %w", method, path, err)
		}
	}
	return nil
}

// Health checks that the emulator answers.
func (a *Admin) Health(ctx context.Context) error {
	return a.Do(ctx, http.MethodGet, "/_emulator/health", nil, nil)
}

// SetFaults replaces the fault configuration.
func (a *Admin) SetFaults(ctx context.Context, f core.FaultConfig) error {
	return a.Do(ctx, http.MethodPut, "/_emulator/faults", f, nil)
}

// Faults returns the fault configuration as it stands (counters included).
func (a *Admin) Faults(ctx context.Context) (core.FaultConfig, error) {
	var f core.FaultConfig
	err := a.Do(ctx, http.MethodGet, "/_emulator/faults", nil, &f)
	return f, err
}

// ClearFaults switches every fault off.
func (a *Admin) ClearFaults(ctx context.Context) error {
	return a.Do(ctx, http.MethodDelete, "/_emulator/faults", nil, nil)
}

// Stats returns API request counts keyed "product:Action" (failed requests included).
func (a *Admin) Stats(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := a.Do(ctx, http.MethodGet, "/_emulator/stats", nil, &out)
	return out, err
}

// ResetStats zeroes the request counts.
func (a *Admin) ResetStats(ctx context.Context) error {
	return a.Do(ctx, http.MethodPost, "/_emulator/stats/reset", nil, nil)
}

// SetLatency sets how long asynchronous work takes from now on (millisecond resolution).
func (a *Admin) SetLatency(ctx context.Context, d time.Duration) error {
	return a.Do(ctx, http.MethodPut, "/_emulator/latency", map[string]int64{"latency_ms": d.Milliseconds()}, nil)
}

// State decodes the whole state document ({product name: state}) into out.
func (a *Admin) State(ctx context.Context, out any) error {
	return a.Do(ctx, http.MethodGet, "/_emulator/state", nil, out)
}

// AddKey makes the emulator accept another key pair (an STS one when k.SecurityToken is set).
func (a *Admin) AddKey(ctx context.Context, k core.AccessKey) error {
	return a.Do(ctx, http.MethodPost, "/_emulator/keys", k, nil)
}
