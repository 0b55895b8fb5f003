package client

import (
	"math/rand/v2"
	"time"
)

// Backoff shapes the pause between retries of one call: exponential with full jitter, capped, and never
// shorter than the server's own retry hint.
type Backoff struct {
	Base time.Duration // first pause (default 200ms)
	Max  time.Duration // longest pause (default 10s)
}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = 200 * time.Millisecond
	}
	if b.Max <= 0 {
		b.Max = 10 * time.Second
	}
	return b
}

// maxHint bounds a server's retry hint: a read has no deadline of its own, so an absurd TimeLeft (a gateway
// bug, a misread header) would otherwise stall it for as long as the hint says.
const maxHint = time.Minute

// delay is the pause before retry number attempt+1. Jitter spreads retries of parallel resources so that a
// throttled burst does not come back as one burst.
func (b Backoff) delay(attempt int, hint time.Duration) time.Duration {
	hint = min(hint, maxHint)
	d := b.Base
	for i := 0; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	// Jitter in [d/2, d].
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	if hint > d {
		d = hint + time.Duration(rand.Int64N(int64(hint/10)+1))
	}
	return d
}
