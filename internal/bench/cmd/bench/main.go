// Command bench measures the provider side by side with its floors and prints one Markdown table per
// benchmark of issue 7 (`make bench`): plan cost, start-up, API calls per lifecycle, apply wall time and
// detection lag, emulator throughput and memory. Runs of different kinds alternate so that drift in the
// machine's load affects all alike; medians are reported. Run it from the repository root.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/bench"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

func main() {
	sections := flag.String("sections", "1,2,3,4,5,6", "comma-separated benchmarks to run (1 plan, 2 start-up, 3 API calls, 4 apply and lag, 5 emulator, 6 refresh of clusters with queues)")
	rounds := flag.Int("rounds", 7, "alternating rounds of each plan measurement")
	n := flag.Int("resources", 100, "resources per plan and apply configuration (a multiple of 4)")
	startups := flag.Int("startups", 9, "provider start-ups measured")
	lifeLatency := flag.Duration("lifecycle-latency", 8*time.Second, "emulator provisioning time T for the API-call count")
	lifeT0 := flag.Duration("lifecycle-t0", time.Second, "first-poll delay t0 for the API-call count (the provider default is 1s)")
	applyLatency := flag.Duration("apply-latency", 2*time.Second, "emulator provisioning time L for the apply benchmark")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism for the apply benchmark")
	store := flag.Int("store", 10000, "objects stored for the emulator memory measurement")
	refreshClusters := flag.Int("refresh-clusters", 25, "E-HPC clusters refreshed by the refresh benchmark")
	refreshQueues := flag.Int("refresh-queues", 4, "queues each cluster owns in the refresh benchmark")
	refreshDelay := flag.Duration("refresh-delay", 50*time.Millisecond, "delay added to every API request in the refresh benchmark")
	refreshRounds := flag.Int("refresh-rounds", 5, "plans timed per configuration in the refresh benchmark")
	refreshBaseline := flag.String("refresh-baseline", "", "source tree of a build to compare the refresh with (e.g. `git archive main` unpacked); empty: none")
	flag.Parse()
	ctx := context.Background()
	want := map[string]bool{}
	for _, s := range strings.Split(*sections, ",") {
		want[strings.TrimSpace(s)] = true
	}

	if err := runAll(ctx, want, func(ctx context.Context, h *bench.Harness, root string) []section {
		return []section{
			{"1", func() error { return planBench(ctx, h, *n, *rounds) }},
			{"2", func() error { return startupBench(ctx, h, *startups) }},
			{"3", func() error { return lifecycleBench(ctx, h, *lifeLatency, *lifeT0) }},
			{"4", func() error { return applyBench(ctx, h, *n, *parallelism, *applyLatency) }},
			{"5", func() error { return emulatorBench(ctx, root, *store) }},
			{"6", func() error {
				return refreshBench(ctx, h, *refreshBaseline, *refreshClusters, *refreshQueues, *refreshRounds, *refreshDelay)
			}},
		}
	}); err != nil {
		log.Fatal(err)
	}
}

type section struct {
	id  string
	run func() error
}

// runAll builds the harness in a scratch directory (removed at the end) and runs the wanted sections.
func runAll(ctx context.Context, want map[string]bool, sections func(context.Context, *bench.Harness, string) []section) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp("", "aliyun-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	h, err := bench.NewHarness(ctx, root, scratch)
	if err != nil {
		return err
	}
	fmt.Printf("# Benchmarks\n\n%s; %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(h))
	for _, s := range sections(ctx, h, root) {
		if !want[s.id] {
			continue
		}
		if err := s.run(); err != nil {
			return fmt.Errorf("benchmark %s: %w", s.id, err)
		}
	}
	return nil
}

func machine(h *bench.Harness) string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	tf := ""
	if out, err := exec.Command(h.Terraform, "version").Output(); err == nil {
		tf = strings.SplitN(string(out), "\n", 2)[0]
	}
	return fmt.Sprintf("%d CPU cores (%s), %s/%s, %s, %s", runtime.NumCPU(), cpu, runtime.GOOS, runtime.GOARCH, runtime.Version(), tf)
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	default:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

// 1. terraform plan of n resources against the floors.
func planBench(ctx context.Context, h *bench.Harness, n, rounds int) error {
	fmt.Printf("## 1. `terraform plan -refresh=false`, %d resources, median of %d alternating runs\n\n", n, rounds)
	wall := map[string][]time.Duration{}
	cpu := map[string][]time.Duration{}
	ws := map[string]*bench.Workspace{}
	for _, kind := range bench.Kinds {
		w, err := h.Workspace(kind, n)
		if err != nil {
			return err
		}
		ws[kind] = w
		if _, err := w.Plan(ctx); err != nil { // warm-up: page cache, plugin binaries
			return err
		}
	}
	for r := 0; r < rounds; r++ {
		for _, kind := range bench.Kinds {
			s, err := ws[kind].Plan(ctx)
			if err != nil {
				return err
			}
			wall[kind] = append(wall[kind], s.Wall)
			cpu[kind] = append(cpu[kind], s.CPU)
		}
	}
	med := func(m map[string][]time.Duration, k string) time.Duration { return bench.Median(m[k]) }
	fmt.Println("| configuration | median wall | per resource | median CPU (terraform + plugin) | wall vs terraform_data | wall vs framework floor | CPU vs framework floor | wall vs schema floor | CPU vs schema floor |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for _, kind := range bench.Kinds {
		mw, mc := med(wall, kind), med(cpu, kind)
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", kind, ms(mw), ms(mw/time.Duration(n)), ms(mc),
			ratio(mw, med(wall, bench.KindTerraformData)), ratio(mw, med(wall, bench.KindFloor)), ratio(mc, med(cpu, bench.KindFloor)),
			ratio(mw, med(wall, bench.KindMirror)), ratio(mc, med(cpu, bench.KindMirror)))
	}
	// Per type: which resource the time goes to.
	typeRounds := max(3, rounds/2)
	fmt.Printf("\n| %d resources of one type (median of %d alternating runs) | schema floor, SDK logs off | aliyun | per resource (aliyun) | aliyun vs schema floor (wall / CPU) |\n|---|---|---|---|---|\n", n, typeRounds)
	for _, typ := range bench.ResourceTypes {
		hcl := bench.AliyunConfigOf(typ, n)
		wm, err := h.WorkspaceHCL("type-mirror-"+typ, bench.ToMirror(hcl), bench.SDKLogsOff...)
		if err != nil {
			return err
		}
		wa, err := h.WorkspaceHCL("type-aliyun-"+typ, hcl)
		if err != nil {
			return err
		}
		var mw, mc, aw, ac []time.Duration
		for r := 0; r <= typeRounds; r++ {
			sm, err := wm.Plan(ctx)
			if err != nil {
				return err
			}
			sa, err := wa.Plan(ctx)
			if err != nil {
				return err
			}
			if r == 0 {
				continue // warm-up
			}
			mw, mc, aw, ac = append(mw, sm.Wall), append(mc, sm.CPU), append(aw, sa.Wall), append(ac, sa.CPU)
		}
		fmt.Printf("| %s | %s | %s | %s | %s / %s |\n", typ, ms(bench.Median(mw)), ms(bench.Median(aw)), ms(bench.Median(aw)/time.Duration(n)),
			ratio(bench.Median(aw), bench.Median(mw)), ratio(bench.Median(ac), bench.Median(mc)))
	}
	fmt.Printf("\nterraform_data: terraform alone. framework_floor: a do-nothing framework provider with one attribute. "+
		"schema_floor: a do-nothing framework provider serving this provider's four schemas without validators, plan "+
		"modifiers or defaults (the framework's cost for the schemas' size). aliyun: this provider, %d of each type.\n\n", n/4)
	return nil
}

// 2. Provider start-up, GetProviderSchema and peak RSS.
func startupBench(ctx context.Context, h *bench.Harness, count int) error {
	fmt.Printf("## 2. Provider start-up, GetProviderSchema, peak RSS (median of %d starts through the plugin handshake)\n\n", count)
	fmt.Println("| binary | start-up (exec → handshake) | first GetProviderSchema | second call | start-up + schema | schema size | peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, name := range []string{"terraform-provider-aliyun", "terraform-provider-floor"} {
		var hs, sc, sc2, tot, rss []time.Duration
		size := 0
		for i := 0; i < count; i++ {
			s, err := bench.ProbeStartup(ctx, filepath.Join(h.BinDir, name))
			if err != nil {
				return err
			}
			hs, sc, sc2, tot = append(hs, s.Handshake), append(sc, s.Schema), append(sc2, s.SchemaAgain), append(tot, s.Total())
			rss = append(rss, time.Duration(s.MaxRSS)) // a byte count; Median only sorts
			size = s.SchemaBytes
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %.1f KiB | %.1f MB |\n", name, ms(bench.Median(hs)), ms(bench.Median(sc)),
			ms(bench.Median(sc2)), ms(bench.Median(tot)), float64(size)/1024, float64(bench.Median(rss))/1e6)
	}
	fmt.Println("\nGoal: schema < 50 ms, RSS < 40 MB. Peak RSS is getrusage's ru_maxrss of the provider process after both calls.")
	fmt.Println()
	return nil
}

// 3. API calls per resource lifecycle.
func lifecycleBench(ctx context.Context, h *bench.Harness, prov, t0 time.Duration) error {
	fmt.Printf("## 3. API calls per resource lifecycle (emulator provisioning time T = %s, first poll t0 = %s)\n\n", prov, t0)
	e, err := bench.StartEmulator(prov)
	if err != nil {
		return err
	}
	defer e.Close()
	f, err := e.NewFixture(ctx, 1)
	if err != nil {
		return err
	}
	sched := client.PollConfig{InitialDelay: t0}.Schedule(prov)
	expected := len(sched)
	bound := bench.PollBound(prov, t0)
	fmt.Println("| resource | apply: calls | status reads after the mutation (schedule: polls to T) | bound 1+⌈log2(T/t0)⌉ | plan (refresh): calls | destroy: calls | delete status reads | total |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	var notes []string
	for _, typ := range bench.ResourceTypes {
		l, err := h.RunLifecycle(ctx, e, typ, f, t0)
		if err != nil {
			return err
		}
		_, createReads := bench.StatusReads(l.Create)
		_, deleteReads := bench.StatusReads(l.Delete)
		total := len(l.Create) + len(l.Refresh) + len(l.Delete)
		fmt.Printf("| %s | %s | %d (%d) | %d | %s | %s | %d | %d |\n", typ, bench.Compress(l.Create), createReads, expected, bound,
			bench.Compress(l.Refresh), bench.Compress(l.Delete), deleteReads, total)
		if !l.EmptyPlan {
			notes = append(notes, typ+": the plan after apply was not empty")
		}
		if poll, k := mostCalled(l.Create); k > expected {
			notes = append(notes, fmt.Sprintf("%s: %s called %d times after the create where the poll schedule needs %d: "+
				"the wait's last answer is read again (one redundant read per create)", typ, poll, k, expected))
		}
		if extra := len(l.Refresh) - distinct(l.Refresh); extra > 0 {
			notes = append(notes, fmt.Sprintf("%s: the read repeats an API call %d time(s)", typ, extra))
		}
	}
	fmt.Printf("\nThe poll schedule (client.PollConfig, t0 = %s) reaches T = %s at poll %d; the issue's bound is %d. ", t0, prov, expected, bound)
	fmt.Println("A status read is any call after the mutating one (waits, and reads that follow them).")
	if len(notes) > 0 {
		fmt.Println("\nFlagged:")
		for _, n := range notes {
			fmt.Println("- " + n)
		}
	} else {
		fmt.Println("\nNo redundant read flagged.")
	}
	fmt.Println()
	return nil
}

// mostCalled is the action called most often (the wait's poll) and its count.
func mostCalled(calls []string) (string, int) {
	count := map[string]int{}
	best, n := "", 0
	for _, c := range calls {
		count[c]++
		if count[c] > n {
			best, n = c, count[c]
		}
	}
	return best, n
}

func distinct(ss []string) int {
	s := slices.Clone(ss)
	slices.Sort(s)
	return len(slices.Compact(s))
}

// 4. Apply of n resources at the given parallelism, and detection lag.
func applyBench(ctx context.Context, h *bench.Harness, n, parallelism int, latency time.Duration) error {
	waves := (n + parallelism - 1) / parallelism
	ideal := time.Duration(waves) * latency
	fmt.Printf("## 4. Apply of %d resources (%d of each type) at -parallelism=%d, emulator provisioning time L = %s (ideal %d·L = %s)\n\n",
		n, n/4, parallelism, latency, waves, ms(ideal))
	fmt.Println("| first-poll delay t0 | apply phase (first start → last complete) | vs ideal | whole `terraform apply` | lag p50 | lag p95 | API calls | destroy phase |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	var perType []string
	for _, t0 := range []time.Duration{0, latency / 10} {
		e, err := bench.StartEmulator(latency)
		if err != nil {
			return err
		}
		f, err := e.NewFixture(ctx, n/4)
		if err != nil {
			e.Close()
			return err
		}
		per := n / 4
		hcl := bench.AliyunConfigWith(map[string]int{
			"aliyun_ehpc_cluster": per, "aliyun_ehpc_existing_nodes": per, "aliyun_ack_edge_scale_out": per, "aliyun_batchcompute_cluster": per,
		}, f)
		label := "1 s (provider default)"
		if t0 > 0 {
			// Time scaled 1:10: polls 10 times as often, so the request budget scales too.
			hcl += fmt.Sprintf("\nprovider \"aliyun\" {\n  max_requests_per_second = %g\n}\n", 10*client.DefaultRateLimit)
			label = fmt.Sprintf("%s = L/10, rate limit ×10 (the run scaled 1:10 of L = %s with the defaults)", t0, 10*latency)
		}
		w, err := h.WorkspaceHCL(fmt.Sprintf("apply-%d", t0.Milliseconds()), hcl, e.ProviderEnv(t0)...)
		if err != nil {
			e.Close()
			return err
		}
		par := fmt.Sprintf("-parallelism=%d", parallelism)
		a, err := bench.RunApply(ctx, w, e, "apply", "-auto-approve", "-input=false", "-json", par)
		if err != nil {
			e.Close()
			return err
		}
		d, err := bench.RunApply(ctx, w, e, "destroy", "-auto-approve", "-input=false", "-json", par)
		e.Close()
		if err != nil {
			return err
		}
		lag := func(ds []time.Duration) []time.Duration {
			out := make([]time.Duration, len(ds))
			for i, el := range ds {
				out[i] = max(el-latency, 0)
			}
			return out
		}
		lags := lag(a.Elapsed)
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %d | %s |\n", label, ms(a.Phase), ratio(a.Phase, ideal), ms(a.Wall),
			ms(bench.Percentile(lags, 50)), ms(bench.Percentile(lags, 95)), a.Calls, ms(d.Phase))
		for _, typ := range bench.ResourceTypes {
			l := lag(a.ByType[typ])
			perType = append(perType, fmt.Sprintf("| %s | %s | %s | %s |", label, typ, ms(bench.Percentile(l, 50)), ms(bench.Percentile(l, 95))))
		}
	}
	fmt.Println("\n| first-poll delay t0 | resource | lag p50 | lag p95 |\n|---|---|---|---|")
	fmt.Println(strings.Join(perType, "\n"))
	fmt.Println("\nLag: each resource's time from apply_start to apply_complete (terraform -json) minus L: detection after the emulator marks it ready, plus the calls around the wait.")
	fmt.Println()

	fmt.Printf("### Detection lag in simulated time (ready times uniform in T ± %.0f%%)\n\n", bench.Spread*100)
	policies := []struct {
		p  bench.PollPolicy
		t0 time.Duration
	}{
		{bench.ClientPolicy("this provider: 1 s, ×1.08, cap 5 min", client.PollConfig{}), time.Second},
		{bench.ClientPolicy("previous default: 0.5 s, ×1.5, cap 15 s", client.PollConfig{InitialDelay: 500 * time.Millisecond, Factor: 1.5, MaxInterval: 15 * time.Second}), 500 * time.Millisecond},
		{bench.ClientPolicy("doubling: 1 s, ×2, no cap", client.PollConfig{InitialDelay: time.Second, Factor: 2, MaxInterval: 24 * time.Hour}), time.Second},
		{bench.FixedPolicy("official E-HPC cluster: every 30 s", 30*time.Second, 30*time.Second), 30 * time.Second},
		{bench.FixedPolicy("official edge: first poll at 10 min, then every 10 s", 10*time.Minute, 10*time.Second), 10 * time.Minute},
	}
	fmt.Println("| policy | T | lag p50 | lag p95 | goal max(2 s, 10% T) | ready within max(2 s, 10% R) | polls to T | bound 1+⌈log2(T/t0)⌉ |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, p := range policies {
		for _, prov := range bench.LagHorizons {
			s := bench.SimulateLag(p.p, prov, p.t0)
			ok := "✓"
			if s.P95 > s.Goal {
				ok = "✗"
			}
			fmt.Printf("| %s | %s | %s | %s %s | %s | %.0f%% | %d | %d |\n", p.p.Name, prov, ms(s.P50), ms(s.P95), ok, ms(s.Goal), s.Within*100, s.Polls, s.Bound)
		}
	}
	fmt.Println()
	return nil
}

// 5. Emulator throughput and memory.
func emulatorBench(ctx context.Context, root string, store int) error {
	fmt.Println("## 5. Emulator: signed-request throughput on one core, memory with many stored objects")
	fmt.Println()
	ts, err := bench.RunThroughput(ctx, root, 5)
	if err != nil {
		return err
	}
	fmt.Println("| benchmark (`go test ./internal/emulator/core -bench Signed -cpu 1`, median of 5) | requests/s | µs/request | allocs/request |")
	fmt.Println("|---|---|---|---|")
	for _, t := range ts {
		fmt.Printf("| %s | %.0f | %.1f | %.0f |\n", t.Name, t.ReqPerSec, t.NsPerOp/1000, t.AllocsPerOp)
	}
	res, err := bench.MeasureStore(ctx, store)
	if err != nil {
		return err
	}
	total := 0
	var kinds []string
	for k, v := range res.Objects {
		total += v
		kinds = append(kinds, fmt.Sprintf("%d %s", v, k))
	}
	slices.Sort(kinds)
	fmt.Printf("\n| stored objects | heap in use | per object | state document |\n|---|---|---|---|\n| %d | %.1f MB | %.2f KB | %.1f MB |\n",
		total, float64(res.HeapBytes)/1e6, float64(res.HeapBytes)/float64(total)/1e3, float64(res.StateJSON)/1e6)
	fmt.Printf("\nObjects: %s. Heap: runtime.MemStats.HeapInuse after GC, minus the same before the emulator started.\n\n", strings.Join(kinds, ", "))
	fmt.Println("| signed read through the provider's client (mean of 300) | nearly empty store | 10,000 objects stored |")
	fmt.Println("|---|---|---|")
	for _, k := range []string{"ehpc:GetCluster", "cs:DescribeClusterDetail", "batchcompute:GetCluster"} {
		fmt.Printf("| %s | %s | %s |\n", k, ms(res.ReadsEmpty[k]), ms(res.ReadsFull[k]))
	}
	fmt.Println()
	return nil
}

// 6. terraform plan (with refresh) of n E-HPC clusters owning q queues each, every API request delayed.
func refreshBench(ctx context.Context, h *bench.Harness, baselineSrc string, n, q, rounds int, delay time.Duration) error {
	fmt.Printf("## 6. `terraform plan` with refresh of %d E-HPC clusters, %s added to every API request, median of %d plans\n\n", n, ms(delay), rounds)
	e, err := bench.StartEmulator(300 * time.Millisecond)
	if err != nil {
		return err
	}
	defer e.Close()
	type run struct {
		label               string
		h                   *bench.Harness
		queues              int
		detailed, unlimited bool
	}
	runs := []run{
		{"this build, `queues` not set (lists not owned: GetCluster ‖ ListClusters)", h, -1, false, false},
		{fmt.Sprintf("this build, %d queues owned per cluster (ListQueues has every attribute they set)", q), h, q, false, false},
		{fmt.Sprintf("this build, %d queues owned per cluster, each with a hostname prefix (GetQueue for each)", q), h, q, true, false},
		{fmt.Sprintf("this build, %d queues with a hostname prefix, rate limit off", q), h, q, true, true},
	}
	if baselineSrc != "" {
		b, err := h.Baseline(ctx, baselineSrc)
		if err != nil {
			return err
		}
		runs = append([]run{{fmt.Sprintf("baseline build, %d queues configured (not read back: GetCluster, then ListClusters)", q), b, q, false, false}}, runs...)
		runs = append(runs, run{"baseline build, rate limit off", b, q, false, true})
	}
	fmt.Println("| provider and configuration | median wall | vs first row | API calls per cluster | calls |")
	fmt.Println("|---|---|---|---|---|")
	var first time.Duration
	for i, r := range runs {
		samples, err := r.h.RefreshPlans(ctx, e, fmt.Sprintf("%d", i), n, r.queues, r.detailed, r.unlimited, rounds, delay)
		if err != nil {
			return err
		}
		walls := make([]time.Duration, 0, len(samples))
		for _, s := range samples {
			walls = append(walls, s.Wall)
		}
		med := bench.Median(walls)
		if i == 0 {
			first = med
		}
		calls := samples[len(samples)-1].Calls
		fmt.Printf("| %s | %s | %s | %.1f | %s |\n", r.label, ms(med), ratio(med, first), float64(len(calls))/float64(n), bench.Compress(sortedCalls(calls)))
	}
	fmt.Printf("\nGoal: wall ≤ 2× the baseline's, API calls per cluster ≤ 6 + queues (%d). The provider's client-side rate "+
		"limit (default 20 requests per second, shared by every resource) bounds a refresh by calls, not by latency.\n\n", 6+q)
	return nil
}

// sortedCalls orders calls by action so that Compress counts each once ("ehpc:GetQueue×100").
func sortedCalls(calls []string) []string {
	s := slices.Clone(calls)
	slices.Sort(s)
	return s
}
