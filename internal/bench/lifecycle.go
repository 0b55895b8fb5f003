package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Lifecycle is the API calls one resource's lifecycle made against the emulator, per terraform command.
type Lifecycle struct {
	Type    string
	Create  []string // terraform apply: create and its waits
	Refresh []string // terraform plan right after: the read (the plan must be empty)
	Delete  []string // terraform destroy -refresh=false: delete and its waits
	// EmptyPlan reports whether the plan after the apply showed no changes.
	EmptyPlan bool
}

// RunLifecycle applies one resource of the type, plans, and destroys it, recording the calls of each step.
func (h *Harness) RunLifecycle(ctx context.Context, e *Emulator, typ string, f Fixture, pollInitialDelay time.Duration) (Lifecycle, error) {
	l := Lifecycle{Type: typ}
	w, err := h.WorkspaceHCL("lifecycle-"+typ, AliyunConfigWith(map[string]int{typ: 1}, f), e.ProviderEnv(pollInitialDelay)...)
	if err != nil {
		return l, err
	}
	steps := []struct {
		args []string
		out  *[]string
	}{
		{[]string{"apply", "-auto-approve", "-input=false", "-no-color"}, &l.Create},
		{[]string{"plan", "-input=false", "-no-color"}, &l.Refresh},
		{[]string{"destroy", "-auto-approve", "-refresh=false", "-input=false", "-no-color"}, &l.Delete},
	}
	for i, st := range steps {
		if err := e.ResetCalls(ctx); err != nil {
			return l, err
		}
		s, err := w.Run(ctx, st.args...)
		if err != nil {
			return l, err
		}
		*st.out = e.Calls()
		if i == 1 {
			l.EmptyPlan = strings.Contains(string(s.Output), "No changes.")
		}
	}
	return l, nil
}

// Compress writes a call sequence with repeats folded: "cs:ScaleOutCluster, cs:DescribeTaskInfo×5".
func Compress(calls []string) string {
	var parts []string
	for i := 0; i < len(calls); {
		j := i
		for j < len(calls) && calls[j] == calls[i] {
			j++
		}
		name := calls[i][strings.Index(calls[i], ":")+1:]
		if j-i > 1 {
			name += fmt.Sprintf("×%d", j-i)
		}
		parts = append(parts, name)
		i = j
	}
	return strings.Join(parts, ", ")
}

// StatusReads counts the calls after the first call of a mutating action (Create*, Add*, ScaleOut*,
// Delete*), other than that action itself: the waits' polls and any read that follows them.
func StatusReads(calls []string) (mutation string, reads int) {
	for i, c := range calls {
		a := c[strings.Index(c, ":")+1:]
		for _, p := range []string{"Create", "Add", "ScaleOut", "Delete", "Remove"} {
			if strings.HasPrefix(a, p) {
				for _, r := range calls[i+1:] {
					if r != c {
						reads++
					}
				}
				return a, reads
			}
		}
	}
	return "", 0
}

// ApplyResult is one timed apply (or destroy) of many resources at once.
type ApplyResult struct {
	Resources int
	Wall      time.Duration // the whole terraform command (its plan included)
	Phase     time.Duration // first apply_start to last apply_complete
	// Elapsed is each resource's apply_start to apply_complete, sorted; ByType the same per resource type.
	Elapsed []time.Duration
	ByType  map[string][]time.Duration
	Calls   int
}

// RunApply runs terraform with args (an apply or destroy with -json) and reads per-resource timings from its
// machine-readable output.
func RunApply(ctx context.Context, w *Workspace, e *Emulator, args ...string) (ApplyResult, error) {
	r := ApplyResult{ByType: map[string][]time.Duration{}}
	if err := e.ResetCalls(ctx); err != nil {
		return r, err
	}
	s, err := w.Run(ctx, args...)
	r.Wall = s.Wall
	if err != nil {
		return r, err
	}
	r.Calls = len(e.Calls())
	starts := map[string]time.Time{}
	var first, last time.Time
	for _, line := range strings.Split(string(s.Output), "\n") {
		var m struct {
			Type string    `json:"type"`
			At   time.Time `json:"@timestamp"`
			Hook struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
			} `json:"hook"`
		}
		if json.Unmarshal([]byte(line), &m) != nil {
			continue
		}
		addr := m.Hook.Resource.Addr
		switch m.Type {
		case "apply_start":
			starts[addr] = m.At
			if first.IsZero() || m.At.Before(first) {
				first = m.At
			}
		case "apply_complete":
			if st, ok := starts[addr]; ok {
				r.Elapsed = append(r.Elapsed, m.At.Sub(st))
				typ, _, _ := strings.Cut(addr, ".")
				r.ByType[typ] = append(r.ByType[typ], m.At.Sub(st))
			}
			if m.At.After(last) {
				last = m.At
			}
		}
	}
	r.Resources = len(r.Elapsed)
	r.Phase = last.Sub(first)
	sort.Slice(r.Elapsed, func(i, j int) bool { return r.Elapsed[i] < r.Elapsed[j] })
	for _, ds := range r.ByType {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	}
	return r, nil
}

// Percentile of sorted durations (p in 0..100).
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}
