package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// 6. terraform plan (with refresh) of n E-HPC clusters with q inline queues each, every API request delayed.
// baseline, when set, is the wall time of the first row measured before (the README's "before"): the table
// then shows the ratio against it.
func refreshBench(ctx context.Context, h *bench.Harness, n, q int, delay time.Duration, rounds int, baseline time.Duration) error {
	schema, err := bench.ResourceAttributes(ctx, bench.EHPCClusterType)
	if err != nil {
		return err
	}
	parts, err := bench.RefreshAttributes(schema)
	if err != nil {
		return err
	}
	fmt.Printf("## 6. E-HPC cluster refresh: `terraform plan` (with refresh) of %d clusters with %d queues each, %s added to every API request, median of %d alternating runs\n\n",
		n, q, delay, rounds)
	setups := []struct {
		label string
		rate  float64
		delay time.Duration
	}{
		{fmt.Sprintf("%s per request, provider defaults (rate limit %g requests/s)", delay, client.DefaultRateLimit), -1, delay},
		{fmt.Sprintf("%s per request, max_requests_per_second = 0 (limit off)", delay), 0, delay},
		{"no added delay, limit off (terraform and provider alone)", 0, 0},
	}
	ws := make([]*bench.RefreshWorkspace, 0, len(setups))
	defer func() {
		for _, w := range ws {
			w.Close()
		}
	}()
	for _, s := range setups {
		w, err := h.ApplyRefresh(ctx, fmt.Sprintf("refresh-%d", len(ws)), bench.RefreshSetup{Clusters: n, Queues: q, Delay: s.delay, RateLimit: s.rate, Parts: parts})
		if err != nil {
			return err
		}
		ws = append(ws, w)
		if _, err := w.Plan(ctx); err != nil { // warm-up
			return err
		}
	}
	samples := make([][]bench.RefreshSample, len(setups))
	for r := 0; r < max(rounds, 1); r++ {
		for i, w := range ws {
			s, err := w.Plan(ctx)
			if err != nil {
				return err
			}
			samples[i] = append(samples[i], s)
		}
	}
	goalCalls := 6 + float64(q)
	fmt.Printf("| setup | median wall (min–max) | median CPU | wall vs before | API calls per cluster (goal ≤ 6 + %d) | by action, per cluster | plan |\n", q)
	fmt.Println("|---|---|---|---|---|---|---|")
	for i, s := range setups {
		walls := make([]time.Duration, len(samples[i]))
		cpus := make([]time.Duration, len(samples[i]))
		empty := true
		for j, x := range samples[i] {
			walls[j], cpus[j] = x.Wall, x.CPU
			empty = empty && x.NoChanges
		}
		last := samples[i][len(samples[i])-1]
		by, per := bench.PerCluster(last.Calls, n)
		plan := "no changes"
		if !empty {
			plan = "changes"
		}
		slices.Sort(walls)
		lo, hi := walls[0], walls[len(walls)-1]
		vs := "–"
		if baseline > 0 && i == 0 {
			vs = ratio(bench.Median(walls), baseline) + " (goal ≤ 2×)"
		}
		mark := "✓"
		if per > goalCalls {
			mark = "✗"
		}
		fmt.Printf("| %s | %s (%s–%s) | %s | %s | %s %s | %s | %s |\n", s.label, ms(bench.Median(walls)), ms(lo), ms(hi),
			ms(bench.Median(cpus)), vs, trim(per), mark, by, plan)
	}
	fmt.Printf("\nConfigured per cluster: %s. The delay is the emulator's \"slow\" fault at rate 1 (before the handler, "+
		"outside its state lock, so concurrent requests overlap); terraform runs at its default -parallelism=10. "+
		"Calls: the emulator's /_emulator/stats delta across one plan.\n\n", strings.Join(described(parts, q), ", "))
	return nil
}

func trim(f float64) string {
	s := strings.TrimRight(fmt.Sprintf("%.2f", f), "0")
	return strings.TrimSuffix(s, ".")
}

func described(parts []string, q int) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if p == "queues" {
			out[i] = fmt.Sprintf("%d queues", q)
		} else {
			out[i] = "1 of " + p
		}
	}
	return out
}
