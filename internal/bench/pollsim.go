package bench

import (
	"math"
	"sort"
	"time"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
)

// PollPolicy is a named status-polling schedule: this provider's (client.PollConfig), or a peer's.
type PollPolicy struct {
	Name     string
	Schedule func(horizon time.Duration) []time.Duration
}

// ClientPolicy is a client.PollConfig as a PollPolicy.
func ClientPolicy(name string, p client.PollConfig) PollPolicy {
	return PollPolicy{Name: name, Schedule: p.Schedule}
}

// FixedPolicy polls every interval after a first delay: the official alicloud provider's E-HPC cluster
// (30 s) and, with a 10-minute first delay, its edge scale-out.
func FixedPolicy(name string, first, every time.Duration) PollPolicy {
	return PollPolicy{Name: name, Schedule: func(horizon time.Duration) []time.Duration {
		var out []time.Duration
		for at := first; ; at += every {
			out = append(out, at)
			if at >= horizon {
				return out
			}
		}
	}}
}

// LagStats is the detection lag of a polling policy for resources whose ready time is spread uniformly
// over [T·(1-Spread), T·(1+Spread)].
type LagStats struct {
	T        time.Duration
	P50, P95 time.Duration
	Max      time.Duration
	// Polls is the number of status reads a resource ready at exactly T needs (the poll that sees it included).
	Polls int
	// Bound is 1 + ⌈log2(T/t0)⌉ for the first-poll delay t0 the caller gave.
	Bound int
	// Goal is max(2 s, 10% of T).
	Goal time.Duration
	// Within is the share of ready times R detected within max(2 s, 10% of R).
	Within float64
}

// Spread is the relative spread of ready times around T in SimulateLag.
const Spread = 0.25

// SimulateLag computes LagStats of a policy from its schedule alone, for 2,001 ready times.
func SimulateLag(p PollPolicy, prov, t0 time.Duration) LagStats {
	const samples = 2001
	lo, hi := time.Duration(float64(prov)*(1-Spread)), time.Duration(float64(prov)*(1+Spread))
	sched := p.Schedule(hi)
	firstAtOrAfter := func(r time.Duration) time.Duration {
		i := sort.Search(len(sched), func(i int) bool { return sched[i] >= r })
		return sched[i]
	}
	lags := make([]time.Duration, samples)
	within := 0
	for i := range lags {
		r := lo + time.Duration(float64(hi-lo)*float64(i)/float64(samples-1))
		lags[i] = firstAtOrAfter(r) - r
		if lags[i] <= max(2*time.Second, r/10) {
			within++
		}
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	s := LagStats{T: prov, P50: lags[samples/2], P95: lags[samples*95/100], Max: lags[samples-1], Goal: max(2*time.Second, prov/10),
		Within: float64(within) / samples}
	s.Polls = sort.Search(len(sched), func(i int) bool { return sched[i] >= prov }) + 1
	s.Bound = PollBound(prov, t0)
	return s
}

// PollBound is the bound on status polls: 1 + ⌈log2(T/t0)⌉.
func PollBound(prov, t0 time.Duration) int {
	if prov <= t0 {
		return 1
	}
	return 1 + int(math.Ceil(math.Log2(float64(prov)/float64(t0))))
}

// LagHorizons are the provisioning times the simulated-time analysis covers: seconds to an hour.
var LagHorizons = []time.Duration{5 * time.Second, time.Minute, 10 * time.Minute, time.Hour}
