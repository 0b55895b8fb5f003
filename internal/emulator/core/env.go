package core

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Clock tells the emulator's time. Tests can replace it to move time by hand.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current UTC time.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a Clock that moves only when told: the one clock the emulator's tests use to make
// asynchronous work finish without sleeping. It is safe for concurrent use (a test may move it while an
// in-process server reads it).
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a ManualClock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Env is what handlers share: the clock, how long asynchronous work takes, the region, and a seeded random
// source for ids. Handlers run under the server's lock, so Env needs no locking of its own.
type Env struct {
	Clock Clock
	// Latency is how long asynchronous work (provisioning, tasks, node joins, deletion) takes end to end.
	// Products split it into their documented phases.
	Latency time.Duration
	Region  string
	rnd     *rand.Rand
}

// NewEnv builds an Env. seed makes ids reproducible.
func NewEnv(clock Clock, latency time.Duration, region string, seed int64) *Env {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Env{Clock: clock, Latency: latency, Region: region, rnd: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))}
}

// Now is the clock's time.
func (e *Env) Now() time.Time { return e.Clock.Now() }

// Phase returns the instant at which the fraction (0..1) of the latency after start has passed; products use
// it to place the documented intermediate states (creating → initing → running).
func (e *Env) Phase(start time.Time, fraction float64) time.Time {
	return start.Add(time.Duration(float64(e.Latency) * fraction))
}

const (
	alnum      = "abcdefghijklmnopqrstuvwxyz0123456789"
	alnumMixed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hexLower   = "0123456789abcdef"
)

func (e *Env) pick(set string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(set[e.rnd.IntN(len(set))])
	}
	return b.String()
}

// RandomAlnum returns n random lower-case letters and digits.
func (e *Env) RandomAlnum(n int) string { return e.pick(alnum, n) }

// RandomMixed returns n random letters (both cases) and digits.
func (e *Env) RandomMixed(n int) string { return e.pick(alnumMixed, n) }

// RandomHex returns n random lower-case hex digits.
func (e *Env) RandomHex(n int) string { return e.pick(hexLower, n) }

// RandomInt returns a random int in [0, n).
func (e *Env) RandomInt(n int) int { return e.rnd.IntN(n) }

// UUID returns an upper-case UUID-shaped id, as Alibaba request and task ids are.
func (e *Env) UUID() string {
	h := strings.ToUpper(e.RandomHex(32))
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// RegionAbbrev is the short region form some products put in their ids (cn-hangzhou → hz).
func (e *Env) RegionAbbrev() string {
	known := map[string]string{
		"cn-hangzhou": "hz", "cn-shanghai": "sh", "cn-beijing": "bj", "cn-shenzhen": "sz", "cn-qingdao": "qd",
		"cn-zhangjiakou": "zjk", "cn-huhehaote": "hhht", "cn-wulanchabu": "wlcb", "cn-chengdu": "cd",
		"cn-hongkong": "hk", "ap-southeast-1": "sg",
	}
	if a, ok := known[e.Region]; ok {
		return a
	}
	parts := strings.Split(e.Region, "-")
	return parts[len(parts)-1]
}
